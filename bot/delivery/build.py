"""Building the sender from settings: Telegram is paced to its limits, other channels are not."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.delivery.limits import RateLimits
from bot.delivery.sender import OutboxSender, SenderOptions
from bot.delivery.transport import Transport
from kesu.clock import Clock
from kesu.settings import Settings
from models.enums import Channel


def telegram_limits(settings: Settings) -> RateLimits:
    return RateLimits(
        per_second=settings.outbox_rate,
        per_chat_per_second=settings.outbox_chat_rate,
        enabled=settings.outbox_rate_limit,
    )


def build_sender(
    settings: Settings, clock: Clock, transports: Mapping[Channel, Transport], **options: object
) -> OutboxSender:
    opts = SenderOptions(interval=settings.sweep_interval, lease=timedelta(seconds=60), **options)  # type: ignore[arg-type]
    return OutboxSender(transports, clock, limits={Channel.TELEGRAM: telegram_limits(settings)}, options=opts)
