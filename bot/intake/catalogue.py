"""The dialogue's message catalogue (bot/intake/messages/{zh,en}.toml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from models.i18n import Catalogue


@cache
def messages() -> Catalogue:
    return Catalogue.load(Path(__file__).parent / "messages")
