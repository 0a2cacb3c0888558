"""The ticket page: the confirmed record, the thread, and every action staff can take."""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session

from backoffice.keys import STAFF
from backoffice.render import render
from backoffice.roles import ANY_STAFF, check_ticket_access, require_role, sees_all_departments
from backoffice.thread import load_thread
from kesu.context import CLOCK, SETTINGS
from models.approval import Approval, ApprovalDecision
from models.config import CannedReply
from models.deadline import Deadline
from models.enums import Category, RootCause, Severity, Status
from models.investigation import ActionKind, CorrectiveAction
from models.record import display_phone
from models.staff import Department, Staff
from models.ticket import Ticket

REVEALED = "revealed"


async def load_ticket(request: web.Request) -> Ticket:
    """The ticket in the URL, if this staff member may work on it (403 otherwise, 404 if unknown)."""
    number = request.match_info["number"]
    ticket = (
        await Ticket.get_or_none(number=number[:24]).select_related("customer", "department", "assignee")
        if len(number) <= 24
        else None
    )
    if ticket is None or ticket.purged_at is not None:
        raise web.HTTPNotFound()
    check_ticket_access(request[STAFF], ticket)
    return ticket


@require_role(ANY_STAFF)
async def ticket_page(request: web.Request) -> web.Response:
    ticket = await load_ticket(request)
    staff: Staff = request[STAFF]
    session = await get_session(request)
    thread = await load_thread(ticket)
    colleagues = Staff.filter(active=True).order_by("username")
    if not sees_all_departments(staff):
        colleagues = colleagues.filter(department_id=staff.department_id)
    suggestion = ticket.suggestion or {}
    settings = request.app[SETTINGS]
    return await render(
        request,
        "tickets/ticket.html",
        {
            "ticket": ticket,
            "customer": ticket.customer,
            "thread": thread,
            "phone_full": display_phone(ticket.phone) if ticket.id in session.get(REVEALED, []) else None,
            "deadlines": await Deadline.filter(ticket_id=ticket.id).order_by("round", "due_at"),
            "actions": await CorrectiveAction.filter(ticket_id=ticket.id).order_by("id"),
            "approvals": await Approval.filter(ticket_id=ticket.id).order_by("id"),
            "pending_approvals": ApprovalDecision.PENDING,
            "canned": await CannedReply.all().order_by("title"),
            "departments": await Department.all().order_by("name"),
            "colleagues": await colleagues,
            "keywords": suggestion.get("keywords", []),
            "severity_reasons": suggestion.get("severity_reasons", []),
            "categories": list(Category),
            "severities": list(Severity),
            "root_causes": list(RootCause),
            "action_kinds": list(ActionKind),
            "is_open": ticket.status not in (Status.RESOLVED, Status.CLOSED),
            "can_supervise": sees_all_departments(staff),
            "threshold": settings.approval_threshold,
            "now": request.app[CLOCK].now(),
        },
    )
