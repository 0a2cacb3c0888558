"""A bad value gets a clear re-prompt of the same question; good values in many shapes are understood."""

from __future__ import annotations

import pytest


async def _at_phone(c):
    await c.command("start")
    await c.say("水壶坏了")
    await c.say("张三")


@pytest.mark.parametrize("bad", ["12345", "phone", "+44 7700 900123", "1" * 40])
async def test_a_bad_phone_is_asked_again_with_the_accepted_formats(customer, bad):
    await _at_phone(customer)
    reply = await customer.say(bad)
    assert "号码好像不对" in reply.text and await customer.step() == "phone"


@pytest.mark.parametrize(
    ("good", "stored"),
    [
        ("13812345678", "+8613812345678"),
        ("021-62345678", "+862162345678"),
        ("+1 650-253-0000", "+16502530000"),
        ("我的电话是13812345678", "+8613812345678"),
    ],
)
async def test_mobile_landline_and_international_numbers_are_accepted(customer, good, stored):
    await _at_phone(customer)
    await customer.say(good)
    session = await customer.session()
    assert session.draft["phone"] == stored and session.step == "reference"


async def test_an_empty_name_is_asked_again(customer):
    await customer.command("start")
    await customer.say("水壶坏了")
    reply = await customer.say("   ")
    assert "称呼" in reply.text and await customer.step() == "customer_name"


async def _at_date(c):
    await _at_phone(c)
    await c.say("13812345678")
    await c.tap("sk:reference")


@pytest.mark.parametrize(("text", "stored"), [("2026-11-01", "2026-11-01"), ("11月1日", "2026-11-01")])
async def test_purchase_dates_in_common_shapes_are_understood(customer, text, stored):
    await _at_date(customer)
    await customer.say(text)
    assert (await customer.session()).draft["purchase_date"] == stored


@pytest.mark.parametrize(
    ("text", "says"), [("2027-01-01", "不能晚于今天"), ("不知道", "没看懂"), ("1990-01-01", "太久远")]
)
async def test_future_unreadable_and_ancient_dates_are_refused(customer, text, says):
    await _at_date(customer)
    reply = await customer.say(text)
    assert says in reply.text and await customer.step() == "purchase_date"


async def test_demand_can_be_typed_instead_of_tapped(customer):
    await _at_date(customer)
    await customer.tap("sk:purchase_date")
    reply = await customer.say("随便")
    assert "请点选" in reply.text
    await customer.say("我要换货")
    assert (await customer.session()).draft["demand"] == "exchange"


@pytest.mark.parametrize(
    ("text", "stored"), [("299", "299.00"), ("¥1,299.50", "1299.50"), ("三百元", "300.00")]
)
async def test_amounts_in_digits_or_chinese_numerals_are_understood(customer, text, stored):
    await _at_date(customer)
    await customer.tap("sk:purchase_date")
    await customer.tap("dm:repair")
    await customer.say(text)
    assert (await customer.session()).draft["amount"] == stored


async def test_a_bad_amount_is_asked_again(customer):
    await _at_date(customer)
    await customer.tap("sk:purchase_date")
    await customer.tap("dm:repair")
    reply = await customer.say("很多钱")
    assert "金额数字" in reply.text and await customer.step() == "amount"


async def test_a_skip_button_of_an_earlier_question_does_not_skip_the_current_one(customer):
    await _at_date(customer)
    reply = await customer.tap("sk:reference")
    assert "失效" in reply.text and await customer.step() == "purchase_date"
