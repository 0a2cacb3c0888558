"""Typed keys of the web chat's objects on the shared aiohttp application, and the page's words."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from aiohttp import web

from bot.intake.engine import Dialogue
from bot.webchat.hub import WebchatHub
from models.i18n import Catalogue

JINJA = web.AppKey("webchat_jinja", jinja2.Environment)  # our own key: the back office has its own
DIALOGUE = web.AppKey("webchat_dialogue", Dialogue)
HUB = web.AppKey("webchat_hub", WebchatHub)


@cache
def _catalogue() -> Catalogue:
    return Catalogue.load(Path(__file__).parent / "messages")


def page_texts(lang: str) -> dict[str, str]:
    cat = _catalogue()
    return {key: cat.t(key, lang) for key in cat.keys("zh")}
