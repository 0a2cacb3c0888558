"""Encrypted, signed session cookie (aiohttp-session + Fernet), keyed from the desk's secret key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from aiohttp import web
from aiohttp_session import Session, get_session, session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.fernet import Fernet

from kesu.settings import Settings

COOKIE_NAME = "kesu_session"
MAX_AGE = 12 * 3600
CSRF_KEY = "csrf"


def session_key(secret_key: str) -> Fernet:
    """Fernet key derived from KESU_SECRET_KEY: every instance behind a load balancer agrees."""
    if not secret_key:
        raise ValueError("the back office needs settings.secret_key (see kesu.settings.ensure_secret_key)")
    digest = hashlib.sha256(f"backoffice-session:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def build_session_middleware(settings: Settings) -> web.middleware:
    storage = EncryptedCookieStorage(
        session_key(settings.secret_key),
        cookie_name=COOKIE_NAME,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.cookie_secure,
    )
    return session_middleware(storage)


def csrf_token(session: Session) -> str:
    token = session.get(CSRF_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_KEY] = token
    return token


def csrf_matches(session: Session, offered: str | None) -> bool:
    expected = session.get(CSRF_KEY)
    return bool(expected and offered) and hmac.compare_digest(str(expected), str(offered))


def password_stamp(password_hash: str) -> str:
    """A changed password (reset by an admin) signs out every session of the account."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


async def flash(request: web.Request, message: str, level: str = "info") -> None:
    session = await get_session(request)
    session["flash"] = [*session.get("flash", [])[-4:], [level, message]]


async def pop_flashes(request: web.Request) -> list[list[str]]:
    session = await get_session(request)
    return session.pop("flash", [])
