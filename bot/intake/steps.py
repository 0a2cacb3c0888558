"""The questions of the draft, one small handler per step; `STATES` is the whole flow in one table.

A handler reads the turn's input (text or button data), stores the answer in the draft and returns the
next step; the engine then asks that step's question (bot/intake/prompts.py). A bad value re-asks the
same step after saying what was wrong.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from bot.intake.draft import EDITABLE, STEP_OF_FIELD, apply_suggestion, mark_done, next_question, prefill
from bot.intake.filing import confirm
from bot.intake.inbound import Kind
from bot.intake.photos import photo_note, save_photo
from bot.intake.turn import Turn
from models.enums import ComplaintType, Demand
from models.errors import ValidationFailed
from models.record import (
    validate_amount,
    validate_description,
    validate_name,
    validate_phone,
    validate_purchase_date,
    validate_reference,
)
from nlp import classify, extract
from nlp.extract import find_demands, find_phones

Handler = Callable[[Turn], Awaitable[str]]


def after_answer(turn: Turn, question: str | None = None) -> str:
    """Next missing question, or back to the read-back when the customer was editing one field."""
    if question is not None:
        mark_done(turn.draft, question)
    if turn.draft.pop("editing", False):
        return "review"
    return next_question(turn.draft) or "review"


def stale(turn: Turn) -> str:
    turn.say("stale_button")
    return turn.step


def _callback(turn: Turn, prefix: str) -> str | None:
    """The value of a button of this step (`prefix:value`), or None for text and other buttons."""
    data = turn.inbound.data if turn.inbound.kind is Kind.CALLBACK else ""
    return data.removeprefix(prefix) if data.startswith(prefix) else None


def _skipped(turn: Turn) -> bool:
    return _callback(turn, "sk:") == turn.step


def set_description(turn: Turn, text: str) -> None:
    """Store the story, let the classifier suggest, and pre-fill what the first message already says."""
    editing = turn.draft.get("editing", False)
    turn.draft["description"] = text
    apply_suggestion(turn.draft, classify(text, lexicon=turn.lexicon).to_dict())
    if editing:
        return
    turn.say("received_description")
    filled = prefill(turn.draft, extract(text, today=turn.today))
    if filled:
        names = turn.t("separator").join(turn.t(f"field.{name}") for name in filled)
        turn.say("prefilled", fields=names)


def append_to_description(turn: Turn, text: str) -> None:
    """Words sent where no question expects them are kept with the story, never dropped."""
    current = turn.draft.get("description", "")
    turn.draft["description"] = f"{current}\n{text}".strip() if current else text


async def on_describe(turn: Turn) -> str:
    """The customer's own words come first; everything else is asked afterwards."""
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    try:
        text = validate_description(turn.text)
    except ValidationFailed:
        turn.say("invalid.description")
        return "describe"
    set_description(turn, text)
    return after_answer(turn)


async def on_name(turn: Turn) -> str:
    """How to address the customer."""
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    try:
        turn.draft["customer_name"] = validate_name(turn.text)
    except ValidationFailed:
        turn.say("invalid.name")
        return turn.step
    return after_answer(turn, "customer_name")


async def on_phone(turn: Turn) -> str:
    """A phone number we can call back: validated, stored as E.164."""
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    try:
        turn.draft["phone"] = validate_phone(turn.text)
    except ValidationFailed:
        found = find_phones(turn.text)  # "我的电话是 138…" carries a number inside a sentence
        if not found:
            turn.say("invalid.phone")
            return turn.step
        turn.draft["phone"] = found[0].e164
    return after_answer(turn, "phone")


async def on_reference(turn: Turn) -> str:
    """Order number, membership card or product model (optional)."""
    if _skipped(turn):
        turn.draft["reference"] = ""
        return after_answer(turn, "reference")
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    try:
        turn.draft["reference"] = validate_reference(turn.text)
    except ValidationFailed:
        turn.say("invalid.reference")
        return turn.step
    return after_answer(turn, "reference")


def parse_date(text: str, today: date) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        found = extract(text, today=today)
        return found.purchase_date or (found.dates[0].value if found.dates else None)


