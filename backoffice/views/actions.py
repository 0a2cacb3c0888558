"""Ticket actions: one small function per form on the ticket page, each calling models.lifecycle.

Domain refusals (IllegalTransition, ValidationFailed, PermissionDenied) propagate to the error
middleware, which shows them as a message on the page the form came from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from aiohttp import web
from aiohttp_session import get_session

from backoffice.i18n import t
from backoffice.keys import STAFF
from backoffice.roles import ANY_STAFF, require_role, sees_all_departments
from backoffice.sessions import flash
from backoffice.views.ticket import REVEALED, load_ticket
from kesu.context import CLOCK, SETTINGS
from models import lifecycle
from models.approval import Approval, ApprovalKind
from models.enums import Category, CloseReason, RootCause, Severity, Validity
from models.errors import PermissionDenied, ValidationFailed
from models.investigation import ActionKind
from models.lifecycle import Actor
from models.outbox import OutboxMessage
from models.record import validate_amount
from models.staff import Department, Staff
from models.ticket import Ticket

E = TypeVar("E", bound=StrEnum)
Form = Mapping[str, Any]


class Ctx:
    def __init__(self, request: web.Request, ticket: Ticket, form: Form) -> None:
        self.request, self.ticket, self.form = request, ticket, form
        self.staff: Staff = request[STAFF]
        self.actor = Actor(staff=self.staff)
        self.now = request.app[CLOCK].now()
        self.tz = request.app[SETTINGS].timezone

    def text(self, name: str, limit: int = 4000) -> str:
        value = str(self.form.get(name, ""))
        if len(value) > limit:
            raise ValidationFailed(name, "too_long")
        return value

    def choice(self, name: str, enum: type[E]) -> E:
        try:
            return enum(str(self.form.get(name, "")))
        except ValueError:
            raise ValidationFailed(name, "invalid") from None

    def number(self, name: str) -> int:
        raw = str(self.form.get(name, "")).strip()
        if not raw.isdigit() or len(raw) > 9:
            raise ValidationFailed(name, "invalid")
        return int(raw)


async def take_over(c: Ctx) -> str:
    await lifecycle.take_over(c.ticket, c.actor, c.now)
    return "done.take_over"


async def assign(c: Ctx) -> str:
    if not sees_all_departments(c.staff):
        raise PermissionDenied("supervisor_required")
    to = await Staff.get_or_none(id=c.number("assignee"), active=True)
    if to is None:
        raise ValidationFailed("assignee", "invalid")
    await lifecycle.assign(c.ticket, to, c.actor, c.now)
    return "done.assign"


async def transfer(c: Ctx) -> str:
    department = await Department.get_or_none(id=c.number("department"))
    if department is None:
        raise ValidationFailed("department", "invalid")
    await lifecycle.transfer(c.ticket, department, c.actor, c.now, c.text("reason", 1000))
    return "done.transfer"


async def classify(c: Ctx) -> str:
    await lifecycle.classify(
        c.ticket, c.choice("category", Category), c.choice("severity", Severity), c.actor, c.now, tz=c.tz
    )
    return "done.classify"


async def validity(c: Ctx) -> str:
    await lifecycle.set_validity(
        c.ticket,
        c.choice("validity", Validity),
        c.text("reason", 2000),
        c.actor,
        c.now,
        lang=c.ticket.customer.language,
    )
    return "done.validity"


async def reply(c: Ctx) -> str:
    await lifecycle.staff_reply(c.ticket, c.text("text"), c.actor, c.now)
    return "done.reply"


async def note(c: Ctx) -> str:
    await lifecycle.add_note(c.ticket, c.text("text"), c.actor, c.now)
    return "done.note"


async def contact(c: Ctx) -> str:
    accepted = {"yes": True, "no": False}.get(str(c.form.get("accepted", "")))
    method = str(c.form.get("method", "phone"))
    await lifecycle.log_contact(
        c.ticket,
        c.text("summary", 2000),
        c.actor,
        c.now,
        accepted=accepted,
        method=method if method in ("phone", "chat", "visit", "email", "letter") else "phone",
        proposal=c.form.get("proposal") == "1",
    )
    return "done.contact"


async def root_cause(c: Ctx) -> str:
    await lifecycle.set_root_cause(
        c.ticket, c.choice("cause", RootCause), c.text("detail", 2000), c.actor, c.now
    )
    return "done.root_cause"


async def add_action(c: Ctx) -> str:
    owner = None
    if str(c.form.get("owner", "")).strip():
        owner = await Staff.get_or_none(id=c.number("owner"), active=True)
        if owner is None:
            raise ValidationFailed("owner", "invalid")
    due = None
    if str(c.form.get("due_date", "")).strip():
        try:
            due = date.fromisoformat(str(c.form["due_date"]).strip())
        except ValueError:
            raise ValidationFailed("due_date", "invalid") from None
    await lifecycle.add_action(
        c.ticket,
        c.choice("kind", ActionKind),
        c.text("description", 2000),
        c.actor,
        c.now,
        owner=owner,
        due_date=due,
    )
    return "done.action"


async def remedy(c: Ctx) -> str:
    raw = str(c.form.get("amount", "")).strip()
    amount = validate_amount(raw) if raw else None
    approval = await lifecycle.propose_remedy(
        c.ticket,
        c.text("summary", 2000),
        c.actor,
        c.now,
        amount=amount,
        threshold=Decimal(c.request.app[SETTINGS].approval_threshold),
    )
    return "done.remedy_needs_approval" if approval else "done.remedy"


async def request_approval(c: Ctx) -> str:
    await lifecycle.request_approval(
        c.ticket, ApprovalKind.CLOSE_MAJOR, c.actor, c.now, summary=c.text("summary", 2000)
    )
    return "done.approval_requested"


async def decide_approval(c: Ctx) -> str:
    approval = await Approval.get_or_none(id=c.number("approval"), ticket_id=c.ticket.id)
    if approval is None:
        raise ValidationFailed("approval", "invalid")
    await lifecycle.decide_approval(
        approval, c.form.get("approve") == "1", c.actor, c.now, c.text("note", 2000)
    )
    return "done.approval_decided"


async def resolve(c: Ctx) -> str:
    await lifecycle.resolve(c.ticket, c.text("summary", 2000), c.actor, c.now, tz=c.tz)
    return "done.resolve"


async def close(c: Ctx) -> str:
    await lifecycle.close(c.ticket, CloseReason.STAFF, c.actor, c.now)
    return "done.close"


async def reopen(c: Ctx) -> str:
    await lifecycle.reopen(c.ticket, c.text("reason", 2000), c.actor, c.now, tz=c.tz)
    return "done.reopen"


async def retry(c: Ctx) -> str:
    message = await OutboxMessage.get_or_none(id=c.number("message"), ticket_id=c.ticket.id)
    if message is None:
        raise ValidationFailed("message", "invalid")
    await lifecycle.retry_delivery(message, c.actor, c.now)
    return "done.retry"


async def reveal(c: Ctx) -> str:
    await lifecycle.record_view(c.ticket, c.actor, c.now, what="phone")
    session = await get_session(c.request)
    session[REVEALED] = [*session.get(REVEALED, [])[-19:], c.ticket.id]
    return "done.reveal"


ACTIONS: dict[str, Callable[[Ctx], Awaitable[str]]] = {
    "take-over": take_over,
    "assign": assign,
    "transfer": transfer,
    "classify": classify,
    "validity": validity,
    "reply": reply,
    "note": note,
    "contact": contact,
    "root-cause": root_cause,
    "action": add_action,
    "remedy": remedy,
    "request-approval": request_approval,
    "decide-approval": decide_approval,
    "resolve": resolve,
    "close": close,
    "reopen": reopen,
    "retry": retry,
    "reveal": reveal,
}


@require_role(ANY_STAFF)
async def ticket_action(request: web.Request) -> web.Response:
    action = ACTIONS.get(request.match_info["action"])
    if action is None:
        raise web.HTTPNotFound()
    ticket = await load_ticket(request)
    done = await action(Ctx(request, ticket, await request.post()))
    await flash(request, t(request, done))
    raise web.HTTPSeeOther(f"/tickets/{ticket.number}")
