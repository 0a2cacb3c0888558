"""The ticket state machine and the actions staff, customers and the system take on a ticket.

Every change appends an event with actor and time; an illegal move raises a domain error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from models import deadlines, notify
from models.approval import Approval, ApprovalDecision, ApprovalKind
from models.config import CategoryRoute, ClassifierOverride
from models.customer import Customer
from models.enums import (
    Category,
    Channel,
    CloseReason,
    DeadlineKind,
    EventKind,
    OutboxState,
    RootCause,
    Severity,
    Status,
    Validity,
)
from models.errors import IllegalTransition, PermissionDenied, ValidationFailed
from models.event import TicketEvent, append_event
from models.i18n import domain_messages
from models.intake import Attachment
from models.investigation import ActionKind, CorrectiveAction
from models.leases import utc
from models.messaging import enqueue_to_customer
from models.outbox import OutboxMessage
from models.record import ComplaintRecord
from models.search import index_ticket
from models.staff import Department, Staff
from models.ticket import Ticket, next_ticket_number

TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.IN_PROGRESS}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED}),
    Status.REOPENED: frozenset({Status.IN_PROGRESS, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.CLOSED: frozenset({Status.REOPENED}),
}


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff member, the customer, or the system (neither)."""

    staff: Staff | None = None
    customer: bool = False

    @property
    def kwargs(self) -> dict[str, Any]:
        return {"actor": self.staff, "by_customer": self.customer}


SYSTEM = Actor()


def can_transition(current: Status, target: Status) -> bool:
    return target in TRANSITIONS.get(Status(current), frozenset())


async def _move(ticket: Ticket, target: Status, actor: Actor, now: datetime, **data: Any) -> TicketEvent:
    current = Status(ticket.status)
    if not can_transition(current, target):
        raise IllegalTransition(f"{ticket.number}: {current.value} → {target.value} is not allowed")
    ticket.status = target
    ticket.updated_at = now
    await ticket.save(update_fields=["status", "updated_at"])
    return await append_event(
        ticket,
        EventKind.STATUS,
        now=now,
        data={"from": current.value, "to": target.value, **data},
        **actor.kwargs,
    )


def _require_staff(actor: Actor) -> Staff:
    if actor.staff is None:
        raise PermissionDenied("staff_required")
    return actor.staff


def _require_supervisor(actor: Actor) -> Staff:
    staff = _require_staff(actor)
    if not staff.is_supervisor:
        raise PermissionDenied("supervisor_required")
    return staff


# --- receipt ------------------------------------------------------------------------------------


async def route_department(category: Category) -> Department | None:
    route = await CategoryRoute.get_or_none(category=category).select_related("department")
    return route.department if route else None


async def file_ticket(
    record: ComplaintRecord,
    *,
    customer: Customer,
    channel: Channel,
    now: datetime,
    tz: ZoneInfo,
    chat_id: str = "",
    suggestion: Mapping[str, Any] | None = None,
    entered_by: Staff | None = None,
) -> Ticket:
    """Turn a confirmed record into a ticket: number, routing, deadlines and the first events."""
    category = Category(suggestion["category"]) if suggestion else Category.OTHER
    severity = Severity(suggestion["severity"]) if suggestion else Severity.C
    number = await next_ticket_number(now, tz)
    async with in_transaction():
        ticket = await Ticket.create(
            number=number,
            customer=customer,
            channel=channel,
            chat_id=chat_id,
            customer_name=record.customer_name,
            phone=record.phone,
            address=record.address,
            reference=record.reference,
            purchase_date=record.purchase_date,
            complaint_type=record.complaint_type,
            description=record.description,
            demand=record.demand,
            demand_detail=record.demand_detail,
            amount=record.amount,
            price=record.price,
            category=category,
            severity=severity,
            suggested_category=category if suggestion else None,
            suggested_severity=severity if suggestion else None,
            suggestion=dict(suggestion) if suggestion else None,
            department=await route_department(category),
            created_at=now,
            updated_at=now,
        )
        actor = Actor(staff=entered_by, customer=entered_by is None)
        await append_event(
            ticket, EventKind.CREATED, now=now, data={"channel": channel.value}, **actor.kwargs
        )
        if suggestion:
            await append_event(ticket, EventKind.CLASSIFIED, now=now, data=dict(suggestion), internal=True)
        if record.photos:
            await Attachment.filter(id__in=record.photos).update(ticket=ticket)
        await _sync_customer(customer, record)
        await index_ticket(ticket)
        await deadlines.schedule(ticket, deadlines.HANDLING_KINDS, start=now, tz=tz)
        if severity == Severity.A:  # PRODUCT.md §4: reported to a supervisor at once
            await notify.major_filed(ticket, now=now, tz=tz)
    return ticket


