"""The customer web chat at /chat: the same dialogue as Telegram, for firms whose customers lack it."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.intake.engine import Dialogue
from bot.webchat import views
from bot.webchat.hub import WebchatHub, WebchatTransport
from bot.webchat.keys import DIALOGUE, HUB, JINJA

HERE = Path(__file__).parent

__all__ = ["WebchatHub", "WebchatTransport", "setup_webchat"]


def setup_webchat(app: web.Application, dialogue: Dialogue, hub: WebchatHub) -> None:
    app[DIALOGUE] = dialogue
    app[HUB] = hub
    aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(HERE / "templates"), app_key=JINJA, autoescape=True
    )
    app.router.add_get("/chat", views.page)
    app.router.add_post("/chat/api/message", views.post_message)
    app.router.add_post("/chat/api/callback", views.post_callback)
    app.router.add_post("/chat/api/photo", views.post_photo)
    app.router.add_get("/chat/api/messages", views.get_messages)
    app.router.add_static("/chat/static/", HERE / "static", name="webchat_static")
