"""The happy path: from the customer's own words to a confirmed ticket, one question at a time."""

from __future__ import annotations

from decimal import Decimal

from intake_script import FULL_STORY, button_data, walk_to_readback

from models.enums import Category, Demand, EventKind, Severity
from models.event import TicketEvent
from models.ticket import Ticket


async def test_start_greets_and_asks_for_the_story_first(customer):
    reply = await customer.command("start")
    assert "客诉服务台" in reply.text and "请用自己的话描述" in reply.text
    assert await customer.step() == "describe"


async def test_each_missing_field_is_asked_in_turn(customer):
    await customer.command("start")
    assert "怎么称呼" in (await customer.say(FULL_STORY)).text
    assert "联系电话" in (await customer.say("张三")).text
    reply = await customer.say("13812345678")
    assert "订单号" in reply.text and button_data(reply) == ["sk:reference"]
    reply = await customer.say("DD1")
    assert "购买" in reply.text and button_data(reply) == ["sk:purchase_date"]
    reply = await customer.tap("sk:purchase_date")
    assert "怎么处理" in reply.text and "dm:return" in button_data(reply)
    reply = await customer.tap("dm:repair")
    assert "金额" in reply.text
    reply = await customer.tap("sk:amount")
    assert "照片" in reply.text and button_data(reply) == ["sk:photos"]
    reply = await customer.tap("sk:photos")
    assert "请核对" in reply.text and await customer.step() == "review"


async def test_readback_shows_the_whole_record_with_confirm_and_edit_buttons(customer):
    reply = await walk_to_readback(customer)
    for shown in ("张三", "13812345678", "DD20261101234", "2026-11-01", "退货", "299", "商品", "漏电"):
        assert shown in reply.text
    data = button_data(reply)
    assert data[0].startswith("ok:")
    assert {
        "ed:description",
        "ed:customer_name",
        "ed:phone",
        "ed:reference",
        "ed:purchase_date",
        "ed:demand",
        "ed:amount",
        "ed:photos",
        "ed:complaint_type",
    } <= set(data)


async def test_confirming_files_one_ticket_with_number_and_first_contact_time(customer, clock):
    await walk_to_readback(customer)
    reply = await customer.tap(await customer.confirm_button())
    ticket = await Ticket.get()
    assert ticket.number in reply.text and "2026-11-16 10:10" in reply.text  # severity A: 10 minutes
    assert (ticket.customer_name, ticket.phone, ticket.reference) == (
        "张三",
        "+8613812345678",
        "DD20261101234",
    )
    assert ticket.demand == Demand.RETURN and ticket.amount == Decimal("299.00")
    assert ticket.category == Category.PRODUCT_QUALITY and ticket.severity == Severity.A
    assert ticket.suggestion["keywords"] and ticket.chat_id == "1001"
    assert await TicketEvent.filter(ticket=ticket, kind=EventKind.CREATED).count() == 1
    session = await customer.session()
    assert session.step == "idle" and session.active_ticket_id == ticket.id


async def test_facts_in_the_first_message_are_prefilled_and_not_asked_again(customer):
    await customer.command("start")
    reply = await customer.say("订单号 DD20261101234 的水壶坏了，花了299元，我要退货，电话13812345678")
    assert "已从您的描述中记下" in reply.text and "怎么称呼" in reply.text
    reply = await customer.say("李四")
    assert "购买" in reply.text  # phone and order number were skipped
    reply = await customer.tap("sk:purchase_date")
    assert "照片" in reply.text  # demand and amount were skipped too
    reply = await customer.tap("sk:photos")
    assert "退货" in reply.text and "299" in reply.text and "DD20261101234" in reply.text


async def test_a_returning_customer_is_not_asked_name_and_phone_again(customer):
    await walk_to_readback(customer)
    await customer.tap(await customer.confirm_button())
    await customer.command("new")
    reply = await customer.say("快递三天还没送到，客服态度也很差")
    assert "怎么称呼" not in reply.text and "订单号" in reply.text


async def test_text_without_a_draft_and_without_tickets_starts_a_complaint(customer):
    reply = await customer.say("门店的空调坏了，热得受不了")
    assert "怎么称呼" in reply.text and await customer.step() == "customer_name"


async def test_english_customers_get_english_questions(customer):
    customer.language = "en-GB"
    reply = await customer.command("start")
    assert "complaints desk" in reply.text
    await customer.say("The kettle leaks electricity")
    reply = await customer.say("John Smith")
    assert "phone number" in reply.text
