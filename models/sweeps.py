"""The deadline sweep: remind before a deadline falls due, escalate when it is missed.

`run_due(now)` claims due Deadline rows (models.leases: a lease, FOR UPDATE SKIP LOCKED on PostgreSQL),
then settles each one in its own transaction: the state change, the ticket event and the outbox rows
commit together or not at all, and the state change is conditional on still holding the claim and the
deadline still being open. So any number of sweepers, crashes and restarts send each notice once. An
idle tick is one indexed query on `next_action_at`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.expressions import F, Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import leases, notify
from models.deadline import Deadline
from models.deadlines import OPEN_STATES
from models.enums import DeadlineKind, DeadlineState, EventKind
from models.event import append_event
from models.i18n import label
from models.ticket import Ticket

BATCH = 500
LEASE = timedelta(minutes=2)


def due_filter(now: datetime) -> Q:
    return Q(next_action_at__lte=now) & leases.lease_free(now)


async def run_due(now: datetime, *, tz: ZoneInfo, batch: int = BATCH, lease: timedelta = LEASE) -> int:
    """One sweep: returns how many reminders and escalations it sent."""
    now = leases.utc(now)
    rows = await leases.claim(
        Deadline, due_filter(now), now=now, lease=lease, batch=batch, order_by=("next_action_at", "id")
    )
    if not rows:
        return 0
    tickets = {t.id: t for t in await Ticket.filter(id__in={row.ticket_id for row in rows})}
    acted = 0
    for row in rows:
        acted += await settle(row, tickets[row.ticket_id], now=now, tz=tz)
    return acted


async def settle(row: Deadline, ticket: Ticket, *, now: datetime, tz: ZoneInfo) -> int:
    if DeadlineState(row.state) not in OPEN_STATES:
        await _release(row)
        return 0
    if row.due_at <= now:
        return await _escalate(row, ticket, now=now, tz=tz)
    if row.state == DeadlineState.PENDING and row.remind_at is not None and row.remind_at <= now:
        return await _remind(row, ticket, now=now, tz=tz)
    await _release(row)  # the deadline moved (severity changed) since it became due
    return 0


def _mine(row: Deadline) -> QuerySet[Deadline]:
    return Deadline.filter(id=row.id, claim_token=row.claim_token, state__in=OPEN_STATES)


async def _release(row: Deadline) -> None:
    await Deadline.filter(id=row.id, claim_token=row.claim_token).update(claim_token=None, claimed_until=None)


def _params(base: notify.Params, row: Deadline, tz: ZoneInfo) -> notify.Params:
    due = row.due_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return lambda lang: {**base(lang), "kind": label("deadline_kind", row.kind, lang), "due": due}


async def _remind(row: Deadline, ticket: Ticket, *, now: datetime, tz: ZoneInfo) -> int:
    key = "deadline.revisit_task" if row.kind == DeadlineKind.REVISIT else "deadline.remind"
    async with in_transaction():
        claimed = await _mine(row).update(
            state=DeadlineState.REMINDED,
            reminded_at=now,
            next_action_at=F("due_at"),
            claim_token=None,
            claimed_until=None,
        )
        if not claimed:
            return 0
        await notify.notify(
            ticket,
            EventKind.REMINDER,
            await notify.handler_targets(ticket),
            key,
            _params(await notify.ticket_params(ticket, tz), row, tz),
            now=now,
            dedupe=f"deadline:{row.id}:remind",
            data={"deadline_id": row.id, "kind": row.kind, "due_at": row.due_at.isoformat()},
        )
    return 1


async def _escalate(row: Deadline, ticket: Ticket, *, now: datetime, tz: ZoneInfo) -> int:
    """逾期: recorded on the deadline and the ticket, and the department's supervisors are told."""
    async with in_transaction():
        claimed = await _mine(row).update(
            state=DeadlineState.OVERDUE,
            escalated_at=now,
            next_action_at=None,
            claim_token=None,
            claimed_until=None,
        )
        if not claimed:
            return 0
        await Ticket.filter(id=ticket.id).update(overdue=True)
        ticket.overdue = True
        data = {"deadline_id": row.id, "kind": row.kind, "due_at": row.due_at.isoformat()}
        await append_event(ticket, EventKind.OVERDUE, now=now, data=data, internal=True)
        await notify.notify(
            ticket,
            EventKind.ESCALATED,
            await notify.supervisor_targets(ticket),
            "deadline.escalate",
            _params(await notify.ticket_params(ticket, tz), row, tz),
            now=now,
            dedupe=f"deadline:{row.id}:escalate",
            data=data,
        )
    return 1
