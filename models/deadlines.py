"""Creating, settling and renewing a ticket's deadline rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from models.calendar import WorkCalendar
from models.deadline import DEFAULT_POLICY, Deadline, DeadlinePolicy, DurationUnit, Holiday
from models.enums import DeadlineKind, DeadlineState, Severity
from models.leases import utc
from models.ticket import Ticket

HANDLING_KINDS = (DeadlineKind.FIRST_CONTACT, DeadlineKind.SOLUTION, DeadlineKind.RESOLUTION)
OPEN_STATES = (DeadlineState.PENDING, DeadlineState.REMINDED)


async def load_calendar() -> WorkCalendar:
    rows = await Holiday.all().values_list("day", "is_workday")
    if not rows:  # not seeded yet (first start seeds it): the shipped official calendar still applies
        from models.holidays import shipped_days

        rows = [(day, workday) for day, workday, _ in shipped_days()]
    return WorkCalendar(dict(rows))


async def policy_for(severity: Severity, kind: DeadlineKind) -> tuple[int, DurationUnit, int]:
    row = await DeadlinePolicy.get_or_none(severity=severity, kind=kind)
    if row is None:
        return DEFAULT_POLICY[(severity, kind)]
    return row.amount, row.unit, row.remind_before_minutes


async def compute_due(
    severity: Severity,
    kind: DeadlineKind,
    start: datetime,
    tz: ZoneInfo,
    calendar: WorkCalendar | None = None,
) -> tuple[datetime, datetime | None]:
    amount, unit, remind_before = await policy_for(severity, kind)
    calendar = calendar or await load_calendar()
    due = calendar.add(start, amount, unit, tz)
    remind_at = due - timedelta(minutes=remind_before) if remind_before else None
    if remind_at is not None and remind_at <= start:
        remind_at = None
    return due, remind_at


async def schedule(
    ticket: Ticket, kinds: tuple[DeadlineKind, ...], *, start: datetime, tz: ZoneInfo, round: int = 0
) -> list[Deadline]:
    calendar = await load_calendar()
    created = []
    for kind in kinds:
        due, remind_at = await compute_due(ticket.severity, kind, start, tz, calendar)
        created.append(
            await Deadline.create(
                ticket=ticket,
                kind=kind,
                round=round,
                started_at=start,
                due_at=due,
                remind_at=remind_at,
                next_action_at=remind_at or due,
            )
        )
    await refresh_next_due(ticket)
    return created


async def mark_met(ticket: Ticket, kinds: tuple[DeadlineKind, ...], now: datetime) -> int:
    """Settle open deadlines of these kinds; an overdue one stays overdue (it was missed) but stops acting."""
    now = utc(now)
    count = await Deadline.filter(ticket=ticket, kind__in=kinds, state__in=OPEN_STATES).update(
        state=DeadlineState.MET, met_at=now, next_action_at=None
    )
    await Deadline.filter(ticket=ticket, kind__in=kinds, state=DeadlineState.OVERDUE, met_at=None).update(
        met_at=now
    )
    await refresh_next_due(ticket)
    return count


async def cancel_open(ticket: Ticket) -> int:
    count = await Deadline.filter(ticket=ticket, state__in=OPEN_STATES).update(
        state=DeadlineState.CANCELLED, next_action_at=None
    )
    await refresh_next_due(ticket)
    return count


async def refresh_next_due(ticket: Ticket) -> None:
    row = (
        await Deadline.filter(ticket=ticket, state__in=OPEN_STATES)
        .order_by("due_at")
        .first()
        .values_list("due_at", flat=True)
    )
    ticket.next_due_at = row
    await Ticket.filter(id=ticket.id).update(next_due_at=row)


async def replan(ticket: Ticket, *, now: datetime, tz: ZoneInfo) -> None:
    """After a severity change, open deadlines follow the new policy, counted from their original start."""
    calendar = await load_calendar()
    for row in await Deadline.filter(ticket=ticket, state__in=OPEN_STATES):
        due, remind_at = await compute_due(
            ticket.severity, DeadlineKind(row.kind), row.started_at, tz, calendar
        )
        row.due_at = due
        row.remind_at = (
            remind_at if remind_at and remind_at > now and row.state == DeadlineState.PENDING else None
        )
        row.next_action_at = row.remind_at or row.due_at
        await row.save(update_fields=["due_at", "remind_at", "next_action_at"])
    await refresh_next_due(ticket)