async def _sync_customer(customer: Customer, record: ComplaintRecord) -> None:
    customer.name = record.customer_name or customer.name
    customer.phone = record.phone or customer.phone
    customer.address = record.address or customer.address
    await customer.save(update_fields=["name", "phone", "address"])


# --- assessment and routing ---------------------------------------------------------------------


async def classify(
    ticket: Ticket, category: Category, severity: Severity, actor: Actor, now: datetime, *, tz: ZoneInfo
) -> None:
    """Staff accept or override the suggestion; an override is kept as training signal."""
    staff = _require_staff(actor)
    overridden = (category, severity) != (ticket.suggested_category, ticket.suggested_severity)
    severity_changed = severity != ticket.severity
    ticket.category, ticket.severity = category, severity
    ticket.classification_confirmed = True
    ticket.updated_at = now
    await ticket.save(update_fields=["category", "severity", "classification_confirmed", "updated_at"])
    if overridden and ticket.suggested_category is not None:
        await ClassifierOverride.create(
            ticket=ticket,
            text=ticket.description,
            suggested_category=ticket.suggested_category,
            suggested_severity=ticket.suggested_severity,
            final_category=category,
            final_severity=severity,
            staff=staff,
            created_at=now,
        )
    await append_event(
        ticket,
        EventKind.CLASSIFICATION,
        now=now,
        data={"category": category.value, "severity": severity.value, "override": overridden},
        internal=True,
        **actor.kwargs,
    )
    if severity_changed and ticket.is_open:
        # Deadlines follow the severity: re-plan the open ones from the original receipt time.
        await deadlines.replan(ticket, now=now, tz=tz)
    if severity_changed and severity == Severity.A:
        await notify.major_filed(ticket, now=now, tz=tz)


async def set_validity(
    ticket: Ticket, validity: Validity, reason: str, actor: Actor, now: datetime, *, lang: str = "zh"
) -> None:
    """投诉成立/不成立; a rejected complaint is explained to the customer, never met with silence."""
    _require_staff(actor)
    if validity is Validity.INVALID and not reason.strip():
        raise ValidationFailed("validity_reason", "empty")
    ticket.validity, ticket.validity_reason, ticket.updated_at = validity, reason.strip(), now
    await ticket.save(update_fields=["validity", "validity_reason", "updated_at"])
    event = await append_event(
        ticket, EventKind.VALIDITY, now=now, body=reason, data={"validity": validity.value}, **actor.kwargs
    )
    if validity is Validity.INVALID:
        text = domain_messages().t(
            "notice.validity_rejected", lang, number=ticket.number, reason=reason.strip()
        )
        await enqueue_to_customer(ticket, text, now=now, event=event)


async def take_over(ticket: Ticket, actor: Actor, now: datetime) -> None:
    staff = _require_staff(actor)
    if ticket.status in (Status.RESOLVED, Status.CLOSED):
        raise IllegalTransition(f"{ticket.number}: cannot take over a {ticket.status} ticket")
    await assign(ticket, staff, actor, now)


