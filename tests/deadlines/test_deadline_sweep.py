"""The deadline sweep: reminders to the right people before the deadline, escalation once it is missed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from models import sweeps
from models.deadline import Deadline
from models.enums import Channel, DeadlineKind, DeadlineState, EventKind, Role
from models.event import TicketEvent
from models.lifecycle import Actor, assign, log_contact, resolve, take_over
from models.outbox import OutboxMessage
from models.staff import Staff
from models.ticket import Ticket

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=TZ)


async def _staff_messages() -> list[tuple[str, str]]:
    rows = await OutboxMessage.filter(to_staff=True).order_by("id").values_list("chat_id", "text")
    return [(chat, text) for chat, text in rows]


async def test_reminder_goes_to_the_assigned_handler_once_before_the_deadline(desk, file_at):
    ticket = await file_at(MONDAY, "C")
    await take_over(ticket, Actor(staff=desk["handler"]), MONDAY)
    # First contact: due 14:00, remind 13:00.
    assert await sweeps.run_due(MONDAY + timedelta(hours=2, minutes=59), tz=TZ) == 0
    assert await sweeps.run_due(MONDAY + timedelta(hours=3), tz=TZ) == 1
    assert await sweeps.run_due(MONDAY + timedelta(hours=3, minutes=30), tz=TZ) == 0
    messages = await _staff_messages()
    assert len(messages) == 1 and messages[0][0] == "h1"
    assert "KS-" in messages[0][1] and "首次联系" in messages[0][1] and "14:00" in messages[0][1]
    row = await Deadline.get(ticket=ticket, kind=DeadlineKind.FIRST_CONTACT)
    assert row.state == DeadlineState.REMINDED and row.next_action_at == row.due_at
    event = await TicketEvent.get(ticket=ticket, kind=EventKind.REMINDER)
    assert event.data["staff"] == [desk["handler"].id]


async def test_unassigned_ticket_reminds_the_whole_department(desk, file_at):
    other = await Staff.create(username="zhao", department=desk["dept"], telegram_chat_id="h2")
    ticket = await file_at(MONDAY, "C")
    await sweeps.run_due(MONDAY + timedelta(hours=3), tz=TZ)
    chats = sorted(chat for chat, _ in await _staff_messages())
    assert chats == ["h1", "h2", "s1"]
    event = await TicketEvent.get(ticket=ticket, kind=EventKind.REMINDER)
    assert set(event.data["staff"]) == {desk["handler"].id, desk["supervisor"].id, other.id}


async def test_missed_deadline_is_overdue_and_escalated_to_the_supervisor_once(desk, file_at):
    ticket = await file_at(MONDAY, "C")
    await take_over(ticket, Actor(staff=desk["handler"]), MONDAY)
    await sweeps.run_due(MONDAY + timedelta(hours=3), tz=TZ)  # reminder
    due = MONDAY + timedelta(hours=4)
    assert await sweeps.run_due(due, tz=TZ) == 1
    for _ in range(3):
        assert await sweeps.run_due(due + timedelta(minutes=5), tz=TZ) == 0
    row = await Deadline.get(ticket=ticket, kind=DeadlineKind.FIRST_CONTACT)
    assert row.state == DeadlineState.OVERDUE and row.next_action_at is None and row.escalated_at == due
    assert (await Ticket.get(id=ticket.id)).overdue
    assert await TicketEvent.filter(ticket=ticket, kind=EventKind.OVERDUE).count() == 1
    escalated = await TicketEvent.get(ticket=ticket, kind=EventKind.ESCALATED)
    assert escalated.data["staff"] == [desk["supervisor"].id]
    escalations = [(c, t) for c, t in await _staff_messages() if "逾期" in t]
    assert escalations == [("s1", escalations[0][1])] and "李四" in escalations[0][1]


async def test_a_sweeper_that_was_down_escalates_without_a_late_reminder(desk, file_at):
    ticket = await file_at(MONDAY, "C")
    assert await sweeps.run_due(MONDAY + timedelta(hours=5), tz=TZ) == 1
    row = await Deadline.get(ticket=ticket, kind=DeadlineKind.FIRST_CONTACT)
    assert row.state == DeadlineState.OVERDUE and row.reminded_at is None
    assert not await TicketEvent.exists(ticket=ticket, kind=EventKind.REMINDER)


async def test_deadline_met_in_time_sends_nothing(desk, file_at):
    ticket = await file_at(MONDAY, "C")
    handler = Actor(staff=desk["handler"])
    await take_over(ticket, handler, MONDAY)
    await log_contact(ticket, "已电话联系", handler, MONDAY + timedelta(minutes=30))
    await sweeps.run_due(MONDAY + timedelta(hours=5), tz=TZ)
    assert await _staff_messages() == []
    row = await Deadline.get(ticket=ticket, kind=DeadlineKind.FIRST_CONTACT)
    assert row.state == DeadlineState.MET


async def test_staff_without_telegram_still_see_the_notice_in_the_back_office(desk, file_at):
    quiet = await Staff.create(username="qian", department=desk["dept"])
    ticket = await file_at(MONDAY, "C")
    await assign(ticket, quiet, Actor(staff=desk["supervisor"]), MONDAY)
    await sweeps.run_due(MONDAY + timedelta(hours=3), tz=TZ)
    assert await _staff_messages() == []
    assert (await TicketEvent.get(ticket=ticket, kind=EventKind.REMINDER)).data["staff"] == [quiet.id]


async def test_staff_entered_ticket_gets_a_revisit_task_reminder(desk, file_at):
    ticket = await file_at(MONDAY, "C", channel=Channel.PHONE)
    handler = Actor(staff=desk["handler"])
    await take_over(ticket, handler, MONDAY)
    await resolve(ticket, "已维修", handler, MONDAY + timedelta(hours=1), tz=TZ)
    await sweeps.run_due(MONDAY + timedelta(hours=4), tz=TZ)
    messages = await _staff_messages()
    assert len(messages) == 1 and messages[0][0] == "h1" and "回访" in messages[0][1]


async def test_a_complaint_is_reported_to_the_supervisor_when_filed(desk, file_at):
    ticket = await file_at(MONDAY, "A")
    messages = await _staff_messages()
    assert messages == [("s1", messages[0][1])] and "A 级" in messages[0][1]
    assert (await TicketEvent.get(ticket=ticket, kind=EventKind.ESCALATED)).data["reason"] == "major"


async def test_escalation_without_department_supervisor_goes_to_every_supervisor(desk, file_at):
    await Staff.filter(id=desk["supervisor"].id).update(department_id=None)
    boss = await Staff.create(username="boss", role=Role.SUPERVISOR, telegram_chat_id="s9")
    await file_at(MONDAY, "C")
    await sweeps.run_due(MONDAY + timedelta(hours=4), tz=TZ)
    escalations = sorted(c for c, t in await _staff_messages() if "逾期" in t)
    assert escalations == ["s1", "s9"] and boss.id


async def test_concurrent_sweeps_send_each_notice_once(desk, file_at):
    for i in range(40):
        await file_at(MONDAY, "C", chat=f"c{i}")
    later = MONDAY + timedelta(days=30)
    results = await asyncio.gather(*(sweeps.run_due(later, tz=TZ, batch=7) for _ in range(4)))
    while sum(results):
        results = await asyncio.gather(*(sweeps.run_due(later, tz=TZ, batch=7) for _ in range(4)))
    assert await Deadline.filter(state=DeadlineState.OVERDUE).count() == 120
    assert await TicketEvent.filter(kind=EventKind.OVERDUE).count() == 120
    keys = await OutboxMessage.filter(to_staff=True).values_list("dedupe_key", flat=True)
    assert len(keys) == 120 and len(set(keys)) == 120


async def test_expired_lease_of_a_crashed_sweeper_is_reclaimed(desk, file_at):
    ticket = await file_at(MONDAY, "C")
    due = MONDAY + timedelta(hours=4)
    row = await Deadline.get(ticket=ticket, kind=DeadlineKind.FIRST_CONTACT)
    lease_end = (due + timedelta(minutes=2)).astimezone(UTC)  # update() stores values as given: use UTC
    await Deadline.filter(id=row.id).update(claim_token="dead", claimed_until=lease_end)
    await sweeps.run_due(due, tz=TZ)
    assert (await Deadline.get(id=row.id)).state == DeadlineState.PENDING
    await sweeps.run_due(due + timedelta(minutes=3), tz=TZ)
    assert (await Deadline.get(id=row.id)).state == DeadlineState.OVERDUE
