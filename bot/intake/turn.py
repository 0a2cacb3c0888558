"""One customer action being answered: the working copy of the session and the reply being built."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.intake.catalogue import messages
from bot.intake.draft import Draft
from bot.intake.inbound import Inbound
from kesu.settings import Settings
from models.customer import Customer
from models.messaging import Buttons
from nlp import Lexicon

Effect = Callable[[], Awaitable[None]]


@dataclass
class Turn:
    inbound: Inbound
    customer: Customer
    step: str
    draft: Draft
    lang: str
    now: datetime
    settings: Settings
    session_id: int = 0
    active_ticket_id: int | None = None
    last_active_at: datetime | None = None  # when the chat last did anything (for "which ticket?")
    parts: list[str] = field(default_factory=list)
    buttons: Buttons | None = None
    # Database writes that must commit together with the new state and the reply (filing, photos …).
    effects: list[Effect] = field(default_factory=list)
    ask: bool = True  # False when the reply must not end with the current step's question
    lexicon: Lexicon | None = None  # the desk lexicon (shipped words + admin additions)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.settings.timezone).date()

    @property
    def text(self) -> str:
        return self.inbound.text

    def t(self, key: str, **params: Any) -> str:
        return messages().t(key, self.lang, **params)

    def say(self, key: str, **params: Any) -> None:
        self.parts.append(self.t(key, **params))

    def effect(self, fn: Effect) -> None:
        self.effects.append(fn)
