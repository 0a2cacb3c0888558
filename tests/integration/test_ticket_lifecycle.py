"""The ticket state machine on a real database: legal moves, illegal moves, and the audit trail."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

import pytest

from models.approval import ApprovalKind
from models.customer import customer_for_chat
from models.deadline import Deadline
from models.enums import Channel, CloseReason, DeadlineKind, DeadlineState, EventKind, Role, Severity, Status
from models.errors import IllegalTransition, PermissionDenied
from models.event import TicketEvent
from models.lifecycle import (
    Actor,
    close,
    decide_approval,
    file_ticket,
    reopen,
    request_approval,
    resolve,
    take_over,
)
from models.record import ComplaintRecord
from models.staff import Staff

TZ = ZoneInfo("Asia/Shanghai")


async def _ticket(clock, severity: str = "C"):
    customer = await customer_for_chat(Channel.TELEGRAM, "1001")
    record = ComplaintRecord(description="水壶漏电", customer_name="张三", phone="+8613812345678")
    return await file_ticket(
        record,
        customer=customer,
        channel=Channel.TELEGRAM,
        chat_id="1001",
        now=clock.now(),
        tz=TZ,
        suggestion={"category": "product_quality", "severity": severity, "keywords": [], "confidence": 0.9},
    )


async def _staff(username: str, role: Role = Role.HANDLER) -> Staff:
    return await Staff.create(username=username, display_name=username, role=role)


async def test_filed_ticket_gets_number_deadlines_and_creation_event(db, clock):
    ticket = await _ticket(clock)
    assert ticket.number == "KS-20261116-0001"
    kinds = set(await Deadline.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == {DeadlineKind.FIRST_CONTACT, DeadlineKind.SOLUTION, DeadlineKind.RESOLUTION}
    created = await TicketEvent.get(ticket=ticket, kind=EventKind.CREATED)
    assert created.actor_customer and created.created_at == clock.now()


async def test_ticket_numbers_stay_unique_when_filed_concurrently(db, clock):
    tickets = await asyncio.gather(*(_ticket(clock) for _ in range(30)))
    assert len({t.number for t in tickets}) == 30


async def test_closing_a_ticket_that_was_never_resolved_is_refused(db, clock):
    ticket = await _ticket(clock)
    handler = await _staff("li")
    with pytest.raises(IllegalTransition):
        await close(ticket, CloseReason.STAFF, Actor(staff=handler), clock.now())
    await take_over(ticket, Actor(staff=handler), clock.now())
    with pytest.raises(IllegalTransition):
        await close(ticket, CloseReason.STAFF, Actor(staff=handler), clock.now())
    assert (await ticket.refresh_from_db() or ticket).status == Status.IN_PROGRESS


async def test_approving_without_a_supervisor_raises_permission_denied(db, clock):
    ticket = await _ticket(clock, severity="A")
    handler = await _staff("li")
    approval = await request_approval(ticket, ApprovalKind.CLOSE_MAJOR, Actor(staff=handler), clock.now())
    with pytest.raises(PermissionDenied):
        await decide_approval(approval, True, Actor(staff=handler), clock.now())


async def test_a_case_closes_only_after_supervisor_approval(db, clock):
    ticket = await _ticket(clock, severity=Severity.A)
    handler, boss = await _staff("li"), await _staff("wang", Role.SUPERVISOR)
    actor = Actor(staff=handler)
    await take_over(ticket, actor, clock.now())
    await resolve(ticket, "换新并赔偿", actor, clock.now(), tz=TZ)
    with pytest.raises(IllegalTransition):
        await close(ticket, CloseReason.STAFF, actor, clock.now())
    approval = await request_approval(ticket, ApprovalKind.CLOSE_MAJOR, actor, clock.now())
    await decide_approval(approval, True, Actor(staff=boss), clock.now(), note="同意结案")
    await close(ticket, CloseReason.STAFF, actor, clock.now())
    assert ticket.status == Status.CLOSED
    await approval.refresh_from_db()
    assert approval.decided_by_name == "wang" and approval.decided_at == clock.now()


async def test_every_state_change_appends_an_event_with_actor_and_time(db, clock):
    ticket = await _ticket(clock)
    handler = await _staff("li")
    actor = Actor(staff=handler)
    await take_over(ticket, actor, clock.now())
    clock.advance(hours=1)
    await resolve(ticket, "已退款", actor, clock.now(), tz=TZ)
    clock.advance(hours=1)
    await reopen(ticket, "客户不满意", Actor(customer=True), clock.now(), tz=TZ)
    moves = await TicketEvent.filter(ticket=ticket, kind=EventKind.STATUS).order_by("id")
    assert [(e.data["from"], e.data["to"]) for e in moves] == [
        ("new", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "reopened"),
    ]
    assert [e.actor_id for e in moves] == [handler.id, handler.id, None]
    assert moves[2].actor_customer is True
    assert all(e.created_at is not None for e in moves)


async def test_reopened_ticket_gets_a_fresh_round_of_deadlines(db, clock):
    ticket = await _ticket(clock)
    actor = Actor(staff=await _staff("li"))
    await take_over(ticket, actor, clock.now())
    await resolve(ticket, "已处理", actor, clock.now(), tz=TZ)
    await reopen(ticket, "不满意", Actor(customer=True), clock.now(), tz=TZ)
    fresh = await Deadline.filter(ticket=ticket, round=1, state=DeadlineState.PENDING)
    assert {d.kind for d in fresh} == {DeadlineKind.SOLUTION, DeadlineKind.RESOLUTION}
    assert ticket.next_due_at is not None


async def test_events_are_append_only(db, clock):
    ticket = await _ticket(clock)
    event = await TicketEvent.filter(ticket=ticket).first()
    event.body = "tampered"
    with pytest.raises(RuntimeError):
        await event.save()
