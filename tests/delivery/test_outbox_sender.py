"""The outbox sender: delivery, retries with backoff, permanent failures, and claims shared by instances."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.delivery.limits import UNLIMITED
from bot.delivery.sender import OutboxSender, SenderOptions
from models.customer import Customer
from models.enums import Channel, EventKind, OutboxState
from models.errors import DeliveryError, PermanentDeliveryError
from models.event import TicketEvent
from models.messaging import enqueue
from models.outbox import OutboxMessage
from models.staff import Staff


def _sender(transport, clock, **options) -> OutboxSender:
    return OutboxSender(
        {Channel.TELEGRAM: transport, Channel.WEBCHAT: transport},
        clock,
        limits={Channel.TELEGRAM: UNLIMITED},
        options=SenderOptions(**options),
    )


async def test_queued_message_is_sent_once_and_marked_sent(db, clock, transport):
    message = await enqueue(Channel.TELEGRAM, "42", "您好", now=clock.now())
    sender = _sender(transport, clock)
    assert await sender.run_due(clock.now()) == 1
    assert await sender.run_due(clock.now()) == 0
    row = await OutboxMessage.get(id=message.id)
    assert row.state == OutboxState.SENT and row.attempts == 1 and row.sent_at == clock.now()
    assert transport.sent == [(message.id, "42", "您好")]


async def test_message_queued_for_later_waits_until_due(db, clock, transport):
    await enqueue(Channel.TELEGRAM, "42", "稍后", now=clock.now() + timedelta(minutes=5))
    sender = _sender(transport, clock)
    assert await sender.run_due(clock.now()) == 0
    assert await sender.run_due(clock.advance(minutes=5)) == 1


async def test_rate_limited_message_is_retried_after_retry_after(db, clock, transport):
    calls = []

    def fail_first(message):
        calls.append(message.id)
        return DeliveryError("429", retry_after=30) if len(calls) == 1 else None

    transport.fail = fail_first
    message = await enqueue(Channel.TELEGRAM, "42", "重试", now=clock.now())
    sender = _sender(transport, clock)
    await sender.run_due(clock.now())
    row = await OutboxMessage.get(id=message.id)
    assert row.state == OutboxState.PENDING and row.attempts == 1 and "429" in row.last_error
    assert row.next_attempt_at == clock.now() + timedelta(seconds=30)
    assert await sender.run_due(clock.advance(seconds=29)) == 0
    assert await sender.run_due(clock.advance(seconds=1)) == 1
    assert (await OutboxMessage.get(id=message.id)).state == OutboxState.SENT


async def test_server_errors_back_off_exponentially_then_give_up(db, clock, transport):
    transport.fail = lambda m: DeliveryError("502 Bad Gateway")
    message = await enqueue(Channel.TELEGRAM, "42", "x", now=clock.now())
    sender = _sender(transport, clock)
    waits = []
    for _ in range(4):
        await sender.run_due(clock.now())
        row = await OutboxMessage.get(id=message.id)
        waits.append((row.next_attempt_at - clock.now()).total_seconds())
        clock.set(row.next_attempt_at)
    assert waits == [2.0, 4.0, 8.0, 16.0]
    for _ in range(20):
        await sender.run_due(clock.now())
        row = await OutboxMessage.get(id=message.id)
        if row.state == OutboxState.FAILED:
            break
        clock.set(row.next_attempt_at)
    assert row.state == OutboxState.FAILED and row.attempts == SenderOptions().retry.max_attempts


async def test_blocked_customer_is_marked_unreachable_and_ticket_shows_it(db, clock, transport, make_ticket):
    ticket = await make_ticket("777")
    transport.fail = lambda m: PermanentDeliveryError("403: bot was blocked by the user")
    message = await enqueue(Channel.TELEGRAM, "777", "您好", now=clock.now(), ticket=ticket)
    sender = _sender(transport, clock)
    await sender.run_due(clock.now())
    row = await OutboxMessage.get(id=message.id)
    assert row.state == OutboxState.FAILED and "blocked" in row.last_error
    customer = await Customer.get(id=ticket.customer_id)
    assert customer.unreachable and "blocked" in customer.unreachable_reason
    event = await TicketEvent.get(ticket=ticket, kind=EventKind.DELIVERY_FAILED)
    assert event.data["outbox_id"] == message.id and event.internal
    assert await sender.run_due(clock.advance(hours=1)) == 0  # not retried


async def test_staff_who_blocked_the_bot_is_unlinked(db, clock, transport):
    staff = await Staff.create(username="li", telegram_chat_id="555")
    transport.fail = lambda m: PermanentDeliveryError("403: bot was blocked by the user")
    await enqueue(Channel.TELEGRAM, "555", "提醒", now=clock.now(), to_staff=True)
    await _sender(transport, clock).run_due(clock.now())
    assert (await Staff.get(id=staff.id)).telegram_chat_id is None


async def test_crashed_claim_is_reclaimed_after_its_lease_expires(db, clock, transport):
    message = await enqueue(Channel.TELEGRAM, "42", "x", now=clock.now())
    # Another instance claimed it and died before sending.
    await OutboxMessage.filter(id=message.id).update(
        state=OutboxState.SENDING, claim_token="dead", claimed_until=clock.now() + timedelta(seconds=60)
    )
    sender = _sender(transport, clock)
    assert await sender.run_due(clock.advance(seconds=59)) == 0
    assert await sender.run_due(clock.advance(seconds=2)) == 1
    assert [sent[0] for sent in transport.sent] == [message.id]


async def test_two_senders_on_one_database_deliver_each_message_once(db, clock, transport):
    for i in range(300):
        await enqueue(Channel.TELEGRAM, str(i % 40), f"m{i}", now=clock.now())
    a, b = _sender(transport, clock, batch=25), _sender(transport, clock, batch=25)
    while sum(await asyncio.gather(a.run_due(clock.now()), b.run_due(clock.now()))):
        pass
    ids = [sent[0] for sent in transport.sent]
    assert len(ids) == 300 and len(set(ids)) == 300
    assert await OutboxMessage.filter(state=OutboxState.SENT).count() == 300


async def test_messages_to_one_chat_go_out_in_order(db, clock, transport):
    for i in range(10):
        await enqueue(Channel.TELEGRAM, "9", f"m{i}", now=clock.now())
    await _sender(transport, clock).run_due(clock.now())
    assert [sent[2] for sent in transport.sent] == [f"m{i}" for i in range(10)]


async def test_wake_delivers_promptly_in_the_background(db, clock, transport):
    sender = _sender(transport, clock, interval=3600)
    sender.start()
    try:
        await enqueue(Channel.WEBCHAT, "w1", "hi", now=clock.now())
        sender.wake()
        for _ in range(200):
            if transport.sent:
                break
            await asyncio.sleep(0.01)
    finally:
        await sender.stop()
    assert len(transport.sent) == 1


async def test_a_retried_message_keeps_its_place_in_the_chat(db, clock, transport):
    first = await enqueue(Channel.TELEGRAM, "9", "m0", now=clock.now())
    transport.fail = lambda m: DeliveryError("429", retry_after=5) if m.id == first.id else None
    for i in range(1, 4):
        await enqueue(Channel.TELEGRAM, "9", f"m{i}", now=clock.now())
    await enqueue(Channel.TELEGRAM, "other", "x", now=clock.now())
    sender = _sender(transport, clock)
    await sender.run_due(clock.now())
    assert [sent[2] for sent in transport.sent] == ["x"]
    transport.fail = None
    await sender.run_due(clock.advance(seconds=6))
    assert [sent[2] for sent in transport.sent] == ["x", "m0", "m1", "m2", "m3"]
