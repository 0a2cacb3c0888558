"""Rendering pages with the context every back-office template needs (user, language, CSRF, nav)."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import get_session

from backoffice.i18n import lang_of, ui_catalogue
from backoffice.keys import JINJA, STAFF
from backoffice.sessions import csrf_token, pop_flashes
from kesu.context import SETTINGS
from models.customer import mask_phone
from models.i18n import label
from models.record import display_phone


async def render(
    request: web.Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> web.Response:
    return aiohttp_jinja2.render_template(
        template, request, await base_context(request, context or {}), status=status, app_key=JINJA
    )


async def base_context(request: web.Request, context: dict[str, Any]) -> dict[str, Any]:
    lang = lang_of(request)
    cat = ui_catalogue()
    session = await get_session(request)
    tz = request.app[SETTINGS].timezone
    return {
        "request": request,
        "me": request.get(STAFF),
        "lang": lang,
        "t": lambda key, **kw: cat.t(key, lang, **kw),
        "label": lambda kind, value: label(kind, str(value), lang) if value is not None else "",
        "csrf_token": csrf_token(session),
        "flashes": await pop_flashes(request),
        "masked": lambda phone: mask_phone(display_phone(phone)),
        "has_route": lambda name: name in request.app.router,
        "when": lambda dt, fmt="%Y-%m-%d %H:%M": dt.astimezone(tz).strftime(fmt) if dt else "",
        **context,
    }


def forbidden(request: web.Request, *, reason: str = "role") -> web.Response:
    """403 page; rendered without awaiting the session so middlewares can return it directly."""
    lang = lang_of(request)
    cat = ui_catalogue()
    text = cat.t(f"error.forbidden.{reason}", lang)
    if request.path.startswith("/api/"):
        return web.json_response({"error": "forbidden", "message": text}, status=403)
    return aiohttp_jinja2.render_template(
        "errors/403.html",
        request,
        {"message": text, "t": lambda key, **kw: cat.t(key, lang, **kw), "lang": lang, "me": None},
        status=403,
        app_key=JINJA,
    )
