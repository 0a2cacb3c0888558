"""The seam between the outbox sender and a chat channel (Telegram, web chat).

A transport delivers one queued message. It returns the channel's message id (or None) and raises
`models.errors.DeliveryError` for retryable failures (429 with retry_after, 5xx, timeouts) or
`PermanentDeliveryError` when the recipient cannot be reached (blocked the bot, chat not found).
Tests replace transports with fakes; nothing else talks to the Bot API for outgoing messages.
"""

from __future__ import annotations

from typing import Protocol

from models.outbox import OutboxMessage


class Transport(Protocol):
    async def send(self, message: OutboxMessage) -> str | None: ...
