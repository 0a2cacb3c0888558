"""Drafts untouched for 2 hours get one nudge; after 24 hours they expire; the sweep is idempotent."""

from __future__ import annotations

from bot.intake import sweeps
from models.event import TicketEvent
from models.outbox import OutboxMessage
from models.ticket import Ticket


async def test_a_draft_untouched_for_two_hours_gets_exactly_one_nudge(customer, clock, settings):
    await customer.command("start")
    await customer.say("水壶漏电")
    clock.advance(hours=1)
    assert await sweeps.run_due(clock.now(), settings) == 0
    clock.advance(hours=1, minutes=1)
    assert await sweeps.run_due(clock.now(), settings) == 1
    assert "还没有填写完" in (await customer.last()).text
    assert await sweeps.run_due(clock.advance(hours=1), settings) == 0
    assert await OutboxMessage.filter(text__contains="还没有填写完").count() == 1


async def test_answering_after_a_nudge_continues_the_draft(customer, clock, settings):
    await customer.command("start")
    await customer.say("水壶漏电")
    await sweeps.run_due(clock.advance(hours=3), settings)
    reply = await customer.say("张三")
    assert "联系电话" in reply.text and (await customer.session()).nudged_at is None


async def test_a_draft_untouched_for_a_day_expires(customer, clock, settings):
    await customer.command("start")
    await customer.say("水壶漏电")
    await sweeps.run_due(clock.advance(hours=3), settings)
    assert await sweeps.run_due(clock.advance(hours=22), settings) == 1
    session = await customer.session()
    assert session.step == "idle" and session.draft == {}
    assert "已自动放弃" in (await customer.last()).text
    assert await Ticket.all().count() == 0


async def test_idle_chats_are_never_nudged(customer, clock, settings):
    await customer.command("help")
    assert await sweeps.run_due(clock.advance(hours=30), settings) == 0


async def test_expiring_a_which_ticket_question_keeps_the_held_message(customer, clock, settings):
    from intake_script import walk_to_readback

    for story in ("水壶漏电", "门店空调坏了"):
        await walk_to_readback(customer, story)
        await customer.tap(await customer.confirm_button())
    clock.advance(hours=2)
    await customer.say("请尽快处理")
    assert await customer.step() == "choose_ticket"
    await sweeps.run_due(clock.advance(hours=25), settings)
    assert await TicketEvent.filter(kind="customer_message", body="请尽快处理").count() == 1
