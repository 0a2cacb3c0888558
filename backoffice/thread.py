"""The ticket thread as the page shows it: messages, replies with delivery state, notes, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.enums import EventKind
from models.event import TicketEvent
from models.intake import Attachment
from models.outbox import OutboxMessage
from models.ticket import Ticket

STYLE = {
    EventKind.CUSTOMER_MESSAGE: "customer",
    EventKind.CREATED: "customer",
    EventKind.STAFF_REPLY: "staff",
    EventKind.NOTE: "note",
    EventKind.CONTACT: "staff",
    EventKind.VALIDITY: "staff",
    EventKind.REMEDY: "staff",
}


@dataclass
class ThreadItem:
    event: TicketEvent
    style: str
    outbox: OutboxMessage | None = None
    photos: list[Attachment] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.event.data or {}


@dataclass
class Thread:
    items: list[ThreadItem]
    record_photos: list[Attachment]
    failed: list[OutboxMessage]


async def load_thread(ticket: Ticket) -> Thread:
    """Three queries whatever the length: events, outbox messages, attachments."""
    events = await TicketEvent.filter(ticket_id=ticket.id).order_by("id")
    messages = await OutboxMessage.filter(ticket_id=ticket.id, to_staff=False).order_by("id")
    attachments = await Attachment.filter(ticket_id=ticket.id).order_by("id")
    by_id = {m.id: m for m in messages}
    by_event = {m.event_id: m for m in messages if m.event_id}
    photos_by_event: dict[int, list[Attachment]] = {}
    record_photos = []
    for a in attachments:
        if a.event_id:
            photos_by_event.setdefault(a.event_id, []).append(a)
        else:
            record_photos.append(a)
    items = []
    for e in events:
        outbox = by_id.get((e.data or {}).get("outbox_id")) or by_event.get(e.id)
        style = STYLE.get(EventKind(e.kind), "event")
        if e.kind == EventKind.CREATED:
            style = "event"
        items.append(ThreadItem(e, style, outbox, photos_by_event.get(e.id, [])))
    failed = [m for m in messages if m.state == "failed"]
    return Thread(items, record_photos, failed)
