from __future__ import annotations

import argparse

from kesu import db
from kesu.cli import CommandError
from kesu.settings import Settings
from models.staff import Staff, create_api_token


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("api-token", help="manage API tokens")
    token_sub = p.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser("create", help="create a bearer token for a staff account (shown once)")
    create.add_argument("username")
    create.set_defaults(handler=create_token)


async def create_token(settings: Settings, args: argparse.Namespace) -> int:
    async with db.database(settings.database_url):
        staff = await Staff.get_or_none(username=args.username, active=True)
        if staff is None:
            raise CommandError(f"no active staff account {args.username!r}")
        token = await create_api_token(staff)
    print(token)
    return 0
