"""Assembling the process: one aiohttp app carrying the back office, the web chat and the webhook."""

from __future__ import annotations

from aiohttp import web

from backoffice.app import create_app
from kesu.clock import Clock
from kesu.settings import Settings


def build_web(settings: Settings, *, clock: Clock) -> web.Application:
    app = create_app(settings, clock=clock)
    return app
