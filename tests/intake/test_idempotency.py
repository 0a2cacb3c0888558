"""Exactly one ticket per confirmed record: double taps, redelivered updates, concurrent instances."""

from __future__ import annotations

import asyncio

from intake_script import ScriptedCustomer, walk_to_readback

from bot.intake.engine import Dialogue
from models.intake import IntakeSession
from models.outbox import OutboxMessage
from models.ticket import Ticket


async def test_a_double_tapped_confirm_files_one_ticket_and_says_so(customer):
    await walk_to_readback(customer)
    confirm = await customer.confirm_button()
    await customer.tap(confirm)
    reply = await customer.tap(confirm)
    ticket = await Ticket.get()
    assert "已经提交过了" in reply.text and ticket.number in reply.text
    assert await Ticket.all().count() == 1


async def test_an_update_delivered_twice_is_handled_once(customer):
    await customer.command("start")
    await customer.say("水壶漏电", key="tg:42")
    before = await OutboxMessage.all().count()
    await customer.say("水壶漏电", key="tg:42")
    assert customer.handled[-2:] == [True, False]
    assert await OutboxMessage.all().count() == before
    assert await customer.step() == "customer_name"


async def test_a_redelivered_confirm_files_one_ticket(customer):
    await walk_to_readback(customer)
    confirm = await customer.confirm_button()
    await customer.tap(confirm, key="tg:77")
    await customer.tap(confirm, key="tg:77")
    assert await Ticket.all().count() == 1


async def test_two_instances_confirming_at_once_file_one_ticket(customer, settings, clock):
    await walk_to_readback(customer)
    confirm = await customer.confirm_button()
    # Two processes (two Dialogue objects, no shared lock) receive two taps at the same moment.
    twins = [ScriptedCustomer(Dialogue(settings, clock), customer.chat_id) for _ in range(2)]
    await asyncio.gather(*(t.tap(confirm) for t in twins))
    assert await Ticket.all().count() == 1
    assert (await IntakeSession.get(chat_id=customer.chat_id)).step == "idle"


async def test_a_stale_session_write_loses_and_is_retried_with_fresh_state(customer):
    await customer.command("start")
    session = await customer.session()
    # Another instance answered meanwhile: the version moved on.
    await IntakeSession.filter(id=session.id).update(
        version=session.version + 1, step="customer_name", draft=session.draft | {"description": "x"}
    )
    reply = await customer.say("张三")
    assert "联系电话" in reply.text


async def test_the_dialogue_continues_after_a_restart(customer, settings, clock):
    await customer.command("start")
    await customer.say("水壶漏电")
    restarted = ScriptedCustomer(Dialogue(settings, clock), customer.chat_id)
    assert "联系电话" in (await restarted.say("张三")).text


async def test_many_chats_at_once_each_get_their_own_ticket(dialogue, db):
    async def one(n: int) -> None:
        c = ScriptedCustomer(dialogue, f"chat{n}")
        await walk_to_readback(c)
        await c.tap(await c.confirm_button())

    await asyncio.gather(*(one(n) for n in range(20)))
    assert await Ticket.all().count() == 20
    assert len(set(await Ticket.all().values_list("chat_id", flat=True))) == 20
