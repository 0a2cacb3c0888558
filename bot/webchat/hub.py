"""Waking the pages that wait for new messages, and the web chat's outbox transport.

Delivery semantics of the web chat: the page reads its chat's rows straight from the outbox (any state),
so a message is visible as soon as it is committed. `WebchatTransport.send` therefore only wakes the
page's long-poll in this process and reports the row delivered ("web:<id>"), meaning "available to the
page"; pages served by another instance see it at their next poll tick (≤ 1 s). Nothing can fail
permanently: a visitor who closed the tab reads the message when they come back.
"""

from __future__ import annotations

import asyncio

from models.outbox import OutboxMessage


class WebchatHub:
    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}

    def event(self, chat_id: str) -> asyncio.Event:
        return self._events.setdefault(chat_id, asyncio.Event())

    def notify(self, chat_id: str) -> None:
        event = self._events.pop(chat_id, None)
        if event is not None:
            event.set()


class WebchatTransport:
    def __init__(self, hub: WebchatHub) -> None:
        self._hub = hub

    async def send(self, message: OutboxMessage) -> str | None:
        self._hub.notify(message.chat_id)
        return f"web:{message.id}"
