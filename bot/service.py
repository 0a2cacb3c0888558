"""The intake side of `kesu run`: the dialogue, the Telegram application and the web chat hub, started
and stopped together (manual python-telegram-bot lifecycle: polling without a public URL, else webhook).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Update
from telegram.ext import Application

from bot.delivery.sender import OutboxSender
from bot.delivery.telegram import TelegramTransport
from bot.delivery.transport import Transport
from bot.intake.engine import Dialogue
from bot.telegram import build_bot
from bot.webchat import WebchatHub, WebchatTransport
from bot.webhook import webhook_url
from kesu.clock import Clock
from kesu.settings import Settings
from models.enums import Channel
from nlp import warm_up

log = logging.getLogger("kesu.telegram")

POLL_INTERVAL = 0.0  # long polling: getUpdates itself waits (timeout below) for the next update
POLL_TIMEOUT = 25


class IntakeChannels:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.dialogue = Dialogue(settings, clock)
        self.hub = WebchatHub()
        self.telegram: Application | None = (
            build_bot(settings, self.dialogue) if settings.telegram_token else None
        )

    def transports(self) -> dict[Channel, Transport]:
        found: dict[Channel, Transport] = {Channel.WEBCHAT: WebchatTransport(self.hub)}
        if self.telegram is not None:
            found[Channel.TELEGRAM] = TelegramTransport(self.telegram.bot)
        return found

    def on_queued(self, wake: Callable[[], None]) -> None:
        """Replies committed by the dialogue wake the outbox sender at once."""
        self.dialogue.on_queued = wake

    def deliver_through(self, sender: OutboxSender) -> None:
        """Replies are created claimed by this sender and sent at once, without waiting for a pass;
        other messages a turn queues (staff notices, survey answers) wake its next pass."""
        self.dialogue.outbox = sender
        self.dialogue.on_queued = sender.wake

    async def start(self) -> None:
        await asyncio.to_thread(warm_up)  # the classifier's dictionary, before the first customer waits on it
        telegram = self.telegram
        if telegram is None:
            return
        await telegram.initialize()
        await telegram.start()
        if self.settings.webhook_mode:
            await telegram.bot.set_webhook(
                webhook_url(self.settings.public_url or ""),
                secret_token=self.settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("telegram: webhook mode")
        elif telegram.updater is not None:
            await telegram.bot.delete_webhook()
            await telegram.updater.start_polling(
                poll_interval=POLL_INTERVAL, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
            )
            log.info("telegram: polling")

    async def stop(self) -> None:
        telegram = self.telegram
        if telegram is None:
            return
        if telegram.updater is not None and telegram.updater.running:
            await telegram.updater.stop()
        if telegram.running:
            await telegram.stop()
        await telegram.shutdown()
