"""The monthly follow-up list (月度回访复查): last month's cases still open or unsatisfied, for supervisors.

Each supervisor gets the cases of their department (a supervisor without a department gets all) in the
linked Telegram chat, and every listed ticket records the follow-up as an internal event, so the back
office shows it on the ticket.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from models.enums import Channel, CloseReason, EventKind, Role, Status
from models.event import append_event
from models.i18n import label
from models.leases import utc
from models.messaging import enqueue
from models.notify import notices
from models.staff import Staff
from models.ticket import Ticket

MAX_LINES = 30


def last_month(now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime, str]:
    """[start, end) of the previous calendar month in local time, and its label (2026-10)."""
    first_this = now.astimezone(tz).date().replace(day=1)
    first_last = date(first_this.year - (first_this.month == 1), (first_this.month - 2) % 12 + 1, 1)
    start = datetime.combine(first_last, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(first_this, datetime.min.time(), tzinfo=tz)
    return utc(start), utc(end), first_last.strftime("%Y-%m")


def needs_followup() -> Q:
    still_open = Q(status__in=(Status.NEW, Status.IN_PROGRESS, Status.REOPENED, Status.RESOLVED))
    unsatisfied = Q(unsatisfied_count__gt=0) | Q(close_reason=CloseReason.UNSATISFIED_FINAL)
    return still_open | unsatisfied


async def followup_tickets(now: datetime, tz: ZoneInfo) -> list[Ticket]:
    start, end, _ = last_month(now, tz)
    return await Ticket.filter(
        needs_followup(), created_at__gte=start, created_at__lt=end, purged_at__isnull=True
    ).order_by("created_at")


async def send_monthly(now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    now = utc(now)
    _, _, month = last_month(now, tz)
    tickets = await followup_tickets(now, tz)
    for ticket in tickets:
        await append_event(
            ticket,
            EventKind.REMINDER,
            now=now,
            body=f"followup {month}",
            data={"followup": month, "status": ticket.status},
            internal=True,
        )
    for supervisor in await Staff.filter(role=Role.SUPERVISOR, active=True):
        mine = [t for t in tickets if supervisor.department_id in (None, t.department_id)]
        if supervisor.telegram_chat_id:
            await enqueue(
                Channel.TELEGRAM,
                supervisor.telegram_chat_id,
                summary(mine, month, str(supervisor.language)),
                now=now,
                to_staff=True,
                dedupe_key=f"followup:{month}:{supervisor.id}",
            )
    return {"month": month, "tickets": [t.id for t in tickets]}


def summary(tickets: list[Ticket], month: str, lang: str) -> str:
    t = notices()
    if not tickets:
        return t.t("followup.none", lang, month=month)
    lines = [t.t("followup.title", lang, month=month, count=len(tickets))]
    for ticket in tickets[:MAX_LINES]:
        lines.append(
            t.t(
                "followup.line",
                lang,
                number=ticket.number,
                status=label("status", ticket.status, lang),
                category=label("category", ticket.category, lang),
            )
        )
    if len(tickets) > MAX_LINES:
        lines.append(t.t("followup.more", lang, count=len(tickets) - MAX_LINES))
    return "\n".join(lines)
