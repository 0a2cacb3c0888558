"""Typed keys for the objects the one aiohttp application shares with its handlers."""

from __future__ import annotations

from aiohttp import web

from kesu.clock import Clock
from kesu.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)
