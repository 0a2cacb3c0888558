"""The revisit survey: satisfied closes, unsatisfied reopens (twice escalates), silence closes as no response."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from models import revisit
from models.approval import ApprovalKind
from models.deadline import Deadline
from models.enums import Channel, CloseReason, DeadlineKind, DeadlineState, EventKind, Status
from models.event import TicketEvent
from models.lifecycle import Actor, decide_approval, request_approval, resolve, take_over
from models.outbox import OutboxMessage
from models.survey import Survey, SurveyStage, SurveyState
from models.ticket import Ticket

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=TZ)
RESOLVED_AT = MONDAY + timedelta(hours=2)


async def _resolved(desk, file_at, severity: str = "C", chat: str = "c1", channel=Channel.TELEGRAM):
    ticket = await file_at(MONDAY, severity, channel=channel, chat=chat)
    handler = Actor(staff=desk["handler"])
    await take_over(ticket, handler, MONDAY)
    await resolve(ticket, "已换新", handler, RESOLVED_AT, tz=TZ)
    return ticket


async def _customer_messages(chat: str = "c1") -> list[OutboxMessage]:
    return await OutboxMessage.filter(chat_id=chat, to_staff=False).order_by("id")


async def _tap(survey: Survey, action: str, at: datetime, chat: str = "c1") -> bool:
    return await revisit.on_button(Channel.TELEGRAM, chat, f"sv:{survey.id}:{action}", now=at, tz=TZ)


async def test_resolving_asks_the_customer_with_satisfied_buttons(desk, file_at):
    ticket = await _resolved(desk, file_at)
    survey = await Survey.get(ticket=ticket)
    assert survey.state == SurveyState.ASKED and survey.round == 1
    [ask] = await _customer_messages()
    assert ticket.number in ask.text and "满意吗" in ask.text
    assert ask.buttons == [
        [{"text": "满意", "data": f"sv:{survey.id}:yes"}, {"text": "不满意", "data": f"sv:{survey.id}:no"}]
    ]
    revisit_deadline = await Deadline.get(ticket=ticket, kind=DeadlineKind.REVISIT)
    assert revisit_deadline.state == DeadlineState.MET


async def test_satisfied_customer_closes_the_ticket_then_rates_and_comments(desk, file_at):
    ticket = await _resolved(desk, file_at)
    survey = await Survey.get(ticket=ticket)
    at = RESOLVED_AT + timedelta(hours=1)
    assert await _tap(survey, "yes", at)
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.CLOSED and ticket.close_reason == CloseReason.SATISFIED
    rating_prompt = (await _customer_messages())[-1]
    assert [b["data"] for b in rating_prompt.buttons[0]] == [f"sv:{survey.id}:r{n}" for n in range(1, 6)]
    assert await _tap(survey, "r5", at)
    waiting = await revisit.awaiting_comment(Channel.TELEGRAM, "c1", now=at)
    assert waiting is not None and waiting.id == survey.id
    await revisit.on_comment(waiting, "处理很及时<script>alert(1)</script>", now=at)
    survey = await Survey.get(id=survey.id)
    assert (survey.satisfied, survey.rating, survey.stage) == (True, 5, SurveyStage.DONE)
    assert survey.comment == "处理很及时<script>alert(1)</script>"
    assert await revisit.awaiting_comment(Channel.TELEGRAM, "c1") is None
    assert "谢谢" in (await _customer_messages())[-1].text


async def test_double_taps_and_stale_buttons_change_nothing_twice(desk, file_at):
    ticket = await _resolved(desk, file_at)
    survey = await Survey.get(ticket=ticket)
    at = RESOLVED_AT + timedelta(minutes=5)
    for _ in range(3):
        assert await _tap(survey, "no", at)
    assert await _tap(survey, "yes", at)  # a late tap on the other button of the same message
    for _ in range(2):
        assert await _tap(survey, "r2", at)
    assert await _tap(survey, "skip", at)
    assert await _tap(survey, "skip", at)
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.REOPENED and ticket.unsatisfied_count == 1 and ticket.reopen_count == 1
    survey = await Survey.get(id=survey.id)
    assert (survey.satisfied, survey.rating, survey.stage) == (False, 2, SurveyStage.DONE)
    assert await TicketEvent.filter(ticket=ticket, kind=EventKind.SURVEY_ANSWER).count() == 2
    texts = [m.text for m in await _customer_messages()]
    assert len(texts) == 4  # question, reopened + rating, comment prompt, thanks


async def test_unsatisfied_reopens_with_fresh_deadlines_and_tells_handler_and_supervisor(desk, file_at):
    ticket = await _resolved(desk, file_at)
    survey = await Survey.get(ticket=ticket)
    at = RESOLVED_AT + timedelta(hours=1)
    await _tap(survey, "no", at)
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.REOPENED and ticket.assignee_id == desk["handler"].id
    fresh = await Deadline.filter(ticket=ticket, round=1).order_by("kind")
    assert {d.kind for d in fresh} == {DeadlineKind.SOLUTION, DeadlineKind.RESOLUTION}
    assert all(d.started_at == at and d.state == DeadlineState.PENDING for d in fresh)
    told = await OutboxMessage.filter(to_staff=True).values_list("chat_id", flat=True)
    assert sorted(told) == ["h1", "s1"]
    assert not await TicketEvent.exists(ticket=ticket, kind=EventKind.ESCALATED)


async def test_second_unsatisfied_revisit_escalates_to_supervisor(desk, file_at):
    ticket = await _resolved(desk, file_at)
    handler = Actor(staff=desk["handler"])
    first = await Survey.get(ticket=ticket)
    await _tap(first, "no", RESOLVED_AT + timedelta(hours=1))
    ticket = await Ticket.get(id=ticket.id)
    await take_over(ticket, handler, RESOLVED_AT + timedelta(hours=2))
    await resolve(ticket, "再次处理", handler, RESOLVED_AT + timedelta(hours=5), tz=TZ)
    second = await Survey.get(ticket=ticket, round=2)
    await _tap(second, "no", RESOLVED_AT + timedelta(hours=6))
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.REOPENED and ticket.unsatisfied_count == 2
    escalated = await TicketEvent.get(ticket=ticket, kind=EventKind.ESCALATED)
    assert escalated.data == {
        "notice": "survey.unsatisfied_again",
        "staff": [desk["supervisor"].id],
        "survey_id": second.id,
        "reason": "unsatisfied_again",
        "count": 2,
    }
    escalations = await OutboxMessage.filter(to_staff=True, text__contains="再次不满意")
    assert [m.chat_id for m in escalations] == ["s1"]


async def test_no_answer_gets_one_reminder_then_closes_as_no_response(desk, file_at):
    ticket = await _resolved(desk, file_at)
    assert await revisit.run_due(RESOLVED_AT + timedelta(hours=23, minutes=59), tz=TZ) == 0
    assert await revisit.run_due(RESOLVED_AT + timedelta(hours=24), tz=TZ) == 1
    assert await revisit.run_due(RESOLVED_AT + timedelta(hours=48), tz=TZ) == 0
    reminders = [m for m in await _customer_messages() if "再次打扰" in m.text]
    assert len(reminders) == 1 and reminders[0].buttons
    assert await revisit.run_due(RESOLVED_AT + timedelta(hours=72), tz=TZ) == 1
    assert await revisit.run_due(RESOLVED_AT + timedelta(hours=80), tz=TZ) == 0
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.CLOSED and ticket.close_reason == CloseReason.NO_RESPONSE
    survey = await Survey.get(ticket=ticket)
    assert survey.state == SurveyState.NO_RESPONSE
    # A tap after the close changes nothing and is answered politely.
    assert await _tap(survey, "no", RESOLVED_AT + timedelta(hours=90))
    assert (await Ticket.get(id=ticket.id)).status == Status.CLOSED
    assert "已经结束" in (await _customer_messages())[-1].text


async def test_satisfied_a_case_waits_for_the_supervisor_then_closes_on_approval(desk, file_at):
    ticket = await _resolved(desk, file_at, severity="A")
    survey = await Survey.get(ticket=ticket)
    await _tap(survey, "yes", RESOLVED_AT + timedelta(hours=1))
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.RESOLVED
    waiting = await OutboxMessage.filter(to_staff=True, text__contains="待批示").values_list(
        "chat_id", flat=True
    )
    assert waiting == ["s1"]
    approval = await request_approval(
        ticket, ApprovalKind.CLOSE_MAJOR, Actor(staff=desk["handler"]), RESOLVED_AT + timedelta(hours=2)
    )
    await decide_approval(approval, True, Actor(staff=desk["supervisor"]), RESOLVED_AT + timedelta(hours=3))
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.CLOSED and ticket.close_reason == CloseReason.SATISFIED


async def test_someone_elses_chat_cannot_answer_the_survey(desk, file_at):
    ticket = await _resolved(desk, file_at)
    survey = await Survey.get(ticket=ticket)
    assert await _tap(survey, "yes", RESOLVED_AT, chat="intruder")
    assert (await Ticket.get(id=ticket.id)).status == Status.RESOLVED
    assert not await revisit.on_button(Channel.TELEGRAM, "c1", "intake:confirm", now=RESOLVED_AT, tz=TZ)
    assert await revisit.on_button(Channel.TELEGRAM, "c1", "sv:garbage'; DROP TABLE", now=RESOLVED_AT, tz=TZ)


async def test_phone_ticket_gets_no_chat_survey_and_staff_record_the_revisit(desk, file_at):
    ticket = await _resolved(desk, file_at, channel=Channel.PHONE)
    assert not await Survey.exists(ticket=ticket)
    assert await OutboxMessage.filter(to_staff=False).count() == 0
    await revisit.record_staff_revisit(
        ticket,
        Actor(staff=desk["handler"]),
        RESOLVED_AT + timedelta(hours=1),
        tz=TZ,
        satisfied=True,
        rating=4,
    )
    ticket = await Ticket.get(id=ticket.id)
    assert ticket.status == Status.CLOSED and ticket.close_reason == CloseReason.SATISFIED
    assert (await Deadline.get(ticket=ticket, kind=DeadlineKind.REVISIT)).state == DeadlineState.MET
    assert (await Survey.get(ticket=ticket)).rating == 4
