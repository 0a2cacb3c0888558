"""Message catalogues: every user-facing sentence lives in a TOML file per language, not in code.

Each package that talks to people (models for domain notices, bot/intake for the dialogue, backoffice for
the UI) keeps its own `messages/zh.toml` and `messages/en.toml`; `Catalogue` looks keys up with a fallback
to Chinese, the desk's first language.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("zh", "en")


class Catalogue:
    def __init__(self, tables: dict[str, dict[str, Any]]) -> None:
        self._tables = tables

    @classmethod
    def load(cls, folder: Path) -> Catalogue:
        tables = {}
        for lang in LANGUAGES:
            path = folder / f"{lang}.toml"
            tables[lang] = _flatten(tomllib.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}
        return cls(tables)

    def has(self, key: str, lang: str = "zh") -> bool:
        return key in self._tables.get(lang, {}) or key in self._tables["zh"]

    def t(self, key: str, lang: str = "zh", /, **params: Any) -> str:
        table = self._tables.get(lang) or self._tables["zh"]
        template = table.get(key, self._tables["zh"].get(key))
        if template is None:
            raise KeyError(f"missing message {key!r}")
        return template.format(**params) if params else template

    def keys(self, lang: str = "zh") -> set[str]:
        return set(self._tables.get(lang, {}))


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def domain_messages() -> Catalogue:
    """Labels of the closed vocabularies and notices the domain sends (status, categories, …)."""
    return Catalogue.load(Path(__file__).parent / "messages")


def label(kind: str, value: str, lang: str = "zh") -> str:
    """Human label of an enum value, e.g. label("category", "product_quality") → 产品质量."""
    cat = domain_messages()
    key = f"{kind}.{value}"
    return cat.t(key, lang) if cat.has(key, lang) else value
