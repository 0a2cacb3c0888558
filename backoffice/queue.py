"""The queue query: filters, Chinese search, next-deadline order, keyset pages — one SQL statement.

Order is (next_due_at, id) with tickets without an open deadline last. SQLite sorts NULL first and
neither database can walk an index for "NULLS LAST", so a page is the UNION ALL of the part with a
deadline (index on next_due_at, id) and the part without (primary key), each limited. A search walks
the full-text match newest first (FTS5 rowid order / GIN + primary key), so it stays fast however
common the word is.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise import connections

from backoffice.roles import sees_all_departments
from models.enums import OPEN_STATUSES, Category, Channel, Severity, Status
from models.search import fts_query, query_terms, tsquery
from models.staff import Staff

PAGE_SIZE = 25
COLUMNS = (
    "t.id, t.number, t.status, t.category, t.severity, t.channel, t.customer_name, t.phone, "
    "SUBSTR(t.description, 1, 80) AS excerpt, t.next_due_at, t.overdue, t.created_at, "
    "t.department_id, t.assignee_id, d.name AS department_name, "
    "COALESCE(NULLIF(s.display_name, ''), s.username) AS assignee_name"
)
JOINS = "LEFT JOIN department d ON d.id = t.department_id LEFT JOIN staff s ON s.id = t.assignee_id"


@dataclass
class QueueFilter:
    status: str = ""  # "" = open tickets (or all when searching), "all", or a Status value
    category: str = ""
    severity: str = ""
    department: int | None = None
    assignee: str = ""  # "", "mine", "none"
    channel: str = ""
    overdue: bool = False
    q: str = ""
    cursor: str = ""

    @classmethod
    def from_query(cls, query: Any) -> QueueFilter:
        def pick(name: str, allowed: set[str]) -> str:
            value = str(query.get(name, "")).strip()
            return value if value in allowed else ""

        department = str(query.get("department", "")).strip()
        return cls(
            status=pick("status", {*Status, "all", "open"}),
            category=pick("category", set(Category)),
            severity=pick("severity", set(Severity)),
            department=int(department) if department.isdigit() and len(department) < 10 else None,
            assignee=pick("assignee", {"mine", "none"}),
            channel=pick("channel", set(Channel)),
            overdue=str(query.get("overdue", "")) in ("1", "true", "on"),
            q=str(query.get("q", "")).strip()[:100],
            cursor=str(query.get("cursor", ""))[:200],
        )

    def statuses(self) -> tuple[str, ...]:
        if self.status in ("", "open"):
            return () if (self.q and not self.status) else tuple(OPEN_STATUSES)
        if self.status == "all":
            return ()
        return (self.status,)


@dataclass
class QueuePage:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    searched_terms: list[str] = field(default_factory=list)


class _Sql:
    """Collects parameters and writes the dialect's placeholders.

    Statements are assembled from constant fragments and placeholders only; every value is a
    parameter (hence the S608 waivers below).
    """

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.values: list[Any] = []

    def p(self, value: Any) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(UTC)
        self.values.append(value)
        # Numbered placeholders on both ($1 / ?1): the WHERE clause appears in both halves of a UNION.
        return f"${len(self.values)}" if self.dialect == "postgres" else f"?{len(self.values)}"


async def fetch_page(staff: Staff, flt: QueueFilter, now: datetime, *, size: int = PAGE_SIZE) -> QueuePage:
    conn = connections.get("default")
    sql = _Sql(conn.capabilities.dialect)
    terms = query_terms(flt.q) if flt.q else []
    if flt.q and not terms:
        return QueuePage([], None)
    where = _filters(sql, staff, flt, now)
    if terms:
        statement = _search_sql(sql, where, terms, flt.cursor, size)
    else:
        statement = _deadline_sql(sql, where, flt.cursor, size)
    rows = [_normalise(r) for r in await conn.execute_query_dict(statement, sql.values)]
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = _cursor_after(rows[-1], search=bool(terms))
    return QueuePage(rows, next_cursor, terms)


def _filters(sql: _Sql, staff: Staff, flt: QueueFilter, now: datetime) -> list[str]:
    where: list[str] = ["t.purged_at IS NULL"]
    if not sees_all_departments(staff):
        if staff.department_id is not None:
            where.append(
                f"(t.department_id = {sql.p(staff.department_id)} OR t.assignee_id = {sql.p(staff.id)})"
            )
        else:
            where.append(f"t.assignee_id = {sql.p(staff.id)}")
    statuses = flt.statuses()
    if statuses:
        where.append(f"t.status IN ({', '.join(sql.p(s) for s in statuses)})")
    for column, value in (("category", flt.category), ("severity", flt.severity), ("channel", flt.channel)):
        if value:
            where.append(f"t.{column} = {sql.p(value)}")
    if flt.department is not None:
        where.append(f"t.department_id = {sql.p(flt.department)}")
    if flt.assignee == "mine":
        where.append(f"t.assignee_id = {sql.p(staff.id)}")
    elif flt.assignee == "none":
        where.append("t.assignee_id IS NULL")
    if flt.overdue:
        where.append(f"(t.overdue = {sql.p(True)} OR t.next_due_at < {sql.p(now)})")
    return where


def _deadline_sql(sql: _Sql, where: list[str], cursor: str, size: int) -> str:
    phase, due, after_id = _parse_cursor(cursor)
    limit = size + 1
    null_part = (
        f"SELECT * FROM (SELECT {COLUMNS} FROM ticket t {JOINS} WHERE {' AND '.join(where)} "  # noqa: S608
        f"AND t.next_due_at IS NULL AND t.id > {sql.p(after_id if phase == 'n' else 0)} "
        f"ORDER BY t.id LIMIT {limit}) AS nodue"
    )
    if phase == "n":
        return null_part
    keyset = ""
    if phase == "d" and due is not None:
        keyset = f"AND (t.next_due_at > {sql.p(due)} OR (t.next_due_at = {sql.p(due)} AND t.id > {sql.p(after_id)})) "
    due_part = (
        f"SELECT * FROM (SELECT {COLUMNS} FROM ticket t {JOINS} WHERE {' AND '.join(where)} "  # noqa: S608
        f"AND t.next_due_at IS NOT NULL {keyset}ORDER BY t.next_due_at, t.id LIMIT {limit}) AS due"
    )
    return f"SELECT * FROM ({due_part} UNION ALL {null_part}) AS page LIMIT {limit}"  # noqa: S608


def _search_sql(sql: _Sql, where: list[str], terms: list[str], cursor: str, size: int) -> str:
    _, _, before_id = _parse_cursor(cursor)
    limit = size + 1
    if sql.dialect == "sqlite":
        keyset = f"AND f.rowid < {sql.p(before_id)} " if before_id else ""
        # CROSS JOIN keeps FTS5 as the outer loop, so rows come out in rowid order and LIMIT stops early.
        return (
            f"SELECT {COLUMNS} FROM ticket_fts f CROSS JOIN ticket t ON t.id = f.rowid {JOINS} "  # noqa: S608
            f"WHERE ticket_fts MATCH {sql.p(fts_query(terms))} {keyset}AND {' AND '.join(where)} "
            f"ORDER BY f.rowid DESC LIMIT {limit}"
        )
    keyset = f"AND t.id < {sql.p(before_id)} " if before_id else ""
    return (
        f"SELECT {COLUMNS} FROM ticket t JOIN ticket_search ts ON ts.ticket_id = t.id {JOINS} "  # noqa: S608
        f"WHERE to_tsvector('simple', ts.terms) @@ to_tsquery('simple', {sql.p(tsquery(terms))}) "
        f"{keyset}AND {' AND '.join(where)} ORDER BY t.id DESC LIMIT {limit}"
    )


def _normalise(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite returns datetimes as text and booleans as ints; give templates one shape."""
    for key in ("next_due_at", "created_at"):
        value = row.get(key)
        if isinstance(value, str):
            row[key] = datetime.fromisoformat(value)
    row["overdue"] = bool(row.get("overdue"))
    return row


def _cursor_after(row: dict[str, Any], *, search: bool) -> str:
    if search:
        raw = f"s|{row['id']}"
    elif row["next_due_at"] is not None:
        raw = f"d|{row['next_due_at'].astimezone(UTC).isoformat()}|{row['id']}"
    else:
        raw = f"n|{row['id']}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _parse_cursor(cursor: str) -> tuple[str, datetime | None, int]:
    """A bad or foreign cursor means the first page, never an error."""
    if not cursor:
        return "", None, 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        parts = raw.split("|")
        if parts[0] == "d" and len(parts) == 3:
            due = datetime.fromisoformat(parts[1])
            if due.tzinfo is None:
                return "", None, 0
            return "d", due, _id(parts[2])
        if parts[0] in ("n", "s") and len(parts) == 2:
            return parts[0], None, _id(parts[1])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    return "", None, 0


def _id(raw: str) -> int:
    value = int(raw)
    if not 0 <= value < 2**31:
        raise ValueError("id out of range")
    return value
