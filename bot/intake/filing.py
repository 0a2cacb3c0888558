"""Confirming the read-back: the draft becomes exactly one ticket, and the customer gets its number."""

from __future__ import annotations

from bot.intake.draft import STEP_OF_FIELD, to_record
from bot.intake.turn import Turn
from models.deadline import Deadline
from models.enums import DeadlineKind
from models.errors import ValidationFailed
from models.lifecycle import file_ticket
from models.ticket import Ticket

INVALID_KEY = {"customer_name": "name", "name": "name"}


async def confirm(turn: Turn) -> str:
    """Validate the whole record once more; filing itself runs inside the commit transaction."""
    try:
        record = to_record(turn.draft).validated(turn.today)
    except ValidationFailed as failure:
        field = "customer_name" if failure.field == "name" else failure.field
        turn.say(f"invalid.{INVALID_KEY.get(field, field)}")
        turn.draft["editing"] = True
        return STEP_OF_FIELD.get(field, "review")
    nonce = turn.draft["nonce"]
    suggestion = turn.draft.get("suggestion")

    async def file() -> None:
        ticket = await file_ticket(
            record,
            customer=turn.customer,
            channel=turn.inbound.channel,
            chat_id=turn.inbound.chat_id,
            now=turn.now,
            tz=turn.settings.timezone,
            suggestion=suggestion,
        )
        turn.active_ticket_id = ticket.id
        turn.draft = {"last_filed": {"nonce": nonce, "number": ticket.number}}
        turn.say("filed.confirmed", number=ticket.number, due=await first_contact_due(turn, ticket))

    turn.effect(file)
    return "idle"


async def first_contact_due(turn: Turn, ticket: Ticket) -> str:
    due = (
        await Deadline.filter(ticket=ticket, kind=DeadlineKind.FIRST_CONTACT)
        .first()
        .values_list("due_at", flat=True)
    )
    if due is None:
        return "-"
    return due.astimezone(turn.settings.timezone).strftime("%Y-%m-%d %H:%M")


def already_filed(turn: Turn) -> bool:
    """A second tap on an old confirm button: say which ticket it became instead of filing again."""
    last = turn.draft.get("last_filed")
    data = turn.inbound.data
    if not last or not data.startswith("ok:") or data[3:] != last["nonce"]:
        return False
    turn.say("filed.already", number=last["number"])
    return True
