"""Report figures (投诉信息月汇总报表) for a period and department, computed by aggregate queries.

What the figures mean (the rules the dashboard, the exports and the tests share):

- The population is the complaints *received* in the period: tickets whose `created_at` falls on one of the
  local days `start`…`end` (inclusive) in the desk's time zone, optionally of one department. Every figure
  describes those tickets as they stand now; only `open_now` and `overdue_now` count every open ticket of
  the department, whenever it was received.
- Validity rate (成立率) = 成立 / (成立 + 不成立); undecided tickets are left out.
- On-time rate (及时率), per deadline kind: every deadline row of those tickets counts once. A reopened
  ticket gets a fresh round of deadlines, and each round is its own promise: round 0 met on time and
  round 1 missed counts one on time and one late. Met on time = state met and met_at ≤ due_at. Late = state
  overdue, or met after due_at, or still open past due_at (missed, even if the sweeper has not seen it yet).
  Open and not yet due = pending, left out of the rate. Cancelled rows (superseded by a reopen or a close
  before they fell due) are left out.
- Time to first contact = first_contact_at − created_at; time to resolution = resolved_at − created_at,
  where a reopened ticket counts to its latest resolution (reopening clears resolved_at). Median and
  90th percentile are continuous (interpolated) percentiles: PostgreSQL percentile_cont, and on SQLite the
  same interpolation between the two neighbouring rows of the sorted values, picked by ROW_NUMBER().
- Satisfaction counts every revisit round (survey row) of those tickets: share satisfied among answered
  rounds, average of the 1–5 ratings given.
- Repeat complainants: customers with two or more tickets received in the period.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.transactions import in_transaction

from models.customer import mask_phone
from models.enums import Category, Channel, DeadlineKind, Severity, Status
from models.errors import ValidationFailed
from models.record import display_phone

MAX_DAYS = 366
TOP_ROOT_CAUSES = 10
TOP_REPEAT_CUSTOMERS = 20
MAX_COMMENTS = 20
PERCENTILES = (0.5, 0.9)


# --- the question ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """Which complaints a report covers: local days start…end (inclusive), optionally one department."""

    start: date
    end: date
    tz: ZoneInfo
    department_id: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationFailed("end", "before_start")
        if (self.end - self.start).days + 1 > MAX_DAYS:
            raise ValidationFailed("end", "range_too_long")

    @classmethod
    def month(cls, month: str, tz: ZoneInfo, department_id: int | None = None) -> ReportScope:
        """`month` is "YYYY-MM"."""
        try:
            year, mon = (int(part) for part in month.split("-"))
            last = calendar.monthrange(year, mon)[1]
        except (ValueError, calendar.IllegalMonthError):
            raise ValidationFailed("month", "invalid") from None
        return cls(date(year, mon, 1), date(year, mon, last), tz, department_id)

    @property
    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[first local midnight, the midnight after the last day) as UTC instants."""
        return _local_midnight(self.start, self.tz), _local_midnight(self.end + timedelta(days=1), self.tz)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == date(
            self.start.year, self.start.month, calendar.monthrange(self.start.year, self.start.month)[1]
        )


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


# --- the answer ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    key: str  # the raw value (enum value, department name; "" = none)
    count: int


