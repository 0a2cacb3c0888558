"""The back office's UI catalogue (messages/zh.toml, en.toml) and the language of a request."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from aiohttp import web

from backoffice.keys import LANG, UI
from models.i18n import Catalogue


@cache
def ui_catalogue() -> Catalogue:
    return Catalogue.load(Path(__file__).parent / "messages")


def t(request: web.Request, key: str, **params: object) -> str:
    return request.config_dict[UI].t(key, lang_of(request), **params)


def lang_of(request: web.Request) -> str:
    return request.get(LANG, "zh")
