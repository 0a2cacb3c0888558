"""Staff notifications: who is told what, pushed to linked Telegram chats and recorded on the ticket.

Every notice is one ticket event (the back office shows it) plus one outbox message per recipient who
linked Telegram, each with a dedupe key so a repeated sweep never sends the same notice twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from models.enums import Channel, EventKind, Role
from models.event import TicketEvent, append_event
from models.i18n import Catalogue, label
from models.messaging import enqueue
from models.staff import Staff, supervisors_of
from models.ticket import Ticket

Params = Callable[[str], Mapping[str, Any]]


@cache
def notices() -> Catalogue:
    return Catalogue.load(Path(__file__).parent / "notify_messages")


async def handler_targets(ticket: Ticket) -> list[Staff]:
    """The assigned handler; an unassigned ticket reminds its department (else every supervisor)."""
    if ticket.assignee_id is not None:
        handler = await Staff.get_or_none(id=ticket.assignee_id, active=True)
        if handler is not None:
            return [handler]
    if ticket.department_id is not None:
        staff = await Staff.filter(
            department_id=ticket.department_id, active=True, role__in=(Role.HANDLER, Role.SUPERVISOR)
        ).order_by("id")
        if staff:
            return list(staff)
    return await supervisors_of(ticket.department_id)


async def supervisor_targets(ticket: Ticket) -> list[Staff]:
    return await supervisors_of(ticket.department_id)


async def ticket_params(ticket: Ticket, tz: ZoneInfo) -> Params:
    """Parameters every notice can use, rendered in the reader's language."""
    handler = await Staff.get_or_none(id=ticket.assignee_id) if ticket.assignee_id else None

    def params(lang: str) -> Mapping[str, Any]:
        return {
            "number": ticket.number,
            "severity": label("severity", ticket.severity, lang),
            "category": label("category", ticket.category, lang),
            "handler": handler.name if handler else notices().t("ticket.unassigned", lang),
        }

    return params


async def notify(
    ticket: Ticket,
    kind: EventKind,
    recipients: Iterable[Staff],
    key: str,
    params: Params,
    *,
    now: datetime,
    dedupe: str,
    data: Mapping[str, Any] | None = None,
    default_lang: str = "zh",
) -> TicketEvent:
    """Record the notice on the ticket and push it to each recipient's linked Telegram chat once."""
    people = _unique(recipients)
    event = await append_event(
        ticket,
        kind,
        now=now,
        body=notices().t(key, default_lang, **params(default_lang)),
        data={"notice": key, "staff": [s.id for s in people], **(data or {})},
        internal=True,
    )
    for staff in people:
        if not staff.telegram_chat_id:
            continue
        lang = str(staff.language)
        await enqueue(
            Channel.TELEGRAM,
            staff.telegram_chat_id,
            notices().t(key, lang, **params(lang)),
            now=now,
            ticket=ticket,
            event=event,
            to_staff=True,
            dedupe_key=f"{dedupe}:{staff.id}"[:128],
        )
    return event


def _unique(staff: Iterable[Staff]) -> list[Staff]:
    seen: dict[int, Staff] = {}
    for person in staff:
        seen.setdefault(person.id, person)
    return list(seen.values())


async def major_filed(ticket: Ticket, *, now: datetime, tz: ZoneInfo) -> TicketEvent:
    """PRODUCT.md §4: an A complaint is reported to a supervisor at once."""
    return await notify(
        ticket,
        EventKind.ESCALATED,
        await supervisor_targets(ticket),
        "ticket.major_filed",
        await ticket_params(ticket, tz),
        now=now,
        dedupe=f"ticket:{ticket.id}:major",
        data={"reason": "major"},
    )
