"""After filing: messages go to the ticket thread, /status, /new, /cancel, /help, /lang, /link."""

from __future__ import annotations

from intake_script import button_data, walk_to_readback

from models.enums import EventKind, Status
from models.event import TicketEvent
from models.intake import Attachment
from models.staff import Staff, start_telegram_link
from models.ticket import Ticket


async def _filed(c, story="水壶漏电"):
    await walk_to_readback(c, story)
    await c.tap(await c.confirm_button())
    return await Ticket.filter(chat_id=c.chat_id).order_by("-id").first()


async def test_free_text_after_filing_is_added_to_the_open_ticket(customer):
    ticket = await _filed(customer)
    reply = await customer.say("今天又漏电了一次")
    assert ticket.number in reply.text
    event = await TicketEvent.get(ticket=ticket, kind=EventKind.CUSTOMER_MESSAGE)
    assert event.body == "今天又漏电了一次" and event.actor_customer


async def test_a_photo_after_filing_is_attached_to_the_ticket(customer):
    ticket = await _filed(customer)
    await customer.photo("AgAD-late", path="late.jpg")
    attachment = await Attachment.get(file_id="AgAD-late")
    assert attachment.ticket_id == ticket.id and attachment.event_id is not None


async def test_with_several_open_tickets_the_customer_is_asked_which_one(customer, clock):
    first = await _filed(customer, "水壶漏电")
    second = await _filed(customer, "门店空调坏了")
    clock.advance(hours=2)
    reply = await customer.say("请尽快联系我")
    assert set(button_data(reply)) == {f"tk:{first.id}", f"tk:{second.id}"}
    reply = await customer.tap(f"tk:{first.id}")
    assert first.number in reply.text
    assert (
        await TicketEvent.filter(ticket=first, kind=EventKind.CUSTOMER_MESSAGE, body="请尽快联系我").count()
        == 1
    )
    # Right after choosing, the conversation sticks to that ticket.
    await customer.say("还有一件事")
    assert await TicketEvent.filter(ticket=first, body="还有一件事").count() == 1


async def test_right_after_filing_follow_ups_go_to_the_new_ticket(customer):
    await _filed(customer, "水壶漏电")
    second = await _filed(customer, "门店空调坏了")
    reply = await customer.say("补充一下")
    assert second.number in reply.text


async def test_with_no_open_ticket_new_text_starts_a_new_complaint(customer):
    ticket = await _filed(customer)
    await Ticket.filter(id=ticket.id).update(status=Status.CLOSED)
    await customer.say("又有新问题：店员态度恶劣")
    assert await customer.step() != "idle"


async def test_status_lists_the_customers_tickets(customer):
    ticket = await _filed(customer)
    reply = await customer.command("status")
    assert ticket.number in reply.text and "待受理" in reply.text


async def test_status_without_tickets_says_how_to_start(customer):
    assert "/new" in (await customer.command("status")).text


async def test_new_starts_another_complaint_and_cancel_abandons_it(customer):
    await _filed(customer)
    assert "描述" in (await customer.command("new")).text
    await customer.say("第二个问题")
    reply = await customer.command("cancel")
    assert "已放弃" in reply.text and await customer.step() == "idle"
    assert await Ticket.all().count() == 1


async def test_cancel_without_a_draft_says_there_is_nothing(customer):
    assert "没有正在填写" in (await customer.command("cancel")).text


async def test_help_mid_draft_repeats_the_current_question(customer):
    await customer.command("start")
    await customer.say("水壶漏电")
    reply = await customer.command("help")
    assert "/status" in reply.text and "怎么称呼" in reply.text


async def test_unknown_commands_get_help(customer):
    assert "/status" in (await customer.command("frobnicate")).text


async def test_lang_switches_to_english_and_back(customer):
    await customer.command("start")
    reply = await customer.command("lang")
    assert button_data(reply) == ["lang:zh", "lang:en"]
    reply = await customer.tap("lang:en")
    assert "Switched to English" in reply.text and "describe what happened" in reply.text
    assert (await customer.session()).language == "en"
    reply = await customer.tap("lang:zh")
    assert "简体中文" in reply.text


async def test_traditional_chinese_input_is_understood_and_answered_in_simplified(customer):
    await customer.command("start")
    reply = await customer.say("電熱水壺漏電，我要退貨，電話13812345678")
    assert "已从您的描述中记下" in reply.text
    session = await customer.session()
    assert session.draft["demand"] == "return" and session.draft["suggestion"]["severity"] == "A"


async def test_staff_link_their_telegram_chat_with_a_code(customer, clock):
    staff = await Staff.create(username="li", display_name="李娜")
    code = await start_telegram_link(staff, clock.now())
    reply = await customer.command("link", code)
    assert "绑定成功" in reply.text and "李娜" in reply.text
    assert (await Staff.get(id=staff.id)).telegram_chat_id == customer.chat_id


async def test_a_wrong_or_expired_link_code_is_refused(customer, clock):
    staff = await Staff.create(username="li")
    code = await start_telegram_link(staff, clock.now())
    clock.advance(minutes=16)
    assert "无效" in (await customer.command("link", code)).text
    assert "无效" in (await customer.command("link", "abc")).text
