"""The sender's fast path: a reply created already claimed is sent at once, without a pass."""

from __future__ import annotations

import asyncio

from tortoise import Tortoise

from bot.delivery.limits import UNLIMITED
from bot.delivery.sender import OutboxSender, SenderOptions
from bot.intake.engine import Dialogue
from bot.intake.inbound import Inbound, Kind
from models.enums import Channel, OutboxState
from models.messaging import enqueue
from models.outbox import OutboxMessage


def _sender(transport, clock) -> OutboxSender:
    return OutboxSender(
        {Channel.TELEGRAM: transport}, clock, limits={Channel.TELEGRAM: UNLIMITED}, options=SenderOptions()
    )


async def _claimed(sender: OutboxSender, clock, chat: str, text: str) -> OutboxMessage:
    lease = sender.lease()
    message = await enqueue(Channel.TELEGRAM, chat, text, now=clock.now(), claim=(lease.token, lease.until))
    assert message is not None
    return message


async def test_handed_over_reply_is_sent_without_a_pass_and_marked_sent(db, clock, transport):
    sender = _sender(transport, clock)
    message = await _claimed(sender, clock, "42", "您好")
    assert await sender.run_due(clock.now()) == 0  # a pass leaves a claimed row alone
    sender.deliver(message)
    await sender.stop()  # waits for handed-over sends
    row = await OutboxMessage.get(id=message.id)
    assert row.state == OutboxState.SENT and row.attempts == 1 and row.claim_token is None
    assert row.external_message_id == "1"
    assert transport.sent == [(message.id, "42", "您好")]


async def test_claimed_reply_never_handed_over_is_sent_once_its_lease_expires(db, clock, transport):
    sender = _sender(transport, clock)
    message = await _claimed(sender, clock, "42", "进程在提交后退出")
    assert await sender.run_due(clock.now()) == 0
    assert await sender.run_due(clock.advance(seconds=61)) == 1
    assert transport.sent == [(message.id, "42", "进程在提交后退出")]
    assert (await OutboxMessage.get(id=message.id)).state == OutboxState.SENT


async def test_handed_over_replies_of_one_chat_leave_in_order(db, clock, transport):
    release = asyncio.Event()
    original = transport.send

    async def slow_first(message):
        if message.text == "第一":
            await release.wait()
        return await original(message)

    transport.send = slow_first
    sender = _sender(transport, clock)
    first = await _claimed(sender, clock, "42", "第一")
    second = await _claimed(sender, clock, "42", "第二")
    sender.deliver(first)
    sender.deliver(second)
    await asyncio.sleep(0.05)
    assert transport.sent == []  # the second waits behind the first
    release.set()
    await sender.stop()
    assert [text for _, _, text in transport.sent] == ["第一", "第二"]


async def test_dialogue_reply_goes_out_through_the_fast_path(db, clock, settings, transport):
    sender = _sender(transport, clock)
    dialogue = Dialogue(settings, clock)
    dialogue.outbox = sender
    woken = []
    dialogue.on_queued = lambda: woken.append(True)
    inbound = Inbound(
        channel=Channel.TELEGRAM, chat_id="77", update_key="t:1", kind=Kind.COMMAND, data="start"
    )
    assert await dialogue.handle(inbound)
    assert not await dialogue.handle(inbound)  # a redelivery queues nothing
    await sender.stop()
    assert len(transport.sent) == 1 and transport.sent[0][1] == "77"
    assert woken == []  # nothing else was queued, so no pass was woken
    assert await OutboxMessage.filter(state=OutboxState.SENT).count() == 1


async def test_sqlite_commits_sync_at_checkpoints_not_every_commit(db, database_url):
    if not database_url.startswith("sqlite"):
        return
    _, rows = await Tortoise.get_connection("default").execute_query("PRAGMA synchronous")
    assert next(iter(dict(rows[0]).values())) == 1  # NORMAL: durable against process kills (WAL)
