"""The back office's edge: security headers, who is signed in, CSRF, and domain errors → HTTP.

Every route is refused unless its handler is marked (`roles.require_role` / `roles.public`) or its
path belongs to an anonymous prefix (web chat, webhook). Domain errors are translated here, once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp_session import get_session

from backoffice import render
from backoffice.i18n import ui_catalogue
from backoffice.keys import ANONYMOUS_PREFIXES, LANG, STAFF, VIA_TOKEN
from backoffice.roles import is_public, roles_of
from backoffice.sessions import csrf_matches, flash, password_stamp
from models.errors import DomainError, IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from models.staff import Staff, staff_for_token

log = logging.getLogger("kesu.backoffice")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
API_PREFIX = "/api/v1"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STATUS_OF = {PermissionDenied: 403, NotFound: 404, IllegalTransition: 409, ValidationFailed: 422}


def is_api(request: web.Request) -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def is_anonymous_path(request: web.Request) -> bool:
    return any(
        request.path == p or request.path.startswith(p.rstrip("/") + "/")
        for p in request.app[ANONYMOUS_PREFIXES]
    )


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    if not is_anonymous_path(request):
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not is_api(request):
            response.headers.setdefault("Cache-Control", "no-store")
    return response


@web.middleware
async def domain_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Translate a domain refusal: JSON for the API, a flash message and a redirect back for pages."""
    try:
        return await handler(request)
    except DomainError as exc:
        status = next((code for cls, code in STATUS_OF.items() if isinstance(exc, cls)), 400)
        if is_api(request):
            body = {"error": exc.code, "message": str(exc)}
            if isinstance(exc, ValidationFailed):
                body.update(field=exc.field, message=exc.message)
            return web.json_response(body, status=status)
        if is_anonymous_path(request):
            raise
        if isinstance(exc, PermissionDenied) and request.method in SAFE_METHODS:
            return render.forbidden(request)
        if isinstance(exc, NotFound) and request.method in SAFE_METHODS:
            raise web.HTTPNotFound() from exc
        await flash(request, describe(request, exc), "error")
        raise web.HTTPSeeOther(back_url(request)) from exc


def describe(request: web.Request, exc: DomainError) -> str:
    cat, lang = ui_catalogue(), request.get(LANG, "zh")
    if isinstance(exc, ValidationFailed):
        key = f"error.{exc.field}.{exc.message}"
        text = cat.t(key, lang) if cat.has(key, lang) else cat.t("error.invalid", lang, field=exc.field)
        return text
    key = f"error.{exc.code}"
    return cat.t(key, lang) if cat.has(key, lang) else cat.t("error.refused", lang)


def back_url(request: web.Request) -> str:
    """Where to go after a refused form: the page it came from, never another site."""
    referer = request.headers.get("Referer", "")
    origin = f"{request.scheme}://{request.host}"
    if referer.startswith(origin + "/"):
        return referer[len(origin) :]
    return "/tickets"


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Deny by default: a route needs a public mark, an anonymous prefix, or a signed-in role."""
    route_handler = request.match_info.handler
    if is_anonymous_path(request):
        return await handler(request)
    if is_api(request):
        staff = await _token_staff(request)
        request[VIA_TOKEN] = True
    else:
        staff = await _session_staff(request)
    if staff is not None:
        request[STAFF] = staff
        request[LANG] = (await _language(request, staff)) if not is_api(request) else staff.language
    else:
        request[LANG] = await _language(request, None) if not is_api(request) else "zh"
    if (
        is_public(route_handler)
        or isinstance(request.match_info.http_exception, web.HTTPException)
        or _is_static(request)
    ):
        return await handler(request)
    if staff is None:
        if is_api(request):
            return web.json_response(
                {"error": "unauthorized", "message": "bearer token required"},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        if request.method in SAFE_METHODS:
            raise web.HTTPSeeOther(f"/login?next={request.rel_url.path_qs if request.path != '/' else ''}")
        raise web.HTTPUnauthorized(text="sign in first")
    allowed = roles_of(route_handler)
    if allowed is None or staff.role not in allowed:
        if is_api(request):
            return web.json_response({"error": "forbidden", "message": "role not allowed"}, status=403)
        return render.forbidden(request)
    return await handler(request)


def _is_static(request: web.Request) -> bool:
    route = request.match_info.route
    return route is not None and isinstance(route.resource, web.StaticResource)


async def _token_staff(request: web.Request) -> Staff | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        return None
    return await staff_for_token(token.strip())


async def _session_staff(request: web.Request) -> Staff | None:
    session = await get_session(request)
    staff_id = session.get("staff_id")
    if not isinstance(staff_id, int):
        return None
    staff = await Staff.get_or_none(id=staff_id, active=True)
    if staff is None or session.get("stamp") != password_stamp(staff.password_hash):
        session.invalidate()
        return None
    return staff


async def _language(request: web.Request, staff: Staff | None) -> str:
    session = await get_session(request)
    lang = session.get("lang") or (staff.language if staff else None) or "zh"
    return lang if lang in ("zh", "en") else "zh"


@web.middleware
async def csrf_protect(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Synchronizer token on every state-changing page request; the token API uses no cookies."""
    if request.method in SAFE_METHODS or is_api(request) or is_anonymous_path(request):
        return await handler(request)
    offered = request.headers.get("X-CSRF-Token")
    if offered is None and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        offered = (await request.post()).get("csrf_token")
    if not csrf_matches(await get_session(request), offered if isinstance(offered, str) else None):
        log.info("refused %s %s: missing or wrong CSRF token", request.method, request.path)
        return render.forbidden(request, reason="csrf")
    return await handler(request)
