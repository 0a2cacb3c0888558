"""What a permanent delivery failure means for the desk: the recipient is marked and the ticket shows it."""

from __future__ import annotations

from datetime import datetime

from models.customer import ChannelIdentity, Customer
from models.enums import Channel, EventKind
from models.event import append_event
from models.outbox import OutboxMessage
from models.staff import Staff
from models.ticket import Ticket

MAX_REASON = 255


async def record_permanent_failure(message: OutboxMessage, reason: str, now: datetime) -> None:
    reason = reason[:MAX_REASON]
    if message.to_staff:
        # A staff member who blocked the bot no longer gets pushes; the back office still shows everything.
        await Staff.filter(telegram_chat_id=message.chat_id).update(telegram_chat_id=None)
    else:
        await _mark_customer_unreachable(message, reason)
    if message.ticket_id is None:
        return
    ticket = await Ticket.get_or_none(id=message.ticket_id)
    if ticket is None:
        return
    await append_event(
        ticket,
        EventKind.DELIVERY_FAILED,
        now=now,
        body=reason,
        data={"outbox_id": message.id, "to_staff": message.to_staff, "chat_id": message.chat_id},
        internal=True,
    )


async def _mark_customer_unreachable(message: OutboxMessage, reason: str) -> None:
    customer_id = None
    if message.ticket_id is not None:
        customer_id = await Ticket.filter(id=message.ticket_id).first().values_list("customer_id", flat=True)
    if customer_id is None:
        customer_id = (
            await ChannelIdentity.filter(channel=Channel(message.channel), external_id=message.chat_id)
            .first()
            .values_list("customer_id", flat=True)
        )
    if customer_id is not None:
        await Customer.filter(id=customer_id).update(unreachable=True, unreachable_reason=reason)