async def assign(ticket: Ticket, to: Staff, actor: Actor, now: datetime) -> None:
    _require_staff(actor)
    if not to.active:
        raise ValidationFailed("assignee", "inactive")
    previous = ticket.assignee_id
    ticket.assignee = to
    if to.department_id and ticket.department_id is None:
        ticket.department_id = to.department_id
    ticket.updated_at = now
    await ticket.save(update_fields=["assignee_id", "department_id", "updated_at"])
    await append_event(
        ticket,
        EventKind.ASSIGNED,
        now=now,
        data={"from": previous, "to": to.id, "to_name": to.name},
        **actor.kwargs,
    )
    if ticket.status in (Status.NEW, Status.REOPENED):
        await _move(ticket, Status.IN_PROGRESS, actor, now)


async def transfer(
    ticket: Ticket, department: Department, actor: Actor, now: datetime, reason: str = ""
) -> None:
    """Hand the ticket to another department; it goes back to that department's queue unassigned."""
    _require_staff(actor)
    previous = ticket.department_id
    ticket.department = department
    ticket.assignee = None
    ticket.updated_at = now
    await ticket.save(update_fields=["department_id", "assignee_id", "updated_at"])
    await append_event(
        ticket,
        EventKind.TRANSFERRED,
        now=now,
        body=reason,
        data={"from": previous, "to": department.id, "to_name": department.name},
        **actor.kwargs,
    )


# --- conversation -------------------------------------------------------------------------------


async def customer_message(
    ticket: Ticket, text: str, now: datetime, *, attachments: list[int] = ()
) -> TicketEvent:
    event = await append_event(
        ticket,
        EventKind.CUSTOMER_MESSAGE,
        now=now,
        body=text,
        data={"attachments": list(attachments)},
        by_customer=True,
    )
    if attachments:
        await Attachment.filter(id__in=list(attachments)).update(ticket=ticket, event_id=event.id)
    ticket.updated_at = now
    await ticket.save(update_fields=["updated_at"])
    return event


async def staff_reply(ticket: Ticket, text: str, actor: Actor, now: datetime) -> TicketEvent:
    """A reply reaches the customer's chat through the outbox and counts as first contact."""
    _require_staff(actor)
    text = text.strip()
    if not text:
        raise ValidationFailed("reply", "empty")
    if ticket.status == Status.CLOSED:
        raise IllegalTransition(f"{ticket.number}: reopen the ticket before replying")
    async with in_transaction():
        event = await append_event(ticket, EventKind.STAFF_REPLY, now=now, body=text, **actor.kwargs)
        message = await enqueue_to_customer(ticket, text, now=now, event=event)
        if message is not None:
            event.data = {"outbox_id": message.id}
            await event.save(update_fields=["data"], _allow_update=True)
        await _first_contact(ticket, now)
    return event


async def add_note(ticket: Ticket, text: str, actor: Actor, now: datetime) -> TicketEvent:
    _require_staff(actor)
    if not text.strip():
        raise ValidationFailed("note", "empty")
    return await append_event(
        ticket, EventKind.NOTE, now=now, body=text.strip(), internal=True, **actor.kwargs
    )


async def log_contact(
    ticket: Ticket,
    summary: str,
    actor: Actor,
    now: datetime,
    *,
    accepted: bool | None = None,
    method: str = "phone",
    proposal: bool = False,
) -> TicketEvent:
    """Communication log (沟通记录): contact made, and whether the customer accepted the proposal."""
    _require_staff(actor)
    event = await append_event(
        ticket,
        EventKind.CONTACT,
        now=now,
        body=summary.strip(),
        data={"accepted": accepted, "method": method, "proposal": proposal},
        **actor.kwargs,
    )
    await _first_contact(ticket, now)
    if proposal:
        await deadlines.mark_met(ticket, (DeadlineKind.SOLUTION,), now)
    return event


