"""The Telegram webhook route: secret-token check, then the update is processed before we answer.

Answering only after the turn is committed means a crash mid-way makes Telegram redeliver the update
(the idempotency key makes that harmless), so no message is lost during a restart.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.telegram import PerChatUpdateProcessor, intake_of
from bot.telegram_updates import chat_key
from kesu.context import SETTINGS

log = logging.getLogger("kesu.telegram")

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TELEGRAM = web.AppKey("telegram_application", Application)


def setup_webhook(app: web.Application, telegram: Application) -> None:
    app[TELEGRAM] = telegram
    app.router.add_post(WEBHOOK_PATH, receive_update)


def webhook_url(public_url: str) -> str:
    return public_url.rstrip("/") + WEBHOOK_PATH


async def receive_update(request: web.Request) -> web.Response:
    secret = request.app[SETTINGS].webhook_secret
    if not secret or not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
        raise web.HTTPForbidden(text="bad secret token")
    try:
        payload = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="expected JSON") from None
    telegram = request.app[TELEGRAM]
    update = Update.de_json(payload, telegram.bot)
    processor = telegram.update_processor
    if isinstance(processor, PerChatUpdateProcessor):
        async with processor.lock_for(chat_key(update)):
            await intake_of(telegram).handle(update, telegram, answer=False)
    else:
        await intake_of(telegram).handle(update, telegram, answer=False)
    if update.callback_query is not None:
        # The Bot API runs a method returned in the webhook response: the button's spinner stops
        # without a request of our own.
        return web.json_response(
            {"method": "answerCallbackQuery", "callback_query_id": update.callback_query.id}
        )
    return web.Response(text="ok")
