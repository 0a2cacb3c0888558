"""Reports dashboard bench: /reports for one month over a 1,000,000-ticket desk, through the real aiohttp app.

    .venv/bin/python bench/reports.py                       # SQLite and PostgreSQL, 1,000,000 tickets
    .venv/bin/python bench/reports.py --backend sqlite --tickets 200000 --runs 20

Seeds once (the database is kept and reused while it holds the asked number of tickets): tickets spread
over two years with their deadline rows, customers (some complaining often) and revisit surveys, written
with bulk inserts (sqlite3 executemany / asyncpg COPY). Then starts create_app() on a loopback port, signs
in as a supervisor and times GET /reports?month=2026-10 end to end (p50/p95), with and without a
department filter, and the XLSX export. Target: p95 ≤ 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp.test_utils import TestClient, TestServer
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from kesu import db
from kesu.clock import FrozenClock
from kesu.settings import Settings

NOW = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
SPAN_DAYS = 730
MONTH = "2026-10"
DEPARTMENTS = ["客服部", "质量部", "物流部", "售后服务部", "门店运营部"]
ROUTE = {
    "product_quality": 2,
    "service_attitude": 1,
    "delivery_logistics": 3,
    "billing_price": 1,
    "promotion": 5,
    "after_sales_repair": 4,
    "facilities": 5,
    "other": 1,
}
CATEGORIES = list(ROUTE)
CATEGORY_WEIGHTS = [30, 15, 18, 10, 5, 12, 5, 5]
SEVERITIES, SEVERITY_WEIGHTS = ["A", "B", "C", "D"], [3, 15, 60, 22]
CHANNELS, CHANNEL_WEIGHTS = (
    ["telegram", "webchat", "phone", "visit", "letter", "email"],
    [40, 30, 18, 6, 2, 4],
)
ROOTS = [
    "material",
    "method",
    "design",
    "appearance",
    "packaging",
    "environment",
    "service",
    "misuse",
    "not_ours",
]
DUE = {
    "A": (600, 14400, 86400),
    "B": (1800, 86400, 172800),
    "C": (14400, 86400, 432000),
    "D": (28800, 172800, 432000),
}
KINDS = ("first_contact", "solution", "resolution")
PASSWORD = "bench-password-1"
BATCH = 20_000

TICKET_COLUMNS = [
    "id",
    "number",
    "channel",
    "chat_id",
    "customer_name",
    "phone",
    "address",
    "reference",
    "complaint_type",
    "description",
    "demand",
    "demand_detail",
    "status",
    "category",
    "severity",
    "classification_confirmed",
    "validity",
    "validity_reason",
    "root_cause",
    "root_cause_detail",
    "created_at",
    "updated_at",
    "first_contact_at",
    "resolved_at",
    "closed_at",
    "close_reason",
    "next_due_at",
    "overdue",
    "reopen_count",
    "unsatisfied_count",
    "customer_id",
    "department_id",
]
DEADLINE_COLUMNS = [
    "ticket_id",
    "kind",
    "round",
    "started_at",
    "due_at",
    "state",
    "next_action_at",
    "met_at",
    "escalated_at",
]
SURVEY_COLUMNS = [
    "ticket_id",
    "round",
    "state",
    "satisfied",
    "rating",
    "comment",
    "asked_at",
    "answered_at",
    "stage",
]
CUSTOMER_COLUMNS = [
    "id",
    "name",
    "phone",
    "address",
    "language",
    "unreachable",
    "unreachable_reason",
    "created_at",
]


# --- data ----------------------------------------------------------------------------------------


def customers(n: int) -> Iterator[tuple]:
    for i in range(1, n + 1):
        yield (i, f"客户{i}", f"+86138{i:08d}", "", "zh", False, "", NOW - timedelta(days=SPAN_DAYS))


def tickets(n: int, n_customers: int, seed: int = 7) -> Iterator[tuple[tuple, list[tuple], list[tuple]]]:
    """(ticket row, its deadline rows, its survey rows) for tickets 1..n, oldest first."""
    rng = random.Random(seed)
    step = SPAN_DAYS * 86400 / n
    heavy = max(1, n_customers // 30)  # a thirtieth of the customers file a fifth of the complaints
    for i in range(1, n + 1):
        created = NOW - timedelta(seconds=SPAN_DAYS * 86400 - i * step + rng.random() * step)
        category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
        severity = rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0]
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        age = (NOW - created).total_seconds()
        if age > 10 * 86400:
            status = rng.choices(["closed", "resolved", "reopened", "in_progress"], [95, 2, 1, 2])[0]
        else:
            status = rng.choices(
                ["new", "in_progress", "resolved", "reopened", "closed"], [15, 40, 15, 5, 25]
            )[0]
        fc_due, sol_due, res_due = (created + timedelta(seconds=s) for s in DUE[severity])
        first = (
            None
            if status == "new"
            else created + timedelta(seconds=rng.expovariate(1 / (DUE[severity][0] * 0.8)))
        )
        first = first if first is None or first < NOW else NOW - timedelta(seconds=60)
        done = status in ("resolved", "closed")
        resolved = (
            created + timedelta(seconds=rng.expovariate(1 / (DUE[severity][2] * 0.6))) if done else None
        )
        if resolved is not None and resolved >= NOW:
            resolved = NOW - timedelta(seconds=30)
        if resolved is not None and first is not None and resolved < first:
            resolved = first
        open_ = status in ("new", "in_progress", "reopened")
        customer = rng.randint(1, heavy) if rng.random() < 0.2 else rng.randint(1, n_customers)
        validity = (
            rng.choices(["valid", "invalid", "undecided"], [78, 10, 12])[0] if not open_ else "undecided"
        )
        ticket = (
            i,
            f"KS-{created:%Y%m%d}-{i:07d}",
            channel,
            f"chat-{customer}" if channel in ("telegram", "webchat") else "",
            f"客户{customer}",
            f"+86138{customer:08d}",
            "",
            "",
            "product",
            "商品质量问题，要求处理",
            "other",
            "",
            status,
            category,
            severity,
            True,
            validity,
            "",
            rng.choice(ROOTS) if done and rng.random() < 0.8 else None,
            "",
            created,
            resolved or first or created,
            first,
            resolved,
            resolved if status == "closed" else None,
            ("satisfied" if rng.random() < 0.8 else "no_response") if status == "closed" else None,
            res_due if open_ else None,
            False,
            1 if status == "reopened" else 0,
            0,
            customer,
            ROUTE[category],
        )
        deadlines = []
        for kind, due, met in zip(
            KINDS, (fc_due, sol_due, res_due), (first, first and resolved, resolved), strict=True
        ):
            if met is not None:
                deadlines.append((i, kind, 0, created, due, "met", None, met, None))
            elif due < NOW and open_:
                deadlines.append((i, kind, 0, created, due, "overdue", None, None, due))
            else:
                deadlines.append((i, kind, 0, created, due, "pending", due, None, None))
        surveys = []
        if done:
            revisit_due = resolved + timedelta(hours=4)
            deadlines.append((i, "revisit", 0, resolved, revisit_due, "met", None, resolved, None))
            if channel in ("telegram", "webchat"):
                answered = rng.random() < 0.7
                satisfied = rng.random() < 0.85 if answered else None
                surveys.append(
                    (
                        i,
                        1,
                        "answered" if answered else "no_response",
                        satisfied,
                        rng.randint(3, 5) if satisfied else (rng.randint(1, 3) if answered else None),
                        ("服务很好" if satisfied else "还需改进") if answered and rng.random() < 0.1 else "",
                        resolved,
                        resolved + timedelta(hours=2) if answered else None,
                        "done",
                    )
                )
        yield ticket, deadlines, surveys


def batches(n: int, n_customers: int) -> Iterator[tuple[list[tuple], list[tuple], list[tuple]]]:
    t, d, s = [], [], []
    for ticket, deadlines, surveys in tickets(n, n_customers):
        t.append(ticket)
        d.extend(deadlines)
        s.extend(surveys)
        if len(t) >= BATCH:
            yield t, d, s
            t, d, s = [], [], []
    if t:
        yield t, d, s


# --- seeding -------------------------------------------------------------------------------------


def _sqlite_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(sep=" ")
    return value


def _insert(table: str, columns: list[str], dialect: str) -> str:
    marks = ", ".join("?" for _ in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


def seed_sqlite(path: Path, n: int, n_customers: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    with conn:
        _common_rows_sqlite(conn)
        conn.executemany(
            _insert("customer", CUSTOMER_COLUMNS, "sqlite"),
            ([_sqlite_value(v) for v in row] for row in customers(n_customers)),
        )
        for t, d, s in batches(n, n_customers):
            conn.executemany(
                _insert("ticket", TICKET_COLUMNS, "sqlite"), ([_sqlite_value(v) for v in r] for r in t)
            )
            conn.executemany(
                _insert("deadline", DEADLINE_COLUMNS, "sqlite"), ([_sqlite_value(v) for v in r] for r in d)
            )
            conn.executemany(
                _insert("survey", SURVEY_COLUMNS, "sqlite"), ([_sqlite_value(v) for v in r] for r in s)
            )
            print(f"  … {t[-1][0]:,} tickets", end="\r", flush=True)
    conn.execute("ANALYZE")
    conn.close()
    print()


def _common_rows_sqlite(conn: sqlite3.Connection) -> None:
    for i, name in enumerate(DEPARTMENTS, start=1):
        conn.execute(
            "INSERT INTO department (id, name, created_at) VALUES (?, ?, ?)", (i, name, _sqlite_value(NOW))
        )


async def seed_postgres(url: str, n: int, n_customers: int) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        for i, name in enumerate(DEPARTMENTS, start=1):
            await conn.execute(
                "INSERT INTO department (id, name, created_at) VALUES ($1, $2, $3)", i, name, NOW
            )
        await conn.copy_records_to_table(
            "customer", records=list(customers(n_customers)), columns=CUSTOMER_COLUMNS
        )
        for t, d, s in batches(n, n_customers):
            await conn.copy_records_to_table("ticket", records=t, columns=TICKET_COLUMNS)
            await conn.copy_records_to_table("deadline", records=d, columns=DEADLINE_COLUMNS)
            await conn.copy_records_to_table("survey", records=s, columns=SURVEY_COLUMNS)
            print(f"  … {t[-1][0]:,} tickets", end="\r", flush=True)
        print()
        for table in ("customer", "ticket", "deadline", "survey", "department"):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )
        # A desk this size has been through autovacuum: visibility map and statistics in place.
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def ticket_count(url: str) -> int:
    from tortoise import connections

    await db.open_database(url)
    try:
        rows = await connections.get("default").execute_query_dict("SELECT COUNT(*) AS n FROM ticket")
        return int(rows[0]["n"])
    finally:
        await db.close_database()


async def prepare(backend: str, n: int, data_dir: Path, seeder: str = "reports") -> str:
    n_customers = max(10, n // 3)
    suffix = "" if seeder == "reports" else "_backoffice"
    if backend == "sqlite":
        path = data_dir / f"reports-{n}{suffix}.db"
        url = f"sqlite://{path}"
    else:
        url = await _postgres_database(f"kesu_bench_reports_{n}{suffix}")
    await db.run_migrations(url)
    existing = await ticket_count(url)
    if existing == n:
        print(f"{backend}: reusing {n:,} tickets")
        return url
    if existing:
        raise SystemExit(
            f"{backend}: the bench database holds {existing:,} tickets, not {n:,}; delete it first"
        )
    started = time.perf_counter()
    print(f"{backend}: seeding {n:,} tickets ({seeder} seeder) …")
    if seeder == "backoffice":
        await _seed_with_backoffice_generator(url, n)
    elif backend == "sqlite":
        await asyncio.to_thread(seed_sqlite, path, n, n_customers)
    else:
        await seed_postgres(url, n, n_customers)
    print(f"{backend}: seeded in {time.perf_counter() - started:.0f} s")
    return url


async def _seed_with_backoffice_generator(url: str, n: int) -> None:
    """bench/seed.py (the back office bench data): three deadline rows per ticket, no revisit surveys."""
    from bench.seed import seed as seed_desk

    EXECUTOR_CACHE.clear()
    await db.open_database(url)
    try:
        await seed_desk(n, progress=True)
        if not url.startswith("sqlite"):
            await Tortoise.get_connection("default").execute_script("VACUUM ANALYZE")
    finally:
        await db.close_database()


async def _postgres_database(name: str) -> str:
    import asyncpg

    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return f"postgres://postgres@127.0.0.1:5432/{name}"


# --- timing --------------------------------------------------------------------------------------


async def measure(url: str, data_dir: Path, runs: int) -> dict[str, list[float]]:
    from backoffice.app import create_app
    from models.enums import Role
    from models.staff import Staff, hash_password

    settings = Settings.from_env(
        {"KESU_DATA_DIR": str(data_dir), "KESU_DATABASE_URL": url, "KESU_SECRET_KEY": "b" * 48}
    )
    # tortoise caches INSERT statements per table, not per dialect: start clean for each backend.
    EXECUTOR_CACHE.clear()
    await db.open_database(url)
    try:
        await Staff.update_or_create(
            username="bench-boss",
            defaults={
                "role": Role.SUPERVISOR,
                "password_hash": hash_password(PASSWORD),
                "display_name": "主管",
            },
        )
        app = create_app(settings, clock=FrozenClock(NOW))
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            page = await (await client.get("/login")).text()
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            signed = await client.post(
                "/login",
                data={
                    "username": "bench-boss",
                    "password": PASSWORD,
                    "csrf_token": token,
                    "next": "/reports",
                },
                allow_redirects=False,
            )
            assert signed.status == 303, await signed.text()
            paths = {
                "dashboard, all departments": f"/reports?month={MONTH}",
                "dashboard, one department": f"/reports?month={MONTH}&department=2",
                "XLSX export": f"/reports/export.xlsx?month={MONTH}",
            }
            timings: dict[str, list[float]] = {}
            for name, path in paths.items():
                await _get(client, path)  # warm caches, as a second visitor would find them
                samples = []
                for _ in range(runs if "dashboard" in name else max(5, runs // 3)):
                    started = time.perf_counter()
                    await _get(client, path)
                    samples.append(time.perf_counter() - started)
                timings[name] = samples
            return timings
    finally:
        await db.close_database()


async def _get(client: TestClient, path: str) -> None:
    response = await client.get(path)
    body = await response.read()
    assert response.status == 200 and body, (path, response.status)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/kesu-bench"))
    parser.add_argument(
        "--seeder",
        choices=["reports", "backoffice"],
        default="reports",
        help="reports: this file's generator (every deadline row and the revisit surveys the report reads); "
        "backoffice: bench/seed.py, the back office bench data",
    )
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        url = await prepare(backend, args.tickets, args.data_dir, args.seeder)
        timings = await measure(url, args.data_dir, args.runs)
        for name, samples in timings.items():
            results.append((backend, name, len(samples), statistics.median(samples), p95(samples)))
    print(
        f"\n/reports for {MONTH} over {args.tickets:,} tickets ({args.seeder} seeder; end to end through "
        "aiohttp, loopback)"
    )
    print(f"{'backend':<10} {'request':<28} {'runs':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for backend, name, n, p50, p95_ in results:
        flag = "" if p95_ <= 1.0 else "  > 1 s target"
        print(f"{backend:<10} {name:<28} {n:>4} {p50 * 1000:>8.0f} {p95_ * 1000:>8.0f}{flag}")


if __name__ == "__main__":
    asyncio.run(main())
