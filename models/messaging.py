"""Queueing outgoing chat messages. Delivery is the sender's job (kesu/outbox_sender.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from models.enums import Channel
from models.event import TicketEvent
from models.outbox import OutboxMessage
from models.ticket import Ticket

Buttons = list[list[dict[str, str]]]


async def enqueue(
    channel: Channel,
    chat_id: str,
    text: str,
    *,
    now: datetime,
    buttons: Buttons | None = None,
    ticket: Ticket | None = None,
    event: TicketEvent | None = None,
    to_staff: bool = False,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Queue one message; with a dedupe key, a second enqueue of the same message returns None."""
    try:
        return await OutboxMessage.create(
            channel=channel,
            chat_id=chat_id,
            text=text,
            buttons=buttons,
            ticket=ticket,
            event=event,
            to_staff=to_staff,
            dedupe_key=dedupe_key,
            next_attempt_at=now,
            created_at=now,
        )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None


async def enqueue_to_customer(
    ticket: Ticket, text: str, *, now: datetime, buttons: Buttons | None = None, **kw: Any
) -> OutboxMessage | None:
    """Send to the chat the ticket came from; tickets entered by staff (phone, letter) have no chat."""
    if not Channel(ticket.channel).is_chat or not ticket.chat_id:
        return None
    return await enqueue(
        Channel(ticket.channel), ticket.chat_id, text, now=now, buttons=buttons, ticket=ticket, **kw
    )
