"""After filing: what the customer writes goes to their open ticket's thread (asking which one if several)."""

from __future__ import annotations

from datetime import timedelta

from bot.intake.draft import new_draft
from bot.intake.filing import already_filed
from bot.intake.inbound import Kind, Photo
from bot.intake.photos import photo_note, save_photo
from bot.intake.steps import on_describe, photo_in_draft, stale
from bot.intake.turn import Turn
from models.enums import OPEN_STATUSES
from models.lifecycle import customer_message
from models.ticket import Ticket

# A chat that picked a ticket keeps writing to it while the conversation is live; after a pause it is asked.
STICKY = timedelta(hours=1)
MAX_CHOICES = 8


async def open_tickets(turn: Turn) -> list[Ticket]:
    return (
        await Ticket.filter(customer_id=turn.customer.id, status__in=OPEN_STATUSES)
        .order_by("-created_at")
        .limit(MAX_CHOICES)
    )


def _target(turn: Turn, tickets: list[Ticket]) -> Ticket | None:
    if len(tickets) == 1:
        return tickets[0]
    recent = turn.last_active_at is not None and turn.now - turn.last_active_at < STICKY
    return next((t for t in tickets if t.id == turn.active_ticket_id), None) if recent else None


def _pending_entry(turn: Turn) -> dict[str, object]:
    return {"text": turn.text, "photo": None}


async def on_idle(turn: Turn) -> str:
    """No draft: text or photos go to the open ticket; with none open, they start a new complaint."""
    if turn.inbound.kind is Kind.CALLBACK:
        return turn.step if already_filed(turn) else stale(turn)
    tickets = await open_tickets(turn)
    if not tickets:
        turn.draft = new_draft(name=turn.customer.name, phone=turn.customer.phone)
        turn.step = "describe"
        if turn.inbound.kind is Kind.PHOTO:
            return await photo_in_draft(turn)
        return await on_describe(turn)
    target = _target(turn, tickets)
    if target is None:
        turn.draft = {"pending": [], "options": [{"id": t.id, "number": t.number} for t in tickets]}
        _hold(turn)
        return "choose_ticket"
    _deliver(turn, target, [_pending_entry(turn)], photo=turn.inbound.photo)
    return "idle"


async def on_choose_ticket(turn: Turn) -> str:
    """Several open tickets: the message waits in the draft until the customer taps which one."""
    if turn.inbound.kind is not Kind.CALLBACK:
        _hold(turn)
        return "choose_ticket"
    data = turn.inbound.data
    options = {f"tk:{o['id']}": o for o in turn.draft.get("options", [])}
    if data not in options:
        return stale(turn)
    ticket = await Ticket.get_or_none(id=options[data]["id"], customer_id=turn.customer.id)
    if ticket is None:
        return stale(turn)
    _deliver(turn, ticket, turn.draft.get("pending", []), photo=None)
    turn.draft = {}
    return "idle"


def _hold(turn: Turn) -> None:
    """Keep the message (and its photo) in the draft while the customer chooses."""
    entry = _pending_entry(turn)
    turn.draft.setdefault("pending", []).append(entry)
    photo = turn.inbound.photo
    if photo is not None:
        photo_note(turn, photo)

        async def keep() -> None:
            entry["photo"] = (await save_photo(turn, photo)).id

        turn.effect(keep)


def _deliver(turn: Turn, ticket: Ticket, entries: list[dict[str, object]], *, photo: Photo | None) -> None:
    turn.active_ticket_id = ticket.id
    if photo is not None:
        photo_note(turn, photo)

    async def append() -> None:
        for entry in entries:
            ids = [entry["photo"]] if entry.get("photo") else []
            if photo is not None and entry is entries[-1]:
                ids.append((await save_photo(turn, photo)).id)
            await customer_message(ticket, str(entry.get("text") or ""), turn.now, attachments=ids)

    turn.effect(append)
    key = "filed.photo_added" if photo is not None and not turn.text else "filed.message_added"
    turn.say(key, number=ticket.number)


async def flush_pending(turn: Turn) -> None:
    """Leaving the "which ticket?" question by a command: the held messages go to the newest ticket."""
    if turn.step != "choose_ticket" or not turn.draft.get("pending"):
        return
    options = turn.draft.get("options", [])
    ticket = await Ticket.get_or_none(id=options[0]["id"]) if options else None
    if ticket is not None:
        _deliver(turn, ticket, turn.draft["pending"], photo=None)
    turn.draft = {}
