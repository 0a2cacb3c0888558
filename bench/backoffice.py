"""Back-office latency at scale: queue first page, a filtered page, a Chinese search, a ticket page.

    python bench/backoffice.py --tickets 1000000 --sqlite /tmp/kesu-bench-1m.db
    python bench/backoffice.py --tickets 1000000 --postgres postgres://postgres@127.0.0.1:5432/kesu_bench_1m

Seeds the database with bench/seed.py unless it already holds the tickets, then drives the real aiohttp
handlers over loopback (aiohttp test server) as a signed-in supervisor, and prints p50/p95 per page.
Target: p95 ≤ 100 ms each. For scale, django-helpdesk 2.6.1 at 1M tickets: ~6 s for its first queue page
and 8–11 s for a two-character Chinese search.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp.test_utils import TestClient, TestServer
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from backoffice.app import create_app
from bench.seed import BENCH_PASSWORD, NOW, seed
from kesu import db
from kesu.clock import FrozenClock
from kesu.settings import Settings
from models.enums import OPEN_STATUSES
from models.ticket import Ticket

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGES = {
    "queue first page": lambda rng, numbers: "/tickets",
    "filtered page": lambda rng, numbers: "/tickets?status=in_progress&category=product_quality&severity=C",
    "search 退款": lambda rng, numbers: "/tickets?q=退款",
    "ticket page": lambda rng, numbers: f"/tickets/{rng.choice(numbers)}",
}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _prepare(url: str, tickets: int) -> None:
    EXECUTOR_CACHE.clear()
    if url.startswith("postgres"):
        await _create_pg_database(url)
    await db.run_migrations(url)
    await db.open_database(url)
    have = await Ticket.all().count()
    if have < tickets:
        print(f"  seeding {tickets - have:,} tickets …", flush=True)
        summary = await seed(tickets - have, progress=False)
        print(f"  seeded in {summary.seconds:.0f} s", flush=True)
    else:
        print(f"  reusing {have:,} tickets", flush=True)


async def _create_pg_database(url: str) -> None:
    import asyncpg

    base, name = url.rsplit("/", 1)
    conn = await asyncpg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres")
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _measure(url: str, tickets: int, runs: int, tmp: Path) -> dict[str, tuple[float, float]]:
    await _prepare(url, tickets)
    settings = Settings.from_env(
        {"KESU_DATA_DIR": str(tmp), "KESU_DATABASE_URL": url, "KESU_SECRET_KEY": "bench-secret-" + "x" * 32}
    )
    app = create_app(settings, clock=FrozenClock(NOW))
    rng = random.Random(7)
    numbers = await Ticket.filter(status__in=list(OPEN_STATUSES)).limit(2000).values_list("number", flat=True)
    results = {}
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        token = CSRF.search(await (await client.get("/login")).text()).group(1)
        signed = await client.post(
            "/login",
            data={"username": "bench_supervisor", "password": BENCH_PASSWORD, "csrf_token": token},
            allow_redirects=False,
        )
        assert signed.status == 303, "bench sign-in failed"
        for label, path_of in PAGES.items():
            for _ in range(5):  # warm caches
                await (await client.get(path_of(rng, numbers))).read()
            times = []
            for _ in range(runs):
                path = path_of(rng, numbers)
                began = time.perf_counter()
                response = await client.get(path)
                await response.read()
                times.append((time.perf_counter() - began) * 1000)
                assert response.status == 200, (path, response.status)
            results[label] = (statistics.median(times), _percentile(times, 0.95))
    await Tortoise.close_connections()
    return results


def _report(name: str, tickets: int, results: dict[str, tuple[float, float]]) -> None:
    print(f"\n{name}, {tickets:,} tickets — p50 / p95 (ms), target p95 ≤ 100")
    for label, (p50, p95) in results.items():
        flag = "ok" if p95 <= 100 else "SLOW"
        print(f"  {label:<18} {p50:8.1f} {p95:8.1f}   {flag}")


async def _main(args: argparse.Namespace) -> None:
    tmp = Path(args.data_dir)
    for name, url in args.targets:
        print(f"{name}: {url}", flush=True)
        _report(name, args.tickets, await _measure(url, args.tickets, args.runs, tmp))
    print("\ndjango-helpdesk 2.6.1 at 1M tickets (issue 5): first queue page ~6 s, 2-character search 8–11 s")


def main() -> None:
    parser = argparse.ArgumentParser(description="back-office latency at scale")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--sqlite", help="SQLite database file (seeded if it holds fewer tickets)")
    parser.add_argument("--postgres", help="PostgreSQL URL (database created and seeded if needed)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--data-dir", default="/tmp/kesu-bench-data")
    args = parser.parse_args()
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    args.targets = []
    if args.sqlite:
        args.targets.append(("SQLite", f"sqlite://{Path(args.sqlite).resolve()}"))
    if args.postgres:
        args.targets.append(("PostgreSQL", args.postgres))
    if not args.targets:
        raise SystemExit("give --sqlite PATH and/or --postgres URL")
    asyncio.run(_main(args))


if __name__ == "__main__":
    main()
