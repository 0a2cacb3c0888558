"""The dialogue engine: one customer action in, the new state and one reply committed together.

Per action: load the chat's session, let the step's handler compute the answer (no writes yet), then in
one short transaction record the update key (idempotency), run the turn's writes (filing, photos …),
save the new state with an optimistic version check, and queue the reply in the outbox. Nothing here
awaits the network, so the transaction never holds the database while a chat peer is slow. With an
`outbox` (the sender's fast path) the reply row is created already claimed and handed to the sender
after the commit, so it leaves at once instead of waiting for the sender's next pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot import raw_sql
from bot.intake import revisit_hooks
from bot.intake.commands import on_command, on_language
from bot.intake.followup import on_choose_ticket, on_idle
from bot.intake.inbound import Inbound, Kind
from bot.intake.prompts import prompt
from bot.intake.steps import DRAFT_STEPS, STATES, photo_in_draft
from bot.intake.turn import Turn
from kesu.clock import Clock
from kesu.settings import Settings
from models.customer import customer_for_chat
from models.enums import Language
from models.intake import IntakeSession
from models.leases import utc
from models.lexicon_store import DeskLexicon
from models.messaging import enqueue
from models.outbox import OutboxMessage

log = logging.getLogger("kesu.intake")

MAX_ATTEMPTS = 5  # a version conflict (another instance answered first) is retried with fresh state


class Outbox(Protocol):
    """The sender's fast path (bot.delivery.sender.OutboxSender)."""

    def lease(self) -> _Lease: ...

    def deliver(self, message: OutboxMessage) -> None: ...


class _Lease(Protocol):
    token: str
    until: datetime


class _Duplicate(Exception):
    """The update was handled before: a redelivery."""


class _Conflict(Exception):
    """The session changed under us."""


