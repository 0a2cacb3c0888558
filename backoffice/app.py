"""The back office aiohttp application factory.

Adapters add their routes to this one application: the web chat (bot.webchat) under /chat with its
own Jinja key, the reports pages through `backoffice.views.reports.setup_reports(app)`.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from backoffice import middlewares
from backoffice.i18n import ui_catalogue
from backoffice.keys import ANONYMOUS_PREFIXES, JINJA, UI
from backoffice.roles import public
from backoffice.routes import setup_routes
from backoffice.sessions import build_session_middleware
from backoffice.views.sanbao import setup_sanbao
from kesu.clock import Clock, SystemClock
from kesu.context import CLOCK, SETTINGS
from kesu.settings import Settings
from models.health import database_ok

HERE = Path(__file__).parent
# Served without a back-office sign-in; their own adapters authenticate (web chat visitor, webhook secret).
DEFAULT_ANONYMOUS_PREFIXES = ["/chat", "/telegram", "/webhook"]


@public
async def healthz(request: web.Request) -> web.Response:
    ok = await database_ok()
    body = {"status": "ok" if ok else "error", "database": "ok" if ok else "unreachable"}
    return web.json_response(body, status=200 if ok else 503)


def create_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    app = web.Application(
        client_max_size=20 * 1024 * 1024,
        middlewares=[
            middlewares.security_headers,
            build_session_middleware(settings),
            middlewares.domain_errors,
            middlewares.authenticate,
            middlewares.csrf_protect,
        ],
    )
    app[SETTINGS] = settings
    app[CLOCK] = clock or SystemClock()
    app[UI] = ui_catalogue()
    app[ANONYMOUS_PREFIXES] = list(DEFAULT_ANONYMOUS_PREFIXES)
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        app_key=JINJA,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app.router.add_get("/healthz", healthz)
    app.router.add_static("/static/backoffice/", HERE / "static", name="static")
    setup_routes(app)
    _setup_reports(app)
    setup_sanbao(app)
    return app


def _setup_reports(app: web.Application) -> None:
    """Reports pages (engineer F): backoffice/views/reports.py adds /reports when it exists."""
    try:
        from backoffice.views.reports import setup_reports
    except ModuleNotFoundError as exc:
        if exc.name != "backoffice.views.reports":
            raise
        return
    setup_reports(app)


def allow_anonymous(app: web.Application, prefix: str) -> None:
    """Let another adapter serve `prefix` without a back-office session (call before startup)."""
    app[ANONYMOUS_PREFIXES].append(prefix)
