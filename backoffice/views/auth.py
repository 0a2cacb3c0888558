"""Sign in, sign out, language switch. Failed sign-ins are throttled per account and per address."""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session, new_session

from backoffice.i18n import t
from backoffice.render import render
from backoffice.roles import ANY_STAFF, public, require_role
from backoffice.sessions import csrf_token, password_stamp
from kesu.context import CLOCK
from models import login_throttle
from models.staff import Staff, verify_password


def _safe_next(value: str) -> str:
    """Only local paths: never bounce a signed-in user to another site."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/tickets"


def _throttle_keys(username: str, request: web.Request) -> list[str]:
    ip = request.remote or "unknown"
    return [f"user:{username.lower()[:64]}", f"user-ip:{username.lower()[:64]}@{ip[:45]}"]


@public
async def login_form(request: web.Request) -> web.Response:
    session = await get_session(request)
    csrf_token(session)
    return await render(
        request, "login.html", {"next": _safe_next(request.query.get("next", "")), "error": ""}
    )


@public
async def login_submit(request: web.Request) -> web.Response:
    form = await request.post()
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))[:256]
    target = _safe_next(str(form.get("next", "")))
    now = request.app[CLOCK].now()
    keys = _throttle_keys(username, request)
    if await login_throttle.is_locked(keys, now):
        return await _failed(request, target, "login.locked", status=429)
    staff = await Staff.get_or_none(username=username, active=True) if username else None
    if staff is None or not verify_password(staff, password):
        await login_throttle.record_failure(keys, now)
        return await _failed(request, target, "login.wrong", status=401)
    await login_throttle.clear(keys)
    lang = (await get_session(request)).get("lang")
    session = await new_session(request)  # a fresh session id on sign-in: no fixation
    session["staff_id"] = staff.id
    session["stamp"] = password_stamp(staff.password_hash)
    if lang:
        session["lang"] = lang
    csrf_token(session)
    raise web.HTTPSeeOther(target)


async def _failed(request: web.Request, target: str, key: str, *, status: int) -> web.Response:
    return await render(request, "login.html", {"next": target, "error": t(request, key)}, status=status)


@require_role(ANY_STAFF)
async def logout(request: web.Request) -> web.Response:
    session = await get_session(request)
    session.invalidate()
    raise web.HTTPSeeOther("/login")


@public
async def set_language(request: web.Request) -> web.Response:
    form = await request.post()
    lang = str(form.get("lang", "zh"))
    session = await get_session(request)
    session["lang"] = lang if lang in ("zh", "en") else "zh"
    raise web.HTTPSeeOther(_safe_next(str(form.get("next", "/tickets"))))


@require_role(ANY_STAFF)
async def home(request: web.Request) -> web.Response:
    raise web.HTTPSeeOther("/tickets")
