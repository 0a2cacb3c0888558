"""Slash commands, understood at every step: /start /new /cancel /help /lang /status /link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.intake.draft import new_draft
from bot.intake.followup import flush_pending
from bot.intake.steps import DRAFT_STEPS
from bot.intake.turn import Turn
from models.customer import Customer
from models.enums import Channel, Language
from models.i18n import label
from models.staff import complete_telegram_link
from models.ticket import Ticket

STATUS_LINES = 10


async def cmd_start(turn: Turn) -> str:
    """Greet and explain; a customer in the middle of a draft simply continues it."""
    if turn.step in DRAFT_STEPS:
        turn.say("resume")
        return turn.step
    return await _begin(turn, "start")


async def cmd_new(turn: Turn) -> str:
    """Start another complaint (an unfinished draft is replaced)."""
    return await _begin(turn, "new_started")


async def _begin(turn: Turn, greeting: str) -> str:
    await flush_pending(turn)
    turn.say(greeting)
    turn.draft = new_draft(name=turn.customer.name, phone=turn.customer.phone)
    return "describe"


async def cmd_cancel(turn: Turn) -> str:
    """Abandon the draft; nothing is filed."""
    if turn.step not in DRAFT_STEPS:
        await flush_pending(turn)
        turn.say("nothing_to_cancel")
        return "idle"
    turn.say("cancelled")
    turn.draft = {}
    return "idle"


async def cmd_help(turn: Turn) -> str:
    turn.say("help")
    return turn.step


async def cmd_lang(turn: Turn) -> str:
    """Offer 简体中文 / English; the choice arrives as a lang: button."""
    turn.say("lang.ask")
    turn.buttons = [[{"text": turn.t(f"button.{lang}"), "data": f"lang:{lang}"} for lang in ("zh", "en")]]
    turn.ask = False
    return turn.step


def on_language(turn: Turn) -> str:
    chosen = turn.inbound.data.removeprefix("lang:")
    if chosen not in ("zh", "en"):
        turn.say("stale_button")
        return turn.step
    turn.lang = chosen
    customer_id = turn.customer.id

    async def remember() -> None:
        await Customer.filter(id=customer_id).update(language=Language(chosen))

    turn.effect(remember)
    turn.say("lang.set")
    return turn.step


async def cmd_status(turn: Turn) -> str:
    """The customer's tickets, newest first, with their status."""
    tickets = await Ticket.filter(customer_id=turn.customer.id).order_by("-created_at").limit(STATUS_LINES)
    if not tickets:
        turn.say("status.none")
    else:
        tz = turn.settings.timezone
        lines = [turn.t("status.header")]
        lines += [
            turn.t(
                "status.line",
                number=t.number,
                date=t.created_at.astimezone(tz).strftime("%Y-%m-%d"),
                status=label("status", t.status, turn.lang),
            )
            for t in tickets
        ]
        turn.parts.append("\n".join(lines))
    if turn.step in DRAFT_STEPS:
        turn.say("status.draft")
    return turn.step


async def cmd_link(turn: Turn) -> str:
    """A staff member binds this Telegram chat to their account with the code from the back office."""
    code, chat_id, now = turn.text.strip(), turn.inbound.chat_id, turn.now
    turn.ask = False
    if turn.inbound.channel is not Channel.TELEGRAM or not code.isdigit():
        turn.say("link.bad")
        return turn.step

    async def link() -> None:
        staff = await complete_telegram_link(code, chat_id, now)
        turn.say("link.ok", name=staff.name) if staff else turn.say("link.bad")

    turn.effect(link)
    return turn.step


COMMANDS: dict[str, Callable[[Turn], Awaitable[str]]] = {
    "start": cmd_start,
    "new": cmd_new,
    "cancel": cmd_cancel,
    "help": cmd_help,
    "lang": cmd_lang,
    "status": cmd_status,
    "link": cmd_link,
}


async def on_command(turn: Turn) -> str:
    """Unknown commands get the help text, never silence."""
    return await COMMANDS.get(turn.inbound.data.lower(), cmd_help)(turn)