async def on_purchase_date(turn: Turn) -> str:
    """When it was bought (optional; 三包 periods count from it)."""
    if _skipped(turn):
        turn.draft["purchase_date"] = None
        return after_answer(turn, "purchase_date")
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    day = parse_date(turn.text, turn.today)
    if day is None:
        turn.say("invalid.purchase_date")
        return turn.step
    try:
        turn.draft["purchase_date"] = validate_purchase_date(day, turn.today).isoformat()
    except ValidationFailed as failure:
        turn.say(f"invalid.purchase_date_{failure.message}")
        return turn.step
    return after_answer(turn, "purchase_date")


async def on_demand(turn: Turn) -> str:
    """What the customer wants: a button, or a word such as 退货 typed instead."""
    chosen = _callback(turn, "dm:")
    if chosen is None and turn.inbound.kind is Kind.TEXT:
        words = find_demands(turn.text)
        chosen = words[0] if words else None
    if chosen not in Demand.__members__.values():
        turn.say("invalid.demand")
        return turn.step
    turn.draft["demand"] = Demand(chosen).value
    return after_answer(turn, "demand")


async def on_amount(turn: Turn) -> str:
    """The sum in dispute (optional); 三百元 and ¥299.50 are understood."""
    if _skipped(turn):
        turn.draft["amount"] = None
        return after_answer(turn, "amount")
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    try:
        value = validate_amount(turn.text)
    except ValidationFailed:
        found = extract(turn.text, today=turn.today).amount
        if found is None:
            turn.say("invalid.amount")
            return turn.step
        value = validate_amount(found)
    turn.draft["amount"] = str(value)
    return after_answer(turn, "amount")


async def on_photos(turn: Turn) -> str:
    """Pictures arrive as photo updates (engine); this step only waits for Done."""
    if _skipped(turn):
        return after_answer(turn, "photos")
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    append_to_description(turn, turn.text)
    return after_answer(turn, "photos")


async def on_type(turn: Turn) -> str:
    """Complaint type (商品/服务/…), proposed from the classifier, changed from the read-back."""
    chosen = _callback(turn, "ty:")
    if chosen not in ComplaintType.__members__.values():
        return stale(turn) if turn.inbound.kind is Kind.CALLBACK else turn.step
    turn.draft["complaint_type"] = chosen
    turn.draft["complaint_type_chosen"] = True
    return after_answer(turn)


async def on_review(turn: Turn) -> str:
    """The read-back: confirm files the ticket, an edit button asks that one field again."""
    nonce = _callback(turn, "ok:")
    if nonce is not None:
        return await confirm(turn) if nonce == turn.draft.get("nonce") else stale(turn)
    field = _callback(turn, "ed:")
    if field in EDITABLE:
        turn.draft["editing"] = True
        if field == "photos":
            turn.draft["photos"] = []
        return STEP_OF_FIELD[field]
    if turn.inbound.kind is Kind.CALLBACK:
        return stale(turn)
    append_to_description(turn, turn.text)
    return "review"


async def photo_in_draft(turn: Turn) -> str:
    """A picture while filling in: kept with the draft; a caption is part of the story."""
    photo = turn.inbound.photo
    if photo is None:
        return turn.step
    photos = turn.draft.setdefault("photos", [])
    turn.say("photo_saved", count=len(photos) + 1)
    photo_note(turn, photo)

    async def keep() -> None:
        photos.append((await save_photo(turn, photo)).id)

    turn.effect(keep)
    caption = turn.text.strip()
    if caption and turn.step == "describe":
        return await on_describe(turn)
    if caption:
        append_to_description(turn, caption)
    return turn.step


STATES: dict[str, Handler] = {
    "describe": on_describe,
    "customer_name": on_name,
    "phone": on_phone,
    "reference": on_reference,
    "purchase_date": on_purchase_date,
    "demand": on_demand,
    "amount": on_amount,
    "photos": on_photos,
    "complaint_type": on_type,
    "review": on_review,
}
DRAFT_STEPS = frozenset(STATES)
