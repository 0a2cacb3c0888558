"""Assembling the process: one aiohttp app carrying the back office, the web chat and the webhook.

Each adapter contributes its routes through one `setup_*` call here; they never import each other.
"""

from __future__ import annotations

from aiohttp import web

from backoffice.app import create_app
from kesu.clock import Clock
from kesu.settings import Settings


def build_web(settings: Settings, *, clock: Clock) -> web.Application:
    app = create_app(settings, clock=clock)  # back office, API, /healthz
    # web chat routes (/chat): bot.webchat — added by the intake work
    # Telegram webhook route: bot.telegram — added by the intake work
    return app
