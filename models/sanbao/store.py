"""The desk's active 三包 rules: the text an admin installed, else the file named in settings, else the defaults.

Every installation is a new row (who, when, from where), so the history of the rules stays readable and
the newest row decides. A row without text means "back to the file or the shipped defaults".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tortoise import fields
from tortoise.models import Model

from models.errors import ValidationFailed
from models.sanbao.errors import RulesError
from models.sanbao.loader import default_rules, load_rules
from models.sanbao.rulebook import RuleBook
from models.staff import Staff

# Far above any real rules table (the shipped one is ~10 kB), low enough to refuse a pasted novel.
MAX_RULES_CHARS = 200_000


class SanbaoRules(Model):
    """One installation of a 三包 rules file by an admin, the newest row is the active one."""

    id = fields.IntField(primary_key=True)
    text = fields.TextField(null=True)  # None: fall back to the configured file or the defaults
    sha256 = fields.CharField(max_length=64, default="")
    origin = fields.CharField(max_length=255, default="")  # file name or "back office"
    staff: fields.ForeignKeyNullableRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "sanbao_rules"


@dataclass(frozen=True)
class ActiveRules:
    """The rules in force and where they come from, for the admin page and the CLI."""

    book: RuleBook
    text: str
    origin: str  # "database", "file" or "default"
    installed: SanbaoRules | None
    path: Path | None = None

    @property
    def sha256(self) -> str:
        return _digest(self.text)


async def active_rules(rules_file: Path | None = None) -> RuleBook:
    """The RuleBook in force: admin-installed text, else `rules_file` (KESU_SANBAO_RULES), else the defaults."""
    return (await active_rules_source(rules_file)).book


async def active_rules_source(rules_file: Path | None = None) -> ActiveRules:
    latest = await SanbaoRules.all().order_by("-id").select_related("staff").first()
    if latest is not None and latest.text is not None:
        return ActiveRules(_parsed(latest.text), latest.text, "database", latest)
    if rules_file is not None:
        text = _read(rules_file)
        return ActiveRules(_parsed(text, str(rules_file)), text, "file", latest, rules_file)
    return ActiveRules(default_rules(), default_rules_text(), "default", latest)


async def replace_rules(text: str, staff: Staff | None, now: datetime, *, origin: str = "") -> SanbaoRules:
    """Install a firm's rules file after validating it; nothing is stored when it does not load."""
    check_rules_text(text)
    return await SanbaoRules.create(
        text=text, sha256=_digest(text), origin=origin[:255], staff=staff, created_at=now
    )


async def reset_rules(staff: Staff | None, now: datetime, *, origin: str = "") -> SanbaoRules:
    """Drop the installed text: the configured file (or the shipped defaults) decides again."""
    return await SanbaoRules.create(text=None, origin=origin[:255], staff=staff, created_at=now)


async def rules_history(limit: int = 20) -> list[SanbaoRules]:
    return await SanbaoRules.all().order_by("-id").limit(limit).select_related("staff")


def check_rules_text(text: str) -> RuleBook:
    """The RuleBook of `text`, or ValidationFailed("rules", <the loader's message, Chinese first>)."""
    if len(text) > MAX_RULES_CHARS:
        raise ValidationFailed(
            "rules", f"规则文件过大 rules file too large: {len(text)} characters, at most {MAX_RULES_CHARS}"
        )
    if not text.strip():
        raise ValidationFailed("rules", "规则文件为空 the rules file is empty")
    try:
        return _parsed(text)
    except RulesError as exc:
        raise ValidationFailed("rules", str(exc)) from None


def default_rules_text() -> str:
    return resources.files("models.sanbao").joinpath("default_rules.toml").read_text(encoding="utf-8")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"无法读取规则文件 cannot read rules file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError:
        raise RulesError(f"规则文件不是 UTF-8 文本 rules file {path} is not UTF-8 text") from None


@lru_cache(maxsize=8)
def _parsed(text: str, source: str = "<text>") -> RuleBook:
    """Parsing is pure, so each distinct text is parsed once per process (a RuleBook is immutable)."""
    book = load_rules(text if "\n" in text or "=" in text else text + "\n")
    return book if source == "<text>" else _with_source(book, source)


def _with_source(book: RuleBook, source: str) -> RuleBook:
    return RuleBook(
        policy=book.policy, classes=book.classes, faults=book.faults, rules=book.rules, source=source
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
