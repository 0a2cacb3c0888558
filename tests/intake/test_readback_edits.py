"""Every edit button of the read-back asks that one field again and returns to the read-back."""

from __future__ import annotations

import pytest
from intake_script import button_data, walk_to_readback

from models.ticket import Ticket

EDITS = [
    ("ed:customer_name", "怎么称呼", ("say", "王五"), "王五"),
    ("ed:phone", "联系电话", ("say", "13987654321"), "13987654321"),
    ("ed:reference", "订单号", ("say", "VIP-8888"), "VIP-8888"),
    ("ed:purchase_date", "购买", ("say", "2026-10-01"), "2026-10-01"),
    ("ed:demand", "怎么处理", ("tap", "dm:compensation"), "赔偿"),
    ("ed:amount", "金额", ("say", "88"), "88"),
    ("ed:complaint_type", "投诉类型", ("tap", "ty:service"), "服务"),
    ("ed:description", "描述", ("say", "水壶外壳裂开"), "水壶外壳裂开"),
]


@pytest.mark.parametrize(("edit", "asks", "answer", "shown"), EDITS, ids=[e[0] for e in EDITS])
async def test_editing_a_field_returns_to_the_readback_with_the_new_value(
    customer, edit, asks, answer, shown
):
    await walk_to_readback(customer)
    assert asks in (await customer.tap(edit)).text
    how, value = answer
    reply = await (customer.say(value) if how == "say" else customer.tap(value))
    assert "请核对" in reply.text and shown in reply.text
    assert await customer.step() == "review"


async def test_skipping_an_optional_field_while_editing_clears_it(customer):
    await walk_to_readback(customer)
    await customer.tap("ed:amount")
    reply = await customer.tap("sk:amount")
    assert "涉及金额：（未填）" in reply.text


async def test_editing_photos_starts_the_photo_list_again(customer):
    await walk_to_readback(customer)
    await customer.tap("ed:photos")
    await customer.photo("AgAD-new", path="x.jpg")
    reply = await customer.tap("sk:photos")
    assert "照片：1 张" in reply.text


async def test_an_invalid_value_while_editing_is_asked_again_then_returns(customer):
    await walk_to_readback(customer)
    await customer.tap("ed:phone")
    assert "号码好像不对" in (await customer.say("123")).text
    assert "请核对" in (await customer.say("13987654321")).text


async def test_only_the_confirmed_record_is_filed(customer):
    await walk_to_readback(customer)
    await customer.tap("ed:customer_name")
    await customer.say("王五")
    await customer.tap(await customer.confirm_button())
    assert (await Ticket.get()).customer_name == "王五"


async def test_text_typed_at_the_readback_is_kept_in_the_description(customer):
    await walk_to_readback(customer)
    reply = await customer.say("补充：插头也发烫")
    assert "插头也发烫" in reply.text and button_data(reply)[0].startswith("ok:")
