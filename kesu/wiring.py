"""Assembling the process: one aiohttp app carrying the back office, the web chat and the webhook.

Each adapter contributes its routes through one `setup_*` call here; they never import each other.
"""

from __future__ import annotations

from aiohttp import web

from backoffice.app import create_app
from bot.service import IntakeChannels
from bot.webchat import setup_webchat
from bot.webhook import setup_webhook
from kesu.clock import Clock
from kesu.settings import Settings


def build_web(settings: Settings, *, clock: Clock, intake: IntakeChannels | None = None) -> web.Application:
    app = create_app(settings, clock=clock)  # back office, API, /healthz
    intake = intake or IntakeChannels(settings, clock)
    setup_webchat(app, intake.dialogue, intake.hub)  # /chat
    if intake.telegram is not None and settings.webhook_mode:
        setup_webhook(app, intake.telegram)  # /telegram/webhook
    return app
