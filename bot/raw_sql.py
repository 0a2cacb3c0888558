"""Hand-written SQL for the few statements every customer message runs.

Why: tortoise builds every statement anew through pypika, which costs more CPU than SQLite takes to run
it (bench/intake.py). The statements here are fixed, so they are written once with `?` placeholders
(numbered for PostgreSQL) and run through tortoise's own connection, which keeps transactions, the
SQLite lock and error translation (IntegrityError) exactly as for ORM queries. Values must be what the
ORM would pass: callers encode them with the model field's own `to_db_value`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from tortoise import connections

_PLACEHOLDER = re.compile(r"\?")


@cache
def _numbered(sql: str) -> str:
    counter = iter(range(1, sql.count("?") + 1))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


async def execute(sql: str, values: list[Any]) -> int:
    """Run one statement on the current connection (the open transaction, if any); rows affected."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        sql = _numbered(sql)
    count, _ = await client.execute_query(sql, values)
    return count