class Dialogue:
    """The intake dialogue shared by Telegram and the web chat."""

    def __init__(
        self, settings: Settings, clock: Clock, *, on_queued: Callable[[], None] | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        # Called after a reply was committed to the outbox, so the sender delivers it at once.
        self.on_queued = on_queued
        self.outbox: Outbox | None = None  # when set, replies are handed over instead (fast path)
        self.lexicon = DeskLexicon(settings.data_dir / "cache")

    async def handle(self, inbound: Inbound) -> bool:
        """Answer one customer action; False when it was a duplicate delivery (nothing done)."""
        inbound, total = _clip(inbound, self.settings.max_message_chars)
        for _ in range(MAX_ATTEMPTS):
            now = self.clock.now()
            session = await self._session(inbound)
            turn = Turn(
                inbound=inbound,
                customer=session.customer,
                step=session.step,
                draft=dict(session.draft or {}),
                lang=session.language,
                now=now,
                settings=self.settings,
                session_id=session.id,
                active_ticket_id=session.active_ticket_id,
                last_active_at=session.updated_at,
                lexicon=await self.lexicon.get(now.timestamp()),
            )
            if total:
                turn.say("truncated", total=total, limit=self.settings.max_message_chars)
            turn.step = await route(turn)
            if turn.ask:
                prompt(turn)
            outbox = self.outbox
            lease = outbox.lease() if outbox is not None else None
            try:
                queued = await _commit(session, turn, (lease.token, lease.until) if lease else None)
            except _Duplicate:
                return False
            except _Conflict:
                log.info("intake: session %s changed concurrently, retrying", session.id)
                continue
            if queued is not None and outbox is not None:
                outbox.deliver(queued)
            # Effects (filing, survey answers) may queue messages of their own, for the sender's pass.
            if self.on_queued is not None and (turn.effects or (queued is not None and outbox is None)):
                self.on_queued()
            return True
        raise RuntimeError(f"intake: session of {inbound.channel}:{inbound.chat_id} kept changing")

    async def _session(self, inbound: Inbound) -> IntakeSession:
        key = {"channel": inbound.channel, "chat_id": inbound.chat_id}
        session = await IntakeSession.get_or_none(**key).select_related("customer")
        if session is not None and session.customer is not None:
            return session
        language = _language(inbound.language, self.settings.default_language)
        customer = await customer_for_chat(inbound.channel, inbound.chat_id, language=language)
        if session is not None:
            await IntakeSession.filter(id=session.id).update(customer=customer)
            return await IntakeSession.get(id=session.id).select_related("customer")
        # The chat's first two messages may race: the loser finds the row the other one created.
        with suppress(IntegrityError):
            await IntakeSession.create(
                **key, customer=customer, language=customer.language, updated_at=self.clock.now()
            )
        return await IntakeSession.get(**key).select_related("customer")


def _language(hint: str | None, default: str) -> Language:
    if hint and hint.lower().startswith("en"):
        return Language.EN
    if hint and hint.lower().startswith("zh"):
        return Language.ZH
    return Language(default)


def _clip(inbound: Inbound, limit: int) -> tuple[Inbound, int]:
    """Text beyond the limit is cut and the customer is told how much was kept (never silently)."""
    if len(inbound.text) <= limit:
        return inbound, 0
    return replace(inbound, text=inbound.text[:limit]), len(inbound.text)


async def route(turn: Turn) -> str:
    """Commands and global buttons first, then the current step's handler (the STATES table)."""
    kind, data = turn.inbound.kind, turn.inbound.data
    if kind is Kind.COMMAND:
        return await on_command(turn)
    if kind is Kind.CALLBACK and data.startswith("sv:"):
        return await survey_button(turn)
    if kind is Kind.CALLBACK and data.startswith("lang:"):
        return on_language(turn)
    if kind is Kind.UNSUPPORTED:
        turn.say("unsupported")
        return turn.step
    if kind is Kind.TEXT and turn.step not in DRAFT_STEPS and await survey_comment(turn):
        return turn.step
    if kind is Kind.PHOTO and turn.step in DRAFT_STEPS:
        return await photo_in_draft(turn)
    if turn.step in STATES:
        return await STATES[turn.step](turn)
    if turn.step == "choose_ticket":
        return await on_choose_ticket(turn)
    turn.step = "idle"  # also recovers a session left in a step this version does not know
    return await on_idle(turn)


async def survey_button(turn: Turn) -> str:
    """Revisit answers (sv:…) belong to the survey; it queues its own reply."""
    revisit = revisit_hooks()
    turn.ask = False
    if revisit is None:
        turn.say("stale_button")
        return turn.step
    inbound, now, tz = turn.inbound, turn.now, turn.settings.timezone

    async def answer() -> None:
        await revisit.on_button(inbound.channel, inbound.chat_id, inbound.data, now=now, tz=tz)

    turn.effect(answer)
    return turn.step


async def survey_comment(turn: Turn) -> bool:
    """Free text after a revisit question is the survey comment, not a ticket message.

    Only outside a draft: a customer in the middle of a new complaint is answering our question.
    """
    revisit = revisit_hooks()
    if revisit is None:
        return False
    survey = await revisit.awaiting_comment(turn.inbound.channel, turn.inbound.chat_id)
    if survey is None:
        return False
    text, now = turn.text, turn.now

    async def comment() -> None:
        await revisit.on_comment(survey, text, now=now)

    turn.effect(comment)
    turn.ask = False
    return True


# The two statements every turn runs, written once (bot/raw_sql.py): the idempotency key, and the new
# state under the optimistic version check.
RECORD_UPDATE = 'INSERT INTO processed_update ("key", created_at) VALUES (?, ?)'
SAVE_SESSION = (
    "UPDATE intake_session SET step = ?, draft = ?, language = ?, active_ticket_id = ?, version = ?,"
    " updated_at = ?, nudged_at = NULL WHERE id = ? AND version = ?"
)


async def _commit(
    session: IntakeSession, turn: Turn, claim: tuple[str, datetime] | None
) -> OutboxMessage | None:
    async with in_transaction():
        try:
            await raw_sql.execute(RECORD_UPDATE, [turn.inbound.update_key[:128], utc(turn.now)])
        except IntegrityError:
            raise _Duplicate from None
        for effect in turn.effects:
            await effect()
        fields = IntakeSession._meta.fields_map
        saved = await raw_sql.execute(
            SAVE_SESSION,
            [
                turn.step,
                fields["draft"].to_db_value(turn.draft, session),
                Language(turn.lang).value,
                turn.active_ticket_id,
                session.version + 1,
                utc(turn.now),  # SQLite compares timestamps as text: always stored in UTC
                session.id,
                session.version,
            ],
        )
        if not saved:
            raise _Conflict
        if not turn.parts:
            return None
        return await enqueue(
            turn.inbound.channel,
            turn.inbound.chat_id,
            "\n\n".join(turn.parts),
            now=turn.now,
            buttons=turn.buttons,
            claim=claim,
        )
