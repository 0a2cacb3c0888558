"""`kesu sanbao …`: check a firm's 三包 rules file, install it for the desk, show or reset the active rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kesu import db
from kesu.cli import CommandError
from kesu.clock import SystemClock
from kesu.settings import Settings
from models.errors import ValidationFailed
from models.sanbao import RuleBook, store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sanbao", help="三包 rules: check a rules file, install it, show or reset the active rules"
    )
    cmd = p.add_subparsers(dest="sanbao_command", required=True)
    check = cmd.add_parser("check", help="validate a rules file (TOML) without installing it")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=check_file)
    load = cmd.add_parser("load", help="validate a rules file and make it the desk's active rules")
    load.add_argument("file", type=Path)
    load.set_defaults(handler=load_file)
    show = cmd.add_parser("show", help="print the active rules file and where it comes from")
    show.add_argument("--summary", action="store_true", help="only the origin and counts, not the text")
    show.set_defaults(handler=show_rules)
    reset = cmd.add_parser(
        "reset", help="drop installed rules: KESU_SANBAO_RULES or the shipped defaults decide"
    )
    reset.set_defaults(handler=reset_rules)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None


def _checked(path: Path) -> RuleBook:
    try:
        return store.check_rules_text(_read(path))
    except ValidationFailed as exc:
        raise CommandError(f"{path}: {exc.message}") from None


def _summary(book: RuleBook) -> str:
    return f"{len(book.classes)} classes, {len(book.faults)} faults, {len(book.rules)} rules"


async def check_file(settings: Settings, args: argparse.Namespace) -> int:
    book = _checked(args.file)
    print(f"ok: {args.file}: {_summary(book)}")
    return 0


async def load_file(settings: Settings, args: argparse.Namespace) -> int:
    book = _checked(args.file)
    async with db.database(settings.database_url):
        row = await store.replace_rules(_read(args.file), None, SystemClock().now(), origin=args.file.name)
    print(f"installed {args.file} ({_summary(book)}), sha256 {row.sha256[:12]}")
    return 0


async def show_rules(settings: Settings, args: argparse.Namespace) -> int:
    async with db.database(settings.database_url):
        active = await store.active_rules_source(settings.sanbao_rules)
    where = {"database": "installed in the desk", "file": f"KESU_SANBAO_RULES={active.path}"}.get(
        active.origin, "shipped defaults"
    )
    print(
        f"# active 三包 rules: {where}; {_summary(active.book)}; sha256 {active.sha256[:12]}", file=sys.stderr
    )
    if not args.summary:
        sys.stdout.write(active.text)
    return 0


async def reset_rules(settings: Settings, args: argparse.Namespace) -> int:
    async with db.database(settings.database_url):
        await store.reset_rules(None, SystemClock().now(), origin="kesu sanbao reset")
    print(
        "installed rules dropped: "
        + (f"{settings.sanbao_rules}" if settings.sanbao_rules else "shipped defaults")
    )
    return 0