async def _first_contact(ticket: Ticket, now: datetime) -> None:
    if ticket.first_contact_at is None:
        ticket.first_contact_at = now
        await Ticket.filter(id=ticket.id, first_contact_at=None).update(first_contact_at=utc(now))
    await deadlines.mark_met(ticket, (DeadlineKind.FIRST_CONTACT,), now)


# --- investigation ------------------------------------------------------------------------------


async def set_root_cause(ticket: Ticket, cause: RootCause, detail: str, actor: Actor, now: datetime) -> None:
    _require_staff(actor)
    ticket.root_cause, ticket.root_cause_detail, ticket.updated_at = cause, detail.strip(), now
    await ticket.save(update_fields=["root_cause", "root_cause_detail", "updated_at"])
    await append_event(
        ticket,
        EventKind.ROOT_CAUSE,
        now=now,
        body=detail,
        data={"cause": cause.value},
        internal=True,
        **actor.kwargs,
    )


async def add_action(
    ticket: Ticket,
    kind: ActionKind,
    description: str,
    actor: Actor,
    now: datetime,
    *,
    owner: Staff | None = None,
    due_date: Any = None,
) -> CorrectiveAction:
    _require_staff(actor)
    if not description.strip():
        raise ValidationFailed("action", "empty")
    action = await CorrectiveAction.create(
        ticket=ticket,
        kind=kind,
        description=description.strip(),
        owner=owner,
        owner_name=owner.name if owner else "",
        due_date=due_date,
        created_at=now,
    )
    await append_event(
        ticket,
        EventKind.ACTION,
        now=now,
        body=description.strip(),
        data={
            "action_id": action.id,
            "kind": kind.value,
            "owner": action.owner_name,
            "due": str(due_date or ""),
        },
        internal=True,
        **actor.kwargs,
    )
    return action


async def propose_remedy(
    ticket: Ticket,
    summary: str,
    actor: Actor,
    now: datetime,
    *,
    amount: Decimal | None,
    threshold: Decimal,
    data: Any = None,
) -> Approval | None:
    """Record the proposed remedy; one above the threshold needs a supervisor's approval first."""
    _require_staff(actor)
    await append_event(
        ticket,
        EventKind.REMEDY,
        now=now,
        body=summary,
        data={"amount": str(amount) if amount is not None else None, "detail": data},
        **actor.kwargs,
    )
    await deadlines.mark_met(ticket, (DeadlineKind.SOLUTION,), now)
    if amount is not None and amount > threshold:
        return await request_approval(ticket, ApprovalKind.REMEDY, actor, now, amount=amount, summary=summary)
    return None


# --- approval -----------------------------------------------------------------------------------


async def request_approval(
    ticket: Ticket,
    kind: ApprovalKind,
    actor: Actor,
    now: datetime,
    *,
    amount: Decimal | None = None,
    summary: str = "",
) -> Approval:
    staff = _require_staff(actor)
    approval = await Approval.create(
        ticket=ticket, kind=kind, amount=amount, summary=summary, requested_by=staff, requested_at=now
    )
    await append_event(
        ticket,
        EventKind.APPROVAL_REQUESTED,
        now=now,
        body=summary,
        data={"approval_id": approval.id, "kind": kind.value, "amount": str(amount) if amount else None},
        **actor.kwargs,
    )
    return approval


async def decide_approval(
    approval: Approval, approve: bool, actor: Actor, now: datetime, note: str = ""
) -> None:
    """主管批示: only a supervisor decides, once, and the name and time are recorded."""
    staff = _require_supervisor(actor)
    if approval.decision != ApprovalDecision.PENDING:
        raise IllegalTransition(f"approval {approval.id} was already decided")
    approval.decision = ApprovalDecision.APPROVED if approve else ApprovalDecision.REJECTED
    approval.decided_by, approval.decided_by_name, approval.decided_at = staff, staff.name, now
    approval.note = note.strip()
    await approval.save()
    ticket = await approval.ticket
    await append_event(
        ticket,
        EventKind.APPROVAL_DECIDED,
        now=now,
        body=note,
        data={"approval_id": approval.id, "kind": approval.kind, "approved": approve},
        **actor.kwargs,
    )
    if approve and approval.kind == ApprovalKind.CLOSE_MAJOR:
        from models import revisit  # revisit builds on this module

        await revisit.on_close_approved(ticket, now)


