"""The 三包 pages' own message catalogue (templates/sanbao/messages/zh.toml, en.toml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from models.i18n import Catalogue

FOLDER = Path(__file__).parent.parent / "templates" / "sanbao" / "messages"


@cache
def catalogue() -> Catalogue:
    return Catalogue.load(FOLDER)


def say(lang: str, key: str, **params: object) -> str:
    return catalogue().t(key, lang, **params)