@dataclass(frozen=True)
class OnTime:
    kind: str
    on_time: int
    late: int
    pending: int

    @property
    def decided(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


@dataclass(frozen=True)
class Durations:
    """Seconds from receipt to an event, over the tickets that reached it."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Comment:
    number: str
    satisfied: bool | None
    rating: int | None
    comment: str
    answered_at: datetime | None


@dataclass(frozen=True)
class Satisfaction:
    surveys: int  # revisit rounds asked
    answered: int
    satisfied: int
    unsatisfied: int
    no_response: int
    rated: int
    average_rating: float | None
    comments: list[Comment] = field(default_factory=list)

    @property
    def satisfied_rate(self) -> float | None:
        return self.satisfied / self.answered if self.answered else None


@dataclass(frozen=True)
class RepeatComplainant:
    customer_id: int
    name: str
    phone_masked: str
    tickets: int


@dataclass(frozen=True)
class Report:
    scope: ReportScope
    department_name: str | None
    generated_at: datetime
    total: int
    per_day: list[tuple[date, int]]
    by_category: list[Counted]
    by_severity: list[Counted]
    by_channel: list[Counted]
    by_department: list[Counted]
    by_status: list[Counted]
    valid: int
    invalid: int
    undecided: int
    on_time: list[OnTime]
    first_contact: Durations
    resolution: Durations
    satisfaction: Satisfaction
    root_causes: list[Counted]
    repeat_complainant_count: int
    repeat_complainants: list[RepeatComplainant]
    open_now: int
    overdue_now: int

    @property
    def validity_rate(self) -> float | None:
        decided = self.valid + self.invalid
        return self.valid / decided if decided else None

    def on_time_for(self, kind: DeadlineKind | str) -> OnTime:
        return next(o for o in self.on_time if o.kind == str(kind))

    @property
    def on_time_overall(self) -> OnTime:
        return OnTime(
            "all",
            sum(o.on_time for o in self.on_time),
            sum(o.late for o in self.on_time),
            sum(o.pending for o in self.on_time),
        )


# --- SQL helpers ---------------------------------------------------------------------------------


class _Sql:
    """Collects parameters and writes the right placeholders for the dialect.

    Only placeholders and constant fragments are ever put into SQL text; values go in as parameters.
    `p()` returns a marker, and `render()` numbers the markers in the order they appear in the final
    text, so fragments can be built in any order and a value may be used twice.
    """

    _MARK = re.compile("\x01(\\d+)\x01")

    def __init__(self, db: _Db) -> None:
        self.db = db
        self.pg = db.dialect == "postgres"
        self._values: list[Any] = []

    def p(self, value: Any) -> str:
        if not self.pg and isinstance(value, datetime):
            # The text form tortoise stores on SQLite, so range tests on the column stay index scans.
            value = value.astimezone(UTC).isoformat(sep=" ")
        self._values.append(value)
        return f"\x01{len(self._values) - 1}\x01"

    def render(self, text: str) -> tuple[str, list[Any]]:
        args: list[Any] = []
        numbers: dict[int, int] = {}

        def placeholder(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if not self.pg:
                args.append(self._values[index])
                return "?"
            if index not in numbers:
                args.append(self._values[index])
                numbers[index] = len(args)
            return f"${numbers[index]}"

        return self._MARK.sub(placeholder, text), args

    def seconds_between(self, later: str, earlier: str) -> str:
        if self.pg:
            return f"EXTRACT(EPOCH FROM ({later} - {earlier}))::float8"
        return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"

    def instant(self, column: str) -> str:
        """A comparable moment. SQLite keeps timestamps as text whose UTC offset depends on how the row
        was written (create() stores UTC, a queryset update() keeps the offset it was given), so two
        columns are compared through julianday(), never as text."""
        return column if self.pg else f"julianday({column})"


async def _rows(sql: _Sql, text: str) -> list[dict[str, Any]]:
    query, args = sql.render(text)
    return await sql.db.conn.execute_query_dict(query, args)


@dataclass
class _Db:
    conn: Any  # a tortoise client: the default connection, or the transaction of this report
    dialect: str
    # The smallest and largest id among the period's tickets: joins from deadline and survey add it as
    # a range on their ticket_id index, so the database reads only that stretch (ids follow filing).
    ids: tuple[int, int] | None = None


@asynccontextmanager
async def _reading() -> AsyncIterator[_Db]:
    conn = connections.get("default")
    if conn.capabilities.dialect != "postgres":
        yield _Db(conn, conn.capabilities.dialect)
        return
    async with in_transaction() as tx:
        # These are short scans: compiling them with JIT (on by default) costs more than running them.
        await tx.execute_query("SET LOCAL jit = off")
        yield _Db(tx, "postgres")


def _ticket_ids(sql: _Sql, column: str) -> str:
    """The id-range hint for a join on ticket ids (always true for the period's tickets)."""
    if sql.db.ids is None:
        return ""
    lo, hi = sql.db.ids
    return f" AND {column} BETWEEN {sql.p(lo)} AND {sql.p(hi)}"


def _cohort(sql: _Sql, scope: ReportScope, alias: str = "t") -> str:
    lo, hi = scope.utc_bounds
    where = f"{alias}.created_at >= {sql.p(lo)} AND {alias}.created_at < {sql.p(hi)}"
    if scope.department_id is not None:
        where += f" AND {alias}.department_id = {sql.p(scope.department_id)}"
    return where


# --- the figures ---------------------------------------------------------------------------------


async def build_report(scope: ReportScope, *, now: datetime) -> Report:
    """Every figure of the dashboard and the monthly summary, in a dozen aggregate queries."""
    async with _reading() as db:
        return await _build(db, scope, now)


async def _build(db: _Db, scope: ReportScope, now: datetime) -> Report:
    dims = await _dimensions(db, scope)
    db.ids = await _id_range(db, scope)
    total = sum(c.count for c in dims.get("status", []))
    by_validity = {c.key: c.count for c in dims.get("validity", [])}
    return Report(
        scope=scope,
        department_name=await _department_name(db, scope.department_id),
        generated_at=now,
        total=total,
        per_day=await _per_day(db, scope),
        by_category=_complete(dims.get("category", []), [c.value for c in Category]),
        by_severity=_complete(dims.get("severity", []), [s.value for s in Severity]),
        by_channel=_complete(dims.get("channel", []), [c.value for c in Channel]),
        by_department=sorted(dims.get("department", []), key=lambda c: (-c.count, c.key)),
        by_status=_complete(dims.get("status", []), [s.value for s in Status]),
        valid=by_validity.get("valid", 0),
        invalid=by_validity.get("invalid", 0),
        undecided=by_validity.get("undecided", 0),
        on_time=await _on_time(db, scope, now),
        first_contact=await _durations(db, scope, "first_contact_at"),
        resolution=await _durations(db, scope, "resolved_at"),
        satisfaction=await _satisfaction(db, scope),
        root_causes=sorted((c for c in dims.get("root_cause", []) if c.key), key=lambda c: (-c.count, c.key))[
            :TOP_ROOT_CAUSES
        ],
        **await _repeat_complainants(db, scope),
        **await _open_now(db, scope.department_id, now),
    )


def _complete(found: list[Counted], vocabulary: Sequence[str]) -> list[Counted]:
    """Every value of a closed vocabulary, zeros included, in the vocabulary's order."""
    counts = {c.key: c.count for c in found}
    extra = [c for c in found if c.key not in vocabulary]
    return [Counted(v, counts.get(v, 0)) for v in vocabulary] + extra


async def _department_name(db: _Db, department_id: int | None) -> str | None:
    if department_id is None:
        return None
    sql = _Sql(db)
    rows = await _rows(sql, f"SELECT name FROM department WHERE id = {sql.p(department_id)}")  # noqa: S608
    return rows[0]["name"] if rows else None


async def _id_range(db: _Db, scope: ReportScope) -> tuple[int, int] | None:
    sql = _Sql(db)
    # OFFSET 0 keeps PostgreSQL from answering MIN/MAX by walking the primary key from one end.
    fence = " OFFSET 0" if sql.pg else ""
    cohort = f"SELECT t.id FROM ticket t WHERE {_cohort(sql, scope)}{fence}"  # noqa: S608
    text = f"SELECT MIN(c.id) AS lo, MAX(c.id) AS hi FROM ({cohort}) c"  # noqa: S608
    row = (await _rows(sql, text))[0]
    return None if row["lo"] is None else (int(row["lo"]), int(row["hi"]))


_DIMENSIONS = {
    "category": "c.category",
    "severity": "c.severity",
    "channel": "c.channel",
    "status": "c.status",
    "validity": "c.validity",
    "root_cause": "c.root_cause",
    "department": "c.department",
}


async def _dimensions(db: _Db, scope: ReportScope) -> dict[str, list[Counted]]:
    """Counts by each dimension in one statement: the cohort is read once, then grouped seven ways."""
    sql = _Sql(db)
    cohort = (
        "SELECT t.category, t.severity, t.channel, t.status, t.validity, t.root_cause, "  # noqa: S608
        "COALESCE(dep.name, '') AS department "
        "FROM ticket t LEFT JOIN department dep ON dep.id = t.department_id "
        f"WHERE {_cohort(sql, scope)}"
    )
    groups = " UNION ALL ".join(
        f"SELECT '{dim}' AS dim, {column} AS k, COUNT(*) AS n FROM c GROUP BY {column}"  # noqa: S608
        for dim, column in _DIMENSIONS.items()
    )
    text = f"WITH c AS MATERIALIZED ({cohort}) {groups}"
    result: dict[str, list[Counted]] = {}
    for row in await _rows(sql, text):
        result.setdefault(row["dim"], []).append(Counted(row["k"] or "", int(row["n"])))
    return result


async def _per_day(db: _Db, scope: ReportScope) -> list[tuple[date, int]]:
    sql = _Sql(db)
    if sql.pg:
        day = f"(t.created_at AT TIME ZONE {sql.p(scope.tz.key)})::date"
    else:
        day = f"date(t.created_at, {_sqlite_shift(sql, scope)})"
    text = f"SELECT {day} AS day, COUNT(*) AS n FROM ticket t WHERE {_cohort(sql, scope)} GROUP BY 1"  # noqa: S608
    counts = {}
    for row in await _rows(sql, text):
        value = row["day"]
        counts[value if isinstance(value, date) else date.fromisoformat(value)] = int(row["n"])
    return [(day, counts.get(day, 0)) for day in scope.days]


def _sqlite_shift(sql: _Sql, scope: ReportScope) -> str:
    """A date() modifier that moves a UTC timestamp to local time, switching at each offset change."""
    segments = offset_segments(*scope.utc_bounds, scope.tz)
    if len(segments) == 1:
        return sql.p(_modifier(segments[0][1]))
    cases = " ".join(
        f"WHEN t.created_at < {sql.p(until)} THEN {sql.p(_modifier(minutes))}"
        for (_, minutes), (until, _) in itertools.pairwise(segments)
    )
    return f"CASE {cases} ELSE {sql.p(_modifier(segments[-1][1]))} END"


def _modifier(minutes: int) -> str:
    return f"{minutes:+d} minutes"


def offset_segments(lo: datetime, hi: datetime, tz: ZoneInfo) -> list[tuple[datetime, int]]:
    """[(UTC start, UTC offset in minutes)] over [lo, hi): one entry unless the zone changes offset."""

    def offset(at: datetime) -> int:
        return int(at.astimezone(tz).utcoffset().total_seconds() // 60)

    segments = [(lo, offset(lo))]
    step = timedelta(hours=6)
    cursor = lo
    while cursor < hi:
        nxt = min(cursor + step, hi)
        if offset(nxt) != segments[-1][1]:
            # offset(a) is the old one, offset(b) the new: bisect on whole seconds.
            a, b = int(cursor.timestamp()), int(nxt.timestamp())
            while b - a > 1:
                mid = (a + b) // 2
                a, b = (mid, b) if offset(datetime.fromtimestamp(mid, UTC)) == segments[-1][1] else (a, mid)
            changed = datetime.fromtimestamp(b, UTC)
            segments.append((changed, offset(changed)))
        cursor = nxt
    return segments


_OPEN_DEADLINE = "('pending', 'reminded')"


async def _on_time(db: _Db, scope: ReportScope, now: datetime) -> list[OnTime]:
    sql = _Sql(db)
    now_p = sql.p(now)
    late_open = f"(d.state IN {_OPEN_DEADLINE} AND d.due_at < {now_p})"
    pending_open = f"(d.state IN {_OPEN_DEADLINE} AND d.due_at >= {now_p})"
    on_time = f"(d.state = 'met' AND {sql.instant('d.met_at')} <= {sql.instant('d.due_at')})"
    met_late = f"(d.state = 'met' AND {sql.instant('d.met_at')} > {sql.instant('d.due_at')})"
    text = (
        "SELECT d.kind AS kind, "  # noqa: S608 — constant fragments only
        f"SUM(CASE WHEN {on_time} THEN 1 ELSE 0 END) AS on_time, "
        f"SUM(CASE WHEN d.state = 'overdue' OR {met_late} OR {late_open} THEN 1 ELSE 0 END) AS late, "
        f"SUM(CASE WHEN {pending_open} THEN 1 ELSE 0 END) AS pending "
        "FROM deadline d JOIN ticket t ON t.id = d.ticket_id "
        f"WHERE {_cohort(sql, scope)}{_ticket_ids(sql, 'd.ticket_id')} AND d.state <> 'cancelled' GROUP BY d.kind"
    )
    found = {row["kind"]: row for row in await _rows(sql, text)}
    return [
        OnTime(
            kind.value,
            int(found.get(kind.value, {}).get("on_time") or 0),
            int(found.get(kind.value, {}).get("late") or 0),
            int(found.get(kind.value, {}).get("pending") or 0),
        )
        for kind in DeadlineKind
    ]


async def _durations(db: _Db, scope: ReportScope, column: str) -> Durations:
    assert column in ("first_contact_at", "resolved_at")  # a column name, never user input
    sql = _Sql(db)
    seconds = sql.seconds_between(f"t.{column}", "t.created_at")
    values = f"SELECT {seconds} AS s FROM ticket t WHERE {_cohort(sql, scope)} AND t.{column} IS NOT NULL"  # noqa: S608
    if sql.pg:
        cont = ", ".join(
            f"percentile_cont({p}) WITHIN GROUP (ORDER BY v.s) AS p{int(p * 100)}" for p in PERCENTILES
        )
        rows = await _rows(sql, f"SELECT COUNT(*) AS n, {cont} FROM ({values}) v")  # noqa: S608
        row = rows[0]
        return Durations(int(row["n"]), _num(row["p50"]), _num(row["p90"]))
    # SQLite has no percentile_cont: number the sorted values once (ROW_NUMBER over ORDER BY) and keep
    # the two rows either side of each percentile's position, then interpolate exactly as it does.
    ranked = (
        f"SELECT v.s, ROW_NUMBER() OVER (ORDER BY v.s) - 1 AS rn, COUNT(*) OVER () AS n FROM ({values}) v"  # noqa: S608
    )
    wanted = " OR ".join(
        f"(r.rn BETWEEN CAST((r.n - 1) * {p} AS INTEGER) AND CAST((r.n - 1) * {p} AS INTEGER) + 1)"
        for p in PERCENTILES
    )
    rows = await _rows(sql, f"SELECT r.s, r.rn, r.n FROM ({ranked}) r WHERE {wanted}")  # noqa: S608
    if not rows:
        return Durations(0, None, None)
    n = int(rows[0]["n"])
    by_rank = {int(r["rn"]): float(r["s"]) for r in rows}
    median, p90 = (_interpolate(by_rank, n, p) for p in PERCENTILES)
    return Durations(n, median, p90)


def _interpolate(by_rank: dict[int, float], n: int, p: float) -> float:
    position = (n - 1) * p
    k = int(position)
    low = by_rank[k]
    return low + (by_rank.get(k + 1, low) - low) * (position - k)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


async def _satisfaction(db: _Db, scope: ReportScope) -> Satisfaction:
    sql = _Sql(db)
    text = (
        "SELECT COUNT(*) AS surveys, "  # noqa: S608 — constant fragments only
        "SUM(CASE WHEN s.state = 'answered' THEN 1 ELSE 0 END) AS answered, "
        "SUM(CASE WHEN s.state = 'answered' AND s.satisfied IS TRUE THEN 1 ELSE 0 END) AS satisfied, "
        "SUM(CASE WHEN s.state = 'answered' AND s.satisfied IS FALSE THEN 1 ELSE 0 END) AS unsatisfied, "
        "SUM(CASE WHEN s.state = 'no_response' THEN 1 ELSE 0 END) AS no_response, "
        "COUNT(s.rating) AS rated, AVG(s.rating * 1.0) AS average_rating "
        f"FROM survey s JOIN ticket t ON t.id = s.ticket_id WHERE {_cohort(sql, scope)}{_ticket_ids(sql, 's.ticket_id')}"
    )
    row = (await _rows(sql, text))[0]
    csql = _Sql(db)
    comments = await _rows(
        csql,
        "SELECT t.number, s.satisfied, s.rating, s.comment, s.answered_at "  # noqa: S608
        f"FROM survey s JOIN ticket t ON t.id = s.ticket_id WHERE {_cohort(csql, scope)}{_ticket_ids(csql, 's.ticket_id')} "
        f"AND s.comment <> '' ORDER BY s.answered_at DESC, s.id DESC LIMIT {csql.p(MAX_COMMENTS)}",
    )
    average = _num(row["average_rating"])
    return Satisfaction(
        surveys=int(row["surveys"] or 0),
        answered=int(row["answered"] or 0),
        satisfied=int(row["satisfied"] or 0),
        unsatisfied=int(row["unsatisfied"] or 0),
        no_response=int(row["no_response"] or 0),
        rated=int(row["rated"] or 0),
        average_rating=round(average, 2) if average is not None else None,
        comments=[
            Comment(
                number=c["number"],
                satisfied=None if c["satisfied"] is None else bool(c["satisfied"]),
                rating=c["rating"],
                comment=c["comment"],
                answered_at=_as_datetime(c["answered_at"]),
            )
            for c in comments
        ],
    )


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


async def _repeat_complainants(db: _Db, scope: ReportScope) -> dict[str, Any]:
    sql = _Sql(db)
    text = (
        "SELECT r.customer_id, r.n, COUNT(*) OVER () AS customers, c.name, c.phone "  # noqa: S608
        "FROM (SELECT t.customer_id, COUNT(*) AS n FROM ticket t "
        f"WHERE {_cohort(sql, scope)} GROUP BY t.customer_id HAVING COUNT(*) >= 2) r "
        "JOIN customer c ON c.id = r.customer_id "
        f"ORDER BY r.n DESC, r.customer_id LIMIT {sql.p(TOP_REPEAT_CUSTOMERS)}"
    )
    rows = await _rows(sql, text)
    return {
        "repeat_complainant_count": int(rows[0]["customers"]) if rows else 0,
        "repeat_complainants": [
            RepeatComplainant(
                customer_id=int(r["customer_id"]),
                name=r["name"] or "",
                phone_masked=mask_phone(display_phone(r["phone"] or "")),
                tickets=int(r["n"]),
            )
            for r in rows
        ],
    }


async def _open_now(db: _Db, department_id: int | None, now: datetime) -> dict[str, int]:
    """Open tickets now, and those behind: an open deadline past due, or a missed one still not met.

    The ticket's `overdue` flag is not used: it stays set after a late first contact, when the ticket may
    be back on time.
    """
    sql = _Sql(db)
    statuses = ", ".join(sql.p(s.value) for s in (Status.NEW, Status.IN_PROGRESS, Status.REOPENED))
    where = f"t.status IN ({statuses})"
    if department_id is not None:
        where += f" AND t.department_id = {sql.p(department_id)}"
    overdue = (
        f"t.next_due_at < {sql.p(now)} OR EXISTS (SELECT 1 FROM deadline d "  # noqa: S608
        "WHERE d.ticket_id = t.id AND d.state = 'overdue' AND d.met_at IS NULL)"
    )
    text = (
        f"SELECT COUNT(*) AS open, SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END) AS overdue "  # noqa: S608
        f"FROM ticket t WHERE {where}"
    )
    row = (await _rows(sql, text))[0]
    return {"open_now": int(row["open"] or 0), "overdue_now": int(row["overdue"] or 0)}
