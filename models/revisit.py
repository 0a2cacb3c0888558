"""Revisit (回访): after resolution the customer is asked in their chat whether they are satisfied.

Satisfied → closed; not satisfied → reopened with fresh deadlines (handler and supervisor told), and a
second "not satisfied" escalates to the supervisor. Then a 1–5 rating and an optional comment. No answer
in 24 h → one reminder; none in 72 h → closed as "no response". Every answer is a conditional UPDATE, so
double taps and duplicated updates change nothing twice. Tickets entered by staff (phone, visit, letter)
have no chat: their revisit is a staff task driven by the REVISIT deadline, recorded with
`record_staff_revisit`. An A case closes only with the supervisor's approval: a satisfied (or silent)
customer leaves it resolved, the supervisor is told, and approving closes it (`on_close_approved`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import deadlines, lifecycle, notify
from models.customer import Customer
from models.enums import Channel, CloseReason, DeadlineKind, EventKind, Severity, Status
from models.errors import IllegalTransition, PermissionDenied, ValidationFailed
from models.event import append_event
from models.i18n import Catalogue
from models.leases import utc
from models.messaging import Buttons, enqueue_to_customer
from models.staff import Staff
from models.survey import Survey, SurveyStage, SurveyState
from models.ticket import Ticket

REMIND_AFTER = timedelta(hours=24)
EXPIRE_AFTER = timedelta(hours=72)
COMMENT_WINDOW = timedelta(hours=24)
MAX_COMMENT = 2000
BATCH = 200
OPEN_SURVEY = (SurveyState.ASKED, SurveyState.REMINDED)
CALLBACK = re.compile(r"^sv:(\d{1,12}):(yes|no|r[1-5]|skip)$")


@cache
def texts() -> Catalogue:
    return Catalogue.load(Path(__file__).parent / "revisit_messages")


def yes_no_buttons(survey_id: int, lang: str) -> Buttons:
    t = texts()
    return [
        [
            {"text": t.t("button.yes", lang), "data": f"sv:{survey_id}:yes"},
            {"text": t.t("button.no", lang), "data": f"sv:{survey_id}:no"},
        ]
    ]


def rating_buttons(survey_id: int) -> Buttons:
    return [[{"text": str(n), "data": f"sv:{survey_id}:r{n}"} for n in range(1, 6)]]


def skip_buttons(survey_id: int, lang: str) -> Buttons:
    return [[{"text": texts().t("button.skip", lang), "data": f"sv:{survey_id}:skip"}]]


async def customer_language(ticket: Ticket) -> str:
    lang = await Customer.filter(id=ticket.customer_id).first().values_list("language", flat=True)
    return str(lang or "zh")


# --- asking ----------------------------------------------------------------------------------------


async def start_revisit(ticket: Ticket, now: datetime, *, lang: str | None = None) -> Survey | None:
    """Ask the customer in their chat; without a chat the REVISIT deadline stays a staff task."""
    now = utc(now)
    if not Channel(ticket.channel).is_chat or not ticket.chat_id:
        return None
    lang = lang or await customer_language(ticket)
    try:
        survey = await Survey.create(
            ticket=ticket,
            round=ticket.reopen_count + 1,
            asked_at=now,
            reminder_due_at=now + REMIND_AFTER,
            expires_at=now + EXPIRE_AFTER,
        )
    except IntegrityError:  # this round was already asked
        return await Survey.get_or_none(ticket=ticket, round=ticket.reopen_count + 1)
    event = await append_event(
        ticket, EventKind.SURVEY_SENT, now=now, data={"survey_id": survey.id, "round": survey.round}
    )
    await enqueue_to_customer(
        ticket,
        texts().t("ask", lang, number=ticket.number),
        now=now,
        buttons=yes_no_buttons(survey.id, lang),
        event=event,
        dedupe_key=f"survey:{survey.id}:ask",
    )
    # The chat survey is the revisit: it went out at once, so the revisit deadline is met.
    await deadlines.mark_met(ticket, (DeadlineKind.REVISIT,), now)
    return survey


# --- answers from the chat -------------------------------------------------------------------------


async def on_button(channel: Channel, chat_id: str, data: str, *, now: datetime, tz: ZoneInfo) -> bool:
    """Handle any "sv:" callback; True when it was ours (also when it changed nothing: a double tap)."""
    now = utc(now)
    if not data.startswith("sv:"):
        return False
    match = CALLBACK.match(data)
    if match is None:
        return True
    survey = await Survey.get_or_none(id=int(match[1])).select_related("ticket")
    if survey is None or survey.ticket.channel != channel or survey.ticket.chat_id != str(chat_id):
        return True  # not this chat's survey: ignore rather than let anyone answer for someone else
    action = match[2]
    lang = await customer_language(survey.ticket)
    if action in ("yes", "no"):
        await _answer(survey, action == "yes", now=now, tz=tz, lang=lang)
    elif action == "skip":
        await _finish(survey, None, now=now, lang=lang)
    else:
        await _rate(survey, int(action[1]), now=now, lang=lang)
    return True


async def awaiting_comment(channel: Channel, chat_id: str, *, now: datetime | None = None) -> Survey | None:
    """The survey whose optional comment this chat's next free text is (None: treat text normally)."""
    query = Survey.filter(stage=SurveyStage.COMMENT, ticket__channel=channel, ticket__chat_id=str(chat_id))
    if now is not None:
        query = query.filter(answered_at__gte=utc(now) - COMMENT_WINDOW)
    return await query.order_by("-id").select_related("ticket").first()


