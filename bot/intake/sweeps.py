"""Drafts left alone: one nudge after 2 hours, abandoned after 24. Called by the scheduler's sweep.

`run_due(now, settings)` claims each session with a conditional UPDATE, so two instances never nudge
or expire the same draft twice; the reply is queued in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from bot.intake.catalogue import messages
from bot.intake.steps import DRAFT_STEPS
from kesu.settings import Settings
from models.enums import Channel
from models.intake import IntakeSession, ProcessedUpdate
from models.lifecycle import customer_message
from models.messaging import enqueue
from models.ticket import Ticket

NUDGE_AFTER = timedelta(hours=2)
EXPIRE_AFTER = timedelta(hours=24)
KEEP_UPDATE_KEYS = timedelta(days=7)  # redeliveries come within minutes; a week is plenty
BATCH = 500
WAITING_STEPS = (*DRAFT_STEPS, "choose_ticket")


async def run_due(now: datetime, settings: Settings) -> int:
    """Nudge and expire due drafts; returns how many sessions were touched."""
    done = 0
    for session in await _due(now - EXPIRE_AFTER, nudged=None):
        done += await _expire(session, now)
    for session in await _due(now - NUDGE_AFTER, nudged=False):
        done += await _nudge(session, now)
    await ProcessedUpdate.filter(created_at__lt=now - KEEP_UPDATE_KEYS).delete()
    return done


async def _due(before: datetime, *, nudged: bool | None) -> list[IntakeSession]:
    query = IntakeSession.filter(step__in=WAITING_STEPS, updated_at__lt=before)
    if nudged is False:
        query = query.filter(nudged_at__isnull=True)
    return await query.order_by("updated_at").limit(BATCH)


async def _nudge(session: IntakeSession, now: datetime) -> int:
    async with in_transaction():
        claimed = await IntakeSession.filter(id=session.id, version=session.version, nudged_at=None).update(
            nudged_at=now
        )
        if claimed:
            text = messages().t("sweep.nudge", session.language)
            await enqueue(Channel(session.channel), session.chat_id, text, now=now)
    return claimed


async def _expire(session: IntakeSession, now: datetime) -> int:
    async with in_transaction():
        claimed = await IntakeSession.filter(id=session.id, version=session.version).update(
            step="idle", draft={}, version=session.version + 1, nudged_at=None
        )
        if not claimed:
            return 0
        if session.step == "choose_ticket":
            await _keep_pending(session, now)  # held messages are never dropped: newest ticket gets them
        else:
            text = messages().t("sweep.expired", session.language)
            await enqueue(Channel(session.channel), session.chat_id, text, now=now)
    return 1


async def _keep_pending(session: IntakeSession, now: datetime) -> None:
    draft = session.draft or {}
    options = draft.get("options") or []
    ticket = await Ticket.get_or_none(id=options[0]["id"]) if options else None
    if ticket is None:
        return
    for entry in draft.get("pending", []):
        photos = [entry["photo"]] if entry.get("photo") else []
        await customer_message(ticket, str(entry.get("text") or ""), now, attachments=photos)
