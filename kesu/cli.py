"""The `kesu` command. Each subcommand lives in kesu/commands/<name>.py and registers itself."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Sequence

from kesu.settings import Settings, SettingsError, ensure_secret_key

COMMAND_MODULES = (
    "kesu.commands.run",
    "kesu.commands.migrate",
    "kesu.commands.staff",
    "kesu.commands.api_token",
    "kesu.commands.demo",
    "kesu.commands.deadlines",
    "kesu.commands.lexicon",
    "kesu.commands.report",
    "kesu.commands.sanbao",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kesu", description="Kesu 客诉 — customer complaint desk")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # Library chatter (ORM shutdowns, scheduler job registration) hides what the operator needs.
        for noisy in ("tortoise", "apscheduler", "aiosqlite", "asyncio"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        settings = ensure_secret_key(Settings.from_env())
    except SettingsError as exc:
        print(f"kesu: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        result = asyncio.run(args.handler(settings, args))
    except KeyboardInterrupt:
        return 130
    except CommandError as exc:
        print(f"kesu: {exc}", file=sys.stderr)
        return 1
    return int(result or 0)


class CommandError(Exception):
    """A command failed in a way the operator can fix; printed as one line."""


if __name__ == "__main__":
    sys.exit(main())
