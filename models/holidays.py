"""The shipped official calendar (models/data/holidays_*.toml) and seeding it into the Holiday table."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from tortoise.exceptions import IntegrityError

from models.deadline import Holiday

DATA = Path(__file__).parent / "data"


@cache
def shipped_days() -> tuple[tuple[date, bool, str], ...]:
    """Every (day, is_workday, name) exception in the data files, oldest first (parsed once)."""
    days = []
    for path in sorted(DATA.glob("holidays_*.toml")):
        for row in tomllib.loads(path.read_text(encoding="utf-8")).get("day", []):
            days.append((row["date"], bool(row["workday"]), str(row.get("name", ""))))
    return tuple(days)


async def seed_holidays() -> int:
    """Load the shipped calendar when the table is empty; admins own the rows afterwards."""
    if await Holiday.exists():
        return 0
    rows = [Holiday(day=day, is_workday=work, name=name) for day, work, name in shipped_days()]
    try:
        await Holiday.bulk_create(rows)
    except IntegrityError:  # another instance seeded at the same moment
        return 0
    return len(rows)
