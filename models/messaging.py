"""Queueing outgoing chat messages. Delivery is the sender's job (kesu/outbox_sender.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from models.enums import Channel, OutboxState
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
    claim: tuple[str, datetime] | None = None,
) -> OutboxMessage | None:
    """Queue one message; with a dedupe key, a second enqueue of the same message returns None.

    `claim` (token, until) creates the row already claimed by the sender that will send it right after
    the commit (the sender's fast path); should that not happen, the claim expires and a pass sends it.
    """
    claimed = (
        {"state": OutboxState.SENDING, "claim_token": claim[0], "claimed_until": claim[1]} if claim else {}
    )
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
            **claimed,
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
