"""Retention purge: personal data of tickets closed longer than the retention period is removed.

Photos sent during a complaint that was never filed (the draft expired or was cancelled) belong to no ticket;
they go once their chat is idle again and they are older than ABANDONED_AFTER.

What goes: the customer's name, phone and address (on the ticket, and on the customer once none of their
tickets needs them), the complaint text, message bodies, outgoing message texts, the chat id, and
attachment files. What stays: everything reports count (category, severity, department, dates, deadlines,
root cause, survey ratings), so the statistics of past months do not change.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.config import ClassifierOverride
from models.customer import ChannelIdentity, Customer
from models.enums import EventKind, Status
from models.event import TicketEvent, append_event
from models.intake import Attachment, IntakeSession
from models.leases import utc
from models.outbox import OutboxMessage
from models.search import TicketSearch, ticket_terms
from models.survey import Survey
from models.ticket import Ticket

log = logging.getLogger("kesu.retention")

BATCH = 200
# Drafts expire after 24 h without a reply (bot.intake.sweeps); a day more leaves room for a late sweep.
ABANDONED_AFTER = timedelta(hours=48)
PERSONAL_EVENTS = (
    EventKind.CUSTOMER_MESSAGE,
    EventKind.STAFF_REPLY,
    EventKind.CONTACT,
    EventKind.NOTE,
    EventKind.VALIDITY,
    EventKind.SURVEY_ANSWER,
    EventKind.REMEDY,
    EventKind.STATUS,
)


async def purge_due(now: datetime, *, retention_days: int, uploads_dir: Path) -> int:
    """Purge every ticket closed before now - retention_days; returns how many were purged."""
    now = utc(now)
    cutoff = now - timedelta(days=retention_days)
    purged = 0
    while True:
        batch = await Ticket.filter(status=Status.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True).limit(
            BATCH
        )
        if not batch:
            return purged
        for ticket in batch:
            purged += await purge_ticket(ticket, now=now, uploads_dir=uploads_dir)


async def purge_abandoned_photos(now: datetime, *, uploads_dir: Path) -> int:
    """Delete photos (rows and files) of drafts that never became a ticket; returns how many went."""
    cutoff = utc(now) - ABANDONED_AFTER
    # A draft that is not idle still owns its photos (filing or the 24 h sweep attaches them to a ticket).
    live_drafts = await IntakeSession.exclude(step="idle").values_list("id", flat=True)
    not_live = Q(session_id__isnull=True) | ~Q(session_id__in=live_drafts)
    rows = await Attachment.filter(not_live, ticket_id__isnull=True, created_at__lt=cutoff).values_list(
        "id", "path"
    )
    if not rows:
        return 0
    await Attachment.filter(id__in=[row_id for row_id, _ in rows]).delete()
    for _, path in rows:
        _remove(uploads_dir, path)
    return len(rows)


async def purge_ticket(ticket: Ticket, *, now: datetime, uploads_dir: Path) -> int:
    files = await Attachment.filter(ticket=ticket).values_list("path", flat=True)
    async with in_transaction():
        taken = await Ticket.filter(id=ticket.id, purged_at__isnull=True).update(
            customer_name="",
            phone="",
            address="",
            reference="",
            description="",
            demand_detail="",
            chat_id="",
            validity_reason="",
            purged_at=now,
        )
        if not taken:
            return 0
        await TicketEvent.filter(ticket=ticket, kind__in=PERSONAL_EVENTS).update(body="")
        await TicketEvent.filter(ticket=ticket, actor_customer=True).update(actor_label="")
        await OutboxMessage.filter(ticket=ticket).update(text="", chat_id="")
        await Survey.filter(ticket=ticket).update(comment="")
        await ClassifierOverride.filter(ticket=ticket).update(text="")
        # The search index holds name, phone and description bigrams too: keep only the number.
        await TicketSearch.filter(ticket_id=ticket.id).update(terms=ticket_terms(ticket.number, "", "", ""))
        await Attachment.filter(ticket=ticket).delete()
        await _purge_customer_if_done(ticket.customer_id, now)
        await append_event(ticket, EventKind.PURGED, now=now, internal=True)
    for path in files:
        _remove(uploads_dir, path)
    return 1


async def _purge_customer_if_done(customer_id: int, now: datetime) -> None:
    """The person goes too once no ticket of theirs still needs their contact details."""
    if await Ticket.filter(customer_id=customer_id, purged_at__isnull=True).exists():
        return
    await Customer.filter(id=customer_id).update(name="", phone="", address="", purged_at=now)
    await ChannelIdentity.filter(customer_id=customer_id).delete()


def _remove(uploads_dir: Path, relative: str) -> None:
    if not relative:
        return
    path = (uploads_dir / relative).resolve()
    if uploads_dir.resolve() not in path.parents:
        log.warning("not removing %s: outside the uploads folder", relative)
        return
    path.unlink(missing_ok=True)