async def on_comment(survey: Survey, text: str, *, now: datetime) -> None:
    now = utc(now)
    await _finish(survey, text, now=now, lang=await customer_language(await survey.ticket))


async def _answer(survey: Survey, satisfied: bool, *, now: datetime, tz: ZoneInfo, lang: str) -> None:
    ticket = survey.ticket
    async with in_transaction():
        taken = await Survey.filter(id=survey.id, state__in=OPEN_SURVEY).update(
            state=SurveyState.ANSWERED, satisfied=satisfied, answered_at=now, stage=SurveyStage.RATING
        )
        if not taken:
            if survey.state == SurveyState.NO_RESPONSE:
                await enqueue_to_customer(
                    ticket, texts().t("closed", lang), now=now, dedupe_key=f"survey:{survey.id}:late"
                )
            return  # a double tap: the first tap already counted
        event = await append_event(
            ticket,
            EventKind.SURVEY_ANSWER,
            now=now,
            data={"survey_id": survey.id, "satisfied": satisfied},
            by_customer=True,
        )
        if satisfied:
            await _close(ticket, CloseReason.SATISFIED, survey, now=now, tz=tz)
            ack = texts().t("satisfied", lang)
        else:
            await _reopen(ticket, survey, now=now, tz=tz)
            ack = texts().t("unsatisfied", lang, number=ticket.number)
        await enqueue_to_customer(
            ticket,
            f"{ack}\n{texts().t('rating', lang)}",
            now=now,
            buttons=rating_buttons(survey.id),
            event=event,
            dedupe_key=f"survey:{survey.id}:rating",
        )


async def _rate(survey: Survey, rating: int, *, now: datetime, lang: str) -> None:
    async with in_transaction():
        if not await Survey.filter(id=survey.id, stage=SurveyStage.RATING).update(
            rating=rating, stage=SurveyStage.COMMENT
        ):
            return
        await append_event(
            survey.ticket,
            EventKind.SURVEY_ANSWER,
            now=now,
            data={"survey_id": survey.id, "rating": rating},
            by_customer=True,
        )
        await enqueue_to_customer(
            survey.ticket,
            texts().t("comment", lang),
            now=now,
            buttons=skip_buttons(survey.id, lang),
            dedupe_key=f"survey:{survey.id}:comment",
        )


