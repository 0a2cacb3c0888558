"""Who is chatting: a random visitor id in an HMAC-signed, HttpOnly, SameSite=Lax cookie; a CSRF token per visitor."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from aiohttp import web

from kesu.settings import Settings

COOKIE = "kesu_chat"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _sign(settings: Settings, purpose: str, visitor: str) -> str:
    key = settings.secret_key.encode()
    return hmac.new(key, f"{purpose}:{visitor}".encode(), hashlib.sha256).hexdigest()[:32]


def visitor_of(request: web.Request, settings: Settings) -> str | None:
    """The visitor id from a cookie whose signature checks out, else None."""
    raw = request.cookies.get(COOKIE, "")
    visitor, _, signature = raw.partition(".")
    if not visitor or not hmac.compare_digest(signature, _sign(settings, "webchat", visitor)):
        return None
    return visitor


def new_visitor() -> str:
    return secrets.token_urlsafe(16)


def set_cookie(response: web.StreamResponse, settings: Settings, visitor: str) -> None:
    response.set_cookie(
        COOKIE,
        f"{visitor}.{_sign(settings, 'webchat', visitor)}",
        max_age=COOKIE_MAX_AGE,
        path="/chat",
        httponly=True,
        samesite="Lax",
        secure=settings.cookie_secure,
    )


def csrf_token(settings: Settings, visitor: str) -> str:
    return _sign(settings, "webchat-csrf", visitor)


def chat_id_of(visitor: str) -> str:
    return f"w:{visitor}"
