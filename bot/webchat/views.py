"""The web chat's page and its small JSON API (message, button, photo, long-poll for new messages)."""

from __future__ import annotations

import asyncio
import secrets
from contextlib import suppress
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.intake.inbound import Inbound, Kind, Photo
from bot.webchat import identity
from bot.webchat.keys import DIALOGUE, HUB, JINJA, page_texts
from kesu.context import SETTINGS
from models.enums import Channel
from models.outbox import OutboxMessage

LONG_POLL_SECONDS = 25.0
POLL_TICK = 1.0  # rows queued by another instance are seen within a tick
PAGE = 50
MAX_PHOTO_BYTES = 10 * 1024 * 1024
IMAGE_MAGIC = {
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG": ("image/png", ".png"),
    b"GIF8": ("image/gif", ".gif"),
}


def _language(request: web.Request) -> str:
    accept = request.headers.get("Accept-Language", "").lower()
    return "en" if accept.startswith("en") else request.app[SETTINGS].default_language


async def page(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    visitor = identity.visitor_of(request, settings) or identity.new_visitor()
    lang = _language(request)
    context = {"t": page_texts(lang), "lang": lang, "csrf": identity.csrf_token(settings, visitor)}
    response = aiohttp_jinja2.render_template("chat.html", request, context, app_key=JINJA)
    identity.set_cookie(response, settings, visitor)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"
    )
    return response


def _visitor(request: web.Request) -> str:
    """The signed visitor of an API call; refuses forged cookies and cross-site requests (CSRF)."""
    settings = request.app[SETTINGS]
    visitor = identity.visitor_of(request, settings)
    if visitor is None:
        raise web.HTTPForbidden(text="no chat session")
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.host}":
        raise web.HTTPForbidden(text="cross-origin request")
    if request.method != "GET" and not secrets.compare_digest(
        request.headers.get("X-CSRF-Token", ""), identity.csrf_token(settings, visitor)
    ):
        raise web.HTTPForbidden(text="bad CSRF token")
    return visitor


def _serialise(row: OutboxMessage) -> dict[str, Any]:
    return {"id": row.id, "text": row.text, "buttons": row.buttons or []}


async def _since(chat_id: str, after: int) -> list[dict[str, Any]]:
    rows = (
        await OutboxMessage.filter(channel=Channel.WEBCHAT, chat_id=chat_id, to_staff=False, id__gt=after)
        .order_by("id")
        .limit(PAGE)
    )
    return [_serialise(r) for r in rows]


def _after(value: object) -> int:
    try:
        return max(0, int(str(value)))
    except ValueError:
        return 0


async def _turn(request: web.Request, visitor: str, kind: Kind, **fields: Any) -> web.Response:
    client_id = str(fields.pop("client_id", "") or secrets.token_hex(8))[:40]
    chat_id = identity.chat_id_of(visitor)
    inbound = Inbound(
        channel=Channel.WEBCHAT,
        chat_id=chat_id,
        update_key=f"web:{visitor}:{client_id}",  # a retried POST carries the same id: handled once
        kind=kind,
        language=_language(request),
        **fields,
    )
    await request.app[DIALOGUE].handle(inbound)
    request.app[HUB].notify(chat_id)
    return web.json_response(
        {"ok": True, "messages": await _since(chat_id, _after(request.query.get("after", 0)))}
    )


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="expected JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return body


async def post_message(request: web.Request) -> web.Response:
    visitor = _visitor(request)
    body = await _json(request)
    text = str(body.get("text", ""))
    if not text.strip():
        raise web.HTTPBadRequest(text="empty message")
    if text.startswith("/") and len(text) > 1 and text[1].isalpha():
        head, _, argument = text.partition(" ")
        return await _turn(
            request,
            visitor,
            Kind.COMMAND,
            data=head[1:].lower(),
            text=argument.strip(),
            client_id=body.get("id"),
        )
    return await _turn(request, visitor, Kind.TEXT, text=text, client_id=body.get("id"))


async def post_callback(request: web.Request) -> web.Response:
    visitor = _visitor(request)
    body = await _json(request)
    return await _turn(
        request, visitor, Kind.CALLBACK, data=str(body.get("data", ""))[:64], client_id=body.get("id")
    )


async def post_photo(request: web.Request) -> web.Response:
    """A picture from the page: stored under the uploads dir when it really is an image, else 'unsupported'."""
    visitor = _visitor(request)
    reader = await request.multipart()
    data, caption, client_id = b"", "", None
    async for part in reader:
        if part.name == "photo":
            data = await part.read(decode=False)
            if len(data) > MAX_PHOTO_BYTES:
                raise web.HTTPRequestEntityTooLarge(max_size=MAX_PHOTO_BYTES, actual_size=len(data))
        elif part.name == "caption":
            caption = (await part.text())[:4000]
        elif part.name == "id":
            client_id = (await part.text())[:40]
    kind = next((v for magic, v in IMAGE_MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        return await _turn(request, visitor, Kind.UNSUPPORTED, client_id=client_id)
    mime, suffix = kind
    settings = request.app[SETTINGS]
    relative = f"webchat/{secrets.token_hex(12)}{suffix}"
    target = settings.uploads_dir / relative
    await asyncio.to_thread(_write, target, data)
    photo = Photo(file_id="", path=relative, mime=mime, size=len(data))
    return await _turn(request, visitor, Kind.PHOTO, text=caption, photo=photo, client_id=client_id)


def _write(target: Any, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


async def get_messages(request: web.Request) -> web.Response:
    """Messages after `after`; with wait=1 the request is held until one arrives (long poll)."""
    visitor = _visitor(request)
    chat_id = identity.chat_id_of(visitor)
    after = _after(request.query.get("after", 0))
    wait = request.query.get("wait") == "1"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LONG_POLL_SECONDS
    while True:
        found = await _since(chat_id, after)
        if found or not wait or loop.time() >= deadline:
            return web.json_response({"messages": found})
        with suppress(TimeoutError):
            await asyncio.wait_for(request.app[HUB].event(chat_id).wait(), timeout=POLL_TICK)
