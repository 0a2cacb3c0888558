from __future__ import annotations

import argparse
import getpass
import sys

from kesu import db
from kesu.cli import CommandError
from kesu.settings import Settings
from models.enums import Role
from models.errors import ValidationFailed
from models.staff import Department, Staff, hash_password


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("staff", help="manage staff accounts")
    staff_sub = p.add_subparsers(dest="staff_command", required=True)
    add = staff_sub.add_parser("add", help="create a staff account (or reset its password and role)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.HANDLER.value)
    add.add_argument("--department", help="department name (created if missing)")
    add.add_argument("--name", help="display name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=add_staff)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat: "):
        raise CommandError("passwords do not match")
    return first


async def add_staff(settings: Settings, args: argparse.Namespace) -> int:
    try:
        password_hash = hash_password(_read_password(args.password_stdin))
    except ValidationFailed:
        raise CommandError("password must be at least 8 characters") from None
    async with db.database(settings.database_url):
        department = None
        if args.department:
            department, _ = await Department.get_or_create(name=args.department)
        staff, created = await Staff.update_or_create(
            username=args.username,
            defaults={
                "role": Role(args.role),
                "department": department,
                "password_hash": password_hash,
                "display_name": args.name or args.username,
                "active": True,
            },
        )
    print(f"{'created' if created else 'updated'} {args.role} {staff.username}")
    return 0