async def has_close_approval(ticket: Ticket) -> bool:
    return await Approval.exists(
        ticket=ticket, kind=ApprovalKind.CLOSE_MAJOR, decision=ApprovalDecision.APPROVED
    )


# --- response, closing, reopening ---------------------------------------------------------------


async def resolve(ticket: Ticket, summary: str, actor: Actor, now: datetime, *, tz: ZoneInfo) -> None:
    """The handler has done what can be done; the revisit (回访) starts."""
    _require_staff(actor)
    async with in_transaction():
        await _move(ticket, Status.RESOLVED, actor, now, summary=summary.strip())
        ticket.resolved_at = now
        await ticket.save(update_fields=["resolved_at"])
        await deadlines.mark_met(ticket, deadlines.HANDLING_KINDS, now)
        await deadlines.schedule(ticket, (DeadlineKind.REVISIT,), start=now, tz=tz, round=ticket.reopen_count)
        from models import revisit  # revisit builds on this module

        await revisit.start_revisit(ticket, now)


async def close(ticket: Ticket, reason: CloseReason, actor: Actor, now: datetime) -> None:
    """Only a resolved ticket closes; an A case also needs the supervisor's approval."""
    if ticket.severity == Severity.A and not await has_close_approval(ticket):
        raise IllegalTransition(f"{ticket.number}: closing an A case needs a supervisor's approval")
    async with in_transaction():
        await _move(ticket, Status.CLOSED, actor, now, reason=reason.value)
        ticket.closed_at, ticket.close_reason = now, reason
        await ticket.save(update_fields=["closed_at", "close_reason"])
        await deadlines.cancel_open(ticket)


async def reopen(ticket: Ticket, reason: str, actor: Actor, now: datetime, *, tz: ZoneInfo) -> None:
    """Back to the handler's queue with fresh deadlines (the old round is cancelled, its record kept)."""
    async with in_transaction():
        await _move(ticket, Status.REOPENED, actor, now, reason=reason)
        ticket.reopen_count += 1
        ticket.resolved_at = None
        ticket.closed_at = None
        ticket.close_reason = None
        await ticket.save(update_fields=["reopen_count", "resolved_at", "closed_at", "close_reason"])
        await deadlines.cancel_open(ticket)
        await deadlines.schedule(
            ticket,
            (DeadlineKind.SOLUTION, DeadlineKind.RESOLUTION),
            start=now,
            tz=tz,
            round=ticket.reopen_count,
        )


# --- audit and delivery -------------------------------------------------------------------------


async def record_view(ticket: Ticket, actor: Actor, now: datetime, *, what: str) -> TicketEvent:
    """Seeing personal data in full (the phone number) is audited like any change."""
    _require_staff(actor)
    return await append_event(
        ticket, EventKind.VIEWED, now=now, data={"what": what}, internal=True, **actor.kwargs
    )


async def retry_delivery(message: OutboxMessage, actor: Actor, now: datetime) -> bool:
    """Put a failed message back in the queue; the sender picks it up on its next sweep."""
    _require_staff(actor)
    retried = await OutboxMessage.filter(id=message.id, state=OutboxState.FAILED).update(
        state=OutboxState.PENDING, next_attempt_at=utc(now), attempts=0, claimed_until=None, claim_token=None
    )
    if retried and message.ticket_id:
        ticket = await Ticket.get(id=message.ticket_id)
        await append_event(
            ticket,
            EventKind.NOTE,
            now=now,
            data={"retry_outbox_id": message.id},
            internal=True,
            **actor.kwargs,
        )
    return bool(retried)
