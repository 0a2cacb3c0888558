"""Telegram transport: one outbox row → one sendMessage, with Bot API errors mapped to delivery policy."""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from models.errors import DeliveryError, PermanentDeliveryError
from models.outbox import OutboxMessage

TELEGRAM_MAX_TEXT = 4096


class TelegramTransport:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, message: OutboxMessage) -> str | None:
        try:
            sent = await self._bot.send_message(
                chat_id=message.chat_id,
                text=message.text[:TELEGRAM_MAX_TEXT],
                reply_markup=keyboard(message.buttons),
            )
        except RetryAfter as exc:
            raise DeliveryError(f"429: {exc}", retry_after=_retry_after(exc)) from exc
        except Forbidden as exc:  # blocked by the user, kicked from the chat
            raise PermanentDeliveryError(f"403: {exc.message}") from exc
        except BadRequest as exc:  # chat not found, bad markup: the same request will fail again
            raise PermanentDeliveryError(f"400: {exc.message}") from exc
        except TelegramError as exc:  # timeouts, 5xx, network
            raise DeliveryError(f"{type(exc).__name__}: {exc.message}") from exc
        return str(sent.message_id)


def keyboard(buttons: list[list[dict[str, str]]] | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["text"], callback_data=b["data"]) for b in row] for row in buttons]
    )


def _retry_after(exc: RetryAfter) -> float:
    # PTB 22 returns int or timedelta depending on PTB_TIMEDELTA and warns about the int; accept both.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
