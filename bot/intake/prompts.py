"""Asking the question of a step, and the read-back (确认) of the whole record."""

from __future__ import annotations

from collections.abc import Callable

from bot.intake.draft import EDITABLE, Draft
from bot.intake.turn import Turn
from models.enums import ComplaintType, Demand
from models.i18n import label
from models.messaging import Buttons
from models.record import display_phone

READBACK_DESCRIPTION = 500  # characters of the description shown in the read-back; all of it is kept


def _skip(turn: Turn, step: str, key: str = "button.skip") -> Buttons:
    return [[{"text": turn.t(key), "data": f"sk:{step}"}]]


def _grid(buttons: list[dict[str, str]], width: int) -> Buttons:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def ask_plain(step: str) -> Callable[[Turn], None]:
    def ask(turn: Turn) -> None:
        turn.say(f"ask.{step}")

    return ask


def ask_optional(step: str) -> Callable[[Turn], None]:
    def ask(turn: Turn) -> None:
        turn.say(f"ask.{step}")
        turn.buttons = _skip(turn, step)

    return ask


def ask_demand(turn: Turn) -> None:
    turn.say("ask.demand")
    turn.buttons = _grid(
        [{"text": label("demand", d.value, turn.lang), "data": f"dm:{d.value}"} for d in Demand], 3
    )


def ask_type(turn: Turn) -> None:
    turn.say("ask.complaint_type")
    turn.buttons = _grid(
        [
            {"text": label("complaint_type", c.value, turn.lang), "data": f"ty:{c.value}"}
            for c in ComplaintType
        ],
        3,
    )


def ask_photos(turn: Turn) -> None:
    turn.say("ask.photos")
    turn.buttons = _skip(turn, "photos", "button.done")


def ask_choice_of_ticket(turn: Turn) -> None:
    turn.say("filed.choose_ticket")
    turn.buttons = [
        [{"text": turn.t("button.add_to", number=o["number"]), "data": f"tk:{o['id']}"}]
        for o in turn.draft.get("options", [])
    ]


def show_readback(turn: Turn) -> None:
    """One message with the record as it will be filed, a confirm button and an edit button per field."""
    draft = turn.draft
    lines = [turn.t("review.header")]
    lines += [
        turn.t("review.line", field=turn.t(f"field.{name}"), value=readback_value(turn, draft, name))
        for name in EDITABLE
    ]
    lines.append(turn.t("review.footer"))
    turn.parts.append("\n".join(lines))
    edits = [{"text": turn.t(f"edit.{name}"), "data": f"ed:{name}"} for name in EDITABLE]
    turn.buttons = [[{"text": turn.t("button.confirm"), "data": f"ok:{draft['nonce']}"}], *_grid(edits, 3)]


def readback_value(turn: Turn, draft: Draft, name: str) -> str:
    empty = turn.t("review.empty")
    value = draft.get(name)
    if name == "description":
        text = value or ""
        if len(text) > READBACK_DESCRIPTION:
            return text[:READBACK_DESCRIPTION] + turn.t("review.more", total=len(text))
        return text or empty
    if name == "photos":
        return turn.t("review.photos", count=len(value)) if value else empty
    if not value:
        return empty
    if name == "phone":
        return display_phone(value)
    if name == "demand":
        return label("demand", value, turn.lang)
    if name == "complaint_type":
        return label("complaint_type", value, turn.lang)
    if name == "amount":
        return turn.t("review.amount", amount=value)
    return str(value)


PROMPTS: dict[str, Callable[[Turn], None]] = {
    "describe": ask_plain("describe"),
    "customer_name": ask_plain("name"),
    "phone": ask_plain("phone"),
    "reference": ask_optional("reference"),
    "purchase_date": ask_optional("purchase_date"),
    "demand": ask_demand,
    "amount": ask_optional("amount"),
    "photos": ask_photos,
    "complaint_type": ask_type,
    "review": show_readback,
    "choose_ticket": ask_choice_of_ticket,
}


def prompt(turn: Turn) -> None:
    """Ask the question of the step the turn ends in (idle asks nothing)."""
    ask = PROMPTS.get(turn.step)
    if ask is not None:
        ask(turn)
