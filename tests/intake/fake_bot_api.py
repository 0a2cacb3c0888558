"""A local stand-in for the Telegram Bot API (loopback aiohttp server) and builders of update JSON.

Records every sendMessage with the time it arrived; `fail_next` injects Bot API errors. Used by the
adapter integration tests and by bench/intake.py.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 123456
TOKEN = f"{BOT_ID}:TEST-token-abcdefghijklmnopqrstuvwxyz"
PHOTO_BYTES = b"\xff\xd8\xff\xe0" + b"0" * 64


@dataclass
class Sent:
    chat_id: str
    text: str
    markup: dict[str, Any] | None
    at: float


@dataclass
class FakeBotApi:
    sent: list[Sent] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    errors: list[tuple[int, str, dict[str, Any] | None]] = field(default_factory=list)
    serve_files: bool = True
    on_sent: Callable[[Sent], None] | None = None  # benches wait on this
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        self.errors.append((status, description, parameters))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        return app

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        return dict(await request.post())

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls.append(method)
        params = await self._params(request)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return _ok(True)
        if method == "sendMessage" and self.errors:
            status, description, parameters = self.errors.pop(0)
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if parameters:
                body["parameters"] = parameters
            return web.json_response(body, status=status)
        return _ok(await handler(params))

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Kesu",
            "username": "kesu_test_bot",
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        self.sent.append(Sent(str(params["chat_id"]), params["text"], markup, time.perf_counter()))
        if self.on_sent is not None:
            self.on_sent(self.sent[-1])
        return {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "text": params["text"],
        }

    async def _getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "file_id": params["file_id"],
            "file_unique_id": "u" + params["file_id"][-8:],
            "file_size": len(PHOTO_BYTES),
            "file_path": f"photos/{params['file_id']}.jpg",
        }

    async def _file(self, request: web.Request) -> web.Response:
        if not self.serve_files:
            return web.Response(status=404)
        return web.Response(body=PHOTO_BYTES, content_type="image/jpeg")

    def to(self, chat_id: int | str) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == str(chat_id)]


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


_update_ids = itertools.count(1000)


def _user(chat_id: int, language: str) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Kunde", "language_code": language}


def message_update(
    chat_id: int, text: str = "", *, language: str = "zh-hans", update_id: int | None = None, **extra: Any
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_update_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": _user(chat_id, language),
    }
    if text:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    message.update(extra)
    return {"update_id": update_id or next(_update_ids), "message": message}


def photo_update(chat_id: int, file_id: str, caption: str = "") -> dict[str, Any]:
    sizes = [
        {"file_id": file_id + "-s", "file_unique_id": "s" + file_id, "width": 90, "height": 90},
        {"file_id": file_id, "file_unique_id": "u" + file_id, "width": 800, "height": 600},
    ]
    extra: dict[str, Any] = {"photo": sizes}
    if caption:
        extra["caption"] = caption
    return message_update(chat_id, **extra)


def sticker_update(chat_id: int) -> dict[str, Any]:
    sticker = {
        "file_id": "stk",
        "file_unique_id": "ustk",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    return message_update(chat_id, sticker=sticker)


def callback_update(chat_id: int, data: str, *, update_id: int | None = None) -> dict[str, Any]:
    return {
        "update_id": update_id or next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": _user(chat_id, "zh-hans"),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "…",
            },
        },
    }
