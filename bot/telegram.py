"""The Telegram adapter: python-telegram-bot receives updates and hands them to the intake dialogue.

Outgoing messages never leave from here: replies are outbox rows that the sender delivers through
bot.delivery.telegram.TelegramTransport (built on this application's Bot). Chats are processed
concurrently, each chat strictly in order (PerChatUpdateProcessor). Polling or webhook is chosen by
kesu/runner.py from the settings; the webhook route lives in bot/webhook.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    ContextTypes,
    TypeHandler,
)

from bot.intake.engine import Dialogue
from bot.intake.inbound import Photo
from bot.telegram_request import AiohttpRequest
from bot.telegram_updates import chat_key, photo_file, to_inbound
from kesu.settings import Settings

log = logging.getLogger("kesu.telegram")

MAX_PHOTO_BYTES = 20 * 1024 * 1024  # the Bot API's own download limit


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Different chats run concurrently; updates of one chat run one after another, in arrival order."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, asyncio.Lock] = {}

    def lock_for(self, key: int | None) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update) if isinstance(update, Update) else None
        lock = self.lock_for(key)
        try:
            async with lock:
                await coroutine
        finally:
            if not lock.locked() and self._locks.get(key) is lock:
                del self._locks[key]  # idle chats do not accumulate locks

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


class TelegramIntake:
    """Turns updates into dialogue turns; one instance per Application."""

    def __init__(self, dialogue: Dialogue, settings: Settings) -> None:
        self.dialogue = dialogue
        self.settings = settings
        self.bot_id = (settings.telegram_token or "0:").split(":", 1)[0]

    async def handle(self, update: Update, application: Application, *, answer: bool = True) -> None:
        """One update through the dialogue; `answer=False` when the caller answers the button itself."""
        photo = await self._photo(update, application)
        inbound = to_inbound(update, bot_id=self.bot_id, photo=photo)
        if inbound is None:
            return
        await self.dialogue.handle(inbound)
        if answer and update.callback_query is not None:
            await _answer(update)

    async def on_update(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(update, Update):
            await self.handle(update, context.application)

    async def _photo(self, update: Update, application: Application) -> Photo | None:
        """Download the picture before the dialogue's transaction; keep the file id if that fails."""
        found = photo_file(update.message)
        if found is None:
            return None
        file_id, unique_id, mime = found
        relative = Path("telegram") / f"{unique_id}{'.png' if mime == 'image/png' else '.jpg'}"
        target = self.settings.uploads_dir / relative
        try:
            remote = await application.bot.get_file(file_id)
            if (remote.file_size or 0) > MAX_PHOTO_BYTES:
                return Photo(file_id=file_id, mime=mime)
            target.parent.mkdir(parents=True, exist_ok=True)
            await remote.download_to_drive(target)
        except (TelegramError, OSError) as exc:
            log.warning("photo %s kept as file id only: %s", file_id, exc)
            return Photo(file_id=file_id, mime=mime)
        return Photo(file_id=file_id, path=str(relative), mime=mime, size=target.stat().st_size)


async def _answer(update: Update) -> None:
    """Stop the button's spinner; a query too old to answer is harmless."""
    try:
        await update.callback_query.answer()  # type: ignore[union-attr]
    except TelegramError as exc:
        log.info("callback answer failed: %s", exc)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log with the update; the dialogue state is untouched by a failed turn."""
    log.error("telegram update failed: %r", update, exc_info=context.error)


def build_bot(settings: Settings, dialogue: Dialogue, *, rate_limit: bool | None = None) -> Application:
    """The PTB Application: our update processor, AIORateLimiter, and another Bot API server if configured."""
    if not settings.telegram_token:
        raise ValueError("build_bot needs KESU_TELEGRAM_TOKEN")
    # Replies and downloads go through aiohttp (bot/telegram_request.py); long polling keeps PTB's default.
    builder = ApplicationBuilder().token(settings.telegram_token).request(AiohttpRequest())
    if settings.telegram_api_url:
        root = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    if settings.outbox_rate_limit if rate_limit is None else rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=0))
    builder = builder.concurrent_updates(PerChatUpdateProcessor())
    if settings.webhook_mode:
        builder = builder.updater(None)
    application = builder.build()
    intake = TelegramIntake(dialogue, settings)
    application.bot_data["intake"] = intake
    application.add_handler(TypeHandler(Update, intake.on_update))
    application.add_error_handler(on_error)
    return application


def intake_of(application: Application) -> TelegramIntake:
    return application.bot_data["intake"]