async def _finish(survey: Survey, comment: str | None, *, now: datetime, lang: str) -> None:
    ticket = await survey.ticket
    async with in_transaction():
        changes = {"stage": SurveyStage.DONE}
        if comment is not None:
            changes["comment"] = comment.strip()[:MAX_COMMENT]
        if not await Survey.filter(id=survey.id, stage=SurveyStage.COMMENT).update(**changes):
            return
        if comment is not None and comment.strip():
            await append_event(
                ticket,
                EventKind.SURVEY_ANSWER,
                now=now,
                body=comment.strip()[:MAX_COMMENT],
                data={"survey_id": survey.id, "comment": True},
                by_customer=True,
            )
        await enqueue_to_customer(
            ticket, texts().t("thanks", lang), now=now, dedupe_key=f"survey:{survey.id}:thanks"
        )


# --- outcomes --------------------------------------------------------------------------------------


async def _close(ticket: Ticket, reason: CloseReason, survey: Survey, *, now: datetime, tz: ZoneInfo) -> None:
    """Close a resolved ticket; an A case without the supervisor's approval waits for it instead."""
    if ticket.status != Status.RESOLVED:
        return  # staff already reopened it: the answer is stored, the ticket is theirs
    if ticket.severity == Severity.A and not await lifecycle.has_close_approval(ticket):
        key = (
            "survey.satisfied_needs_approval"
            if reason == CloseReason.SATISFIED
            else "survey.no_response_needs_approval"
        )
        await notify.notify(
            ticket,
            EventKind.APPROVAL_REQUESTED,
            await notify.supervisor_targets(ticket),
            key,
            await notify.ticket_params(ticket, tz),
            now=now,
            dedupe=f"survey:{survey.id}:approval",
            data={"survey_id": survey.id, "reason": reason.value},
        )
        return
    await lifecycle.close(ticket, reason, lifecycle.Actor(customer=reason == CloseReason.SATISFIED), now)


async def _reopen(ticket: Ticket, survey: Survey, *, now: datetime, tz: ZoneInfo) -> None:
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        return
    await Ticket.filter(id=ticket.id).update(unsatisfied_count=F("unsatisfied_count") + 1)
    ticket.unsatisfied_count += 1
    await lifecycle.reopen(ticket, "unsatisfied", lifecycle.Actor(customer=True), now, tz=tz)
    params = await notify.ticket_params(ticket, tz)
    told = [*await notify.handler_targets(ticket), *await notify.supervisor_targets(ticket)]
    await notify.notify(
        ticket,
        EventKind.REMINDER,
        told,
        "survey.unsatisfied",
        params,
        now=now,
        dedupe=f"survey:{survey.id}:unsatisfied",
        data={"survey_id": survey.id, "reason": "unsatisfied"},
    )
    if ticket.unsatisfied_count >= 2:
        count = ticket.unsatisfied_count
        await notify.notify(
            ticket,
            EventKind.ESCALATED,
            await notify.supervisor_targets(ticket),
            "survey.unsatisfied_again",
            lambda lang: {**params(lang), "count": count},
            now=now,
            dedupe=f"survey:{survey.id}:escalate",
            data={"survey_id": survey.id, "reason": "unsatisfied_again", "count": count},
        )


async def on_close_approved(ticket: Ticket, now: datetime) -> bool:
    """The supervisor approved closing an A case: close it if the revisit already ended."""
    now = utc(now)
    if ticket.status != Status.RESOLVED:
        return False
    survey = await Survey.filter(ticket=ticket).order_by("-round").first()
    if survey is None:
        return False
    if survey.state == SurveyState.ANSWERED and survey.satisfied:
        reason = CloseReason.SATISFIED
    elif survey.state == SurveyState.NO_RESPONSE:
        reason = CloseReason.NO_RESPONSE
    else:
        return False
    await lifecycle.close(ticket, reason, lifecycle.SYSTEM, now)
    return True


