from __future__ import annotations

import argparse

from kesu import db
from kesu.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("migrate", help="apply pending database migrations")
    p.set_defaults(handler=handle)


async def handle(settings: Settings, args: argparse.Namespace) -> int:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await db.run_migrations(settings.database_url)
    print("database is up to date")
    return 0
