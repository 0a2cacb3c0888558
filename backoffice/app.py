"""The back office aiohttp application factory."""

from __future__ import annotations

from aiohttp import web

from kesu import db
from kesu.clock import Clock, SystemClock
from kesu.context import CLOCK, SETTINGS
from kesu.settings import Settings


async def healthz(request: web.Request) -> web.Response:
    ok = await db.ping()
    body = {"status": "ok" if ok else "error", "database": "ok" if ok else "unreachable"}
    return web.json_response(body, status=200 if ok else 503)


def create_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    app = web.Application(client_max_size=20 * 1024 * 1024)
    app[SETTINGS] = settings
    app[CLOCK] = clock or SystemClock()
    app.router.add_get("/healthz", healthz)
    return app