async def record_staff_revisit(
    ticket: Ticket,
    actor: lifecycle.Actor,
    now: datetime,
    *,
    tz: ZoneInfo,
    satisfied: bool,
    rating: int | None = None,
    comment: str = "",
) -> Survey:
    """A revisit made by phone or visit (tickets without a chat): stored like a chat answer."""
    now = utc(now)
    staff: Staff | None = actor.staff
    if staff is None:
        raise PermissionDenied("staff_required")
    if ticket.status != Status.RESOLVED:
        raise IllegalTransition(f"{ticket.number}: only a resolved ticket is revisited")
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationFailed("rating", "out_of_range")
    round_no = ticket.reopen_count + 1
    values = {
        "state": SurveyState.ANSWERED,
        "stage": SurveyStage.DONE,
        "satisfied": satisfied,
        "rating": rating,
        "comment": comment.strip()[:MAX_COMMENT],
        "answered_at": now,
    }
    async with in_transaction():
        survey = await Survey.get_or_none(ticket=ticket, round=round_no)
        if survey is None:
            survey = await Survey.create(ticket=ticket, round=round_no, asked_at=now, **values)
        else:
            await Survey.filter(id=survey.id).update(**values)
        await append_event(
            ticket,
            EventKind.SURVEY_ANSWER,
            now=now,
            body=values["comment"],
            data={"survey_id": survey.id, "satisfied": satisfied, "rating": rating, "by_staff": True},
            **actor.kwargs,
        )
        await deadlines.mark_met(ticket, (DeadlineKind.REVISIT,), now)
        if satisfied:
            await _close(ticket, CloseReason.SATISFIED, survey, now=now, tz=tz)
        else:
            await _reopen(ticket, survey, now=now, tz=tz)
    return survey


# --- the sweep -------------------------------------------------------------------------------------


async def run_due(now: datetime, *, tz: ZoneInfo, batch: int = BATCH) -> int:
    """One pass: 24 h reminders, 72 h closes as "no response", stale comment prompts ended."""
    now = utc(now)
    acted = 0
    reminders = Survey.filter(
        state=SurveyState.ASKED, reminder_due_at__lte=now, expires_at__gt=now
    ).select_related("ticket")
    for survey in await reminders.limit(batch):
        acted += await _remind(survey, now=now)
    expired = Survey.filter(state__in=OPEN_SURVEY, expires_at__lte=now).select_related("ticket")
    for survey in await expired.limit(batch):
        acted += await _expire(survey, now=now, tz=tz)
    await Survey.filter(stage=SurveyStage.COMMENT, answered_at__lt=now - COMMENT_WINDOW).update(
        stage=SurveyStage.DONE
    )
    return acted


async def _remind(survey: Survey, *, now: datetime) -> int:
    lang = await customer_language(survey.ticket)
    async with in_transaction():
        if not await Survey.filter(id=survey.id, state=SurveyState.ASKED).update(
            state=SurveyState.REMINDED, reminded_at=now
        ):
            return 0
        await enqueue_to_customer(
            survey.ticket,
            texts().t("reminder", lang, number=survey.ticket.number),
            now=now,
            buttons=yes_no_buttons(survey.id, lang),
            dedupe_key=f"survey:{survey.id}:remind",
        )
    return 1


async def _expire(survey: Survey, *, now: datetime, tz: ZoneInfo) -> int:
    ticket = survey.ticket
    async with in_transaction():
        if not await Survey.filter(id=survey.id, state__in=OPEN_SURVEY).update(
            state=SurveyState.NO_RESPONSE, stage=SurveyStage.DONE
        ):
            return 0
        await append_event(
            ticket, EventKind.SURVEY_ANSWER, now=now, data={"survey_id": survey.id, "no_response": True}
        )
        await _close(ticket, CloseReason.NO_RESPONSE, survey, now=now, tz=tz)
    return 1
