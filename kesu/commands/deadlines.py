"""`kesu deadlines run-due [--now ISO-TIME]`: one deadline and survey sweep by hand."""

from __future__ import annotations

import argparse
from datetime import datetime

from kesu import db
from kesu.cli import CommandError
from kesu.clock import FrozenClock, SystemClock
from kesu.jobs import sweep
from kesu.settings import Settings
from models.holidays import seed_holidays


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deadlines", help="deadline reminders and escalations")
    actions = p.add_subparsers(dest="action", required=True)
    run = actions.add_parser("run-due", help="send due reminders and escalations once, then exit")
    run.add_argument("--now", help="pretend it is this time (ISO 8601, e.g. 2026-10-08T16:00+08:00)")
    run.set_defaults(handler=handle)


async def handle(settings: Settings, args: argparse.Namespace) -> int:
    clock = FrozenClock(parse_now(args.now, settings)) if args.now else SystemClock()
    async with db.database(settings.database_url):
        await seed_holidays()
        done = await sweep.tick(settings, clock)
    print(
        f"{done['deadlines']} reminders/escalations, {done['surveys']} survey reminders/closes, "
        f"{done['drafts']} draft nudges (messages leave through the running instance's outbox)"
    )
    return 0


def parse_now(raw: str, settings: Settings) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--now: not an ISO time: {raw!r}") from None
    # A time without offset is the desk's local time.
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.timezone)
