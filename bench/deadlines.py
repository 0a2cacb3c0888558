"""Deadline sweep figures: idle cost with 100,000 pending rows, claim throughput, due-to-send lag.

    .venv/bin/python bench/deadlines.py [--pending 100000] [--due 10000] [--postgres postgres://postgres@127.0.0.1/postgres]

1. idle sweep: `models.sweeps.run_due(now)` when none of the pending deadlines is due (target ≤ 5 ms);
2. claim throughput: 10,000 deadlines due at once, claimed in batches of 500 (`models.leases.claim`),
   then the full escalation (state change, two events, an outbox row, one transaction each) — target
   ≥ 2,000 claims/s on PostgreSQL;
3. lag: deadlines falling due over a few seconds while the real scheduler (APScheduler interval job,
   `sweep_interval` = 2 s) and the outbox sender run; lag = time the fake transport sent the escalation
   minus the due time (target ≤ sweep interval + 1 s). Telegram pacing is off for the lag run: it measures
   the sweep, not the 1 msg/s per-chat rule.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bot.delivery.limits import UNLIMITED  # noqa: E402
from bot.delivery.sender import OutboxSender, SenderOptions  # noqa: E402
from kesu import db  # noqa: E402
from kesu.clock import SystemClock  # noqa: E402
from kesu.scheduler import build_scheduler  # noqa: E402
from kesu.settings import Settings  # noqa: E402
from models import leases, sweeps  # noqa: E402
from models.customer import Customer  # noqa: E402
from models.deadline import Deadline  # noqa: E402
from models.enums import Channel, DeadlineKind, Role  # noqa: E402
from models.staff import Department, Staff  # noqa: E402
from models.ticket import Ticket  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
KINDS = list(DeadlineKind)


async def seed(pending: int) -> None:
    dept = await Department.create(name="售后部")
    await Staff.create(username="boss", role=Role.SUPERVISOR, department=dept, telegram_chat_id="s1")
    customer = await Customer.create(name="张三")
    now = datetime.now(UTC)
    tickets = [
        Ticket(
            number=f"KS-B-{i:07d}",
            customer=customer,
            channel="telegram",
            chat_id=str(i),
            description="x",
            department=dept,
            created_at=now,
            updated_at=now,
        )
        for i in range(pending // len(KINDS))
    ]
    await Ticket.bulk_create(tickets, batch_size=2000)
    ids = await Ticket.all().values_list("id", flat=True)
    later = now + timedelta(days=3)
    rows = [
        Deadline(ticket_id=t, kind=k, started_at=now, due_at=later, next_action_at=later)
        for t in ids
        for k in KINDS
    ]
    await Deadline.bulk_create(rows, batch_size=5000)


async def idle_cost(rounds: int = 200) -> list[float]:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        assert await sweeps.run_due(datetime.now(UTC), tz=TZ) == 0
        times.append((time.perf_counter() - began) * 1000)
    return times


async def make_due(count: int, at: datetime) -> list[int]:
    ids = (
        await Deadline.filter(next_action_at__gt=at).order_by("id").limit(count).values_list("id", flat=True)
    )
    for chunk in range(0, len(ids), 5000):
        await Deadline.filter(id__in=ids[chunk : chunk + 5000]).update(
            due_at=leases.utc(at), next_action_at=leases.utc(at)
        )
    return ids


async def claim_throughput(count: int) -> tuple[float, float]:
    now = datetime.now(UTC)
    await make_due(count, now - timedelta(seconds=1))
    began, claimed = time.perf_counter(), 0
    while batch := await leases.claim(
        Deadline, sweeps.due_filter(now), now=now, lease=timedelta(minutes=5), batch=500
    ):
        claimed += len(batch)
    claim_rate = claimed / (time.perf_counter() - began)
    await Deadline.filter(claim_token__isnull=False).update(claim_token=None, claimed_until=None)
    began, settled = time.perf_counter(), 0
    while acted := await sweeps.run_due(now, tz=TZ):
        settled += acted
    return claim_rate, settled / (time.perf_counter() - began)


class Stamping:
    def __init__(self) -> None:
        self.sent: dict[int, float] = {}

    async def send(self, message) -> str:
        self.sent[message.id] = time.time()
        return "1"


async def lag(url: str, data_dir: Path, count: int = 100, spread: float = 6.0) -> list[float]:
    settings = Settings.from_env({"KESU_DATABASE_URL": url, "KESU_DATA_DIR": str(data_dir)})
    clock = SystemClock()
    transport = Stamping()
    sender = OutboxSender(
        {Channel.TELEGRAM: transport},
        clock,
        limits={Channel.TELEGRAM: UNLIMITED},
        options=SenderOptions(interval=settings.sweep_interval),
    )
    from models.outbox import OutboxMessage

    await OutboxMessage.all().delete()  # the throughput run's escalations are not part of this figure
    ids = (
        await Deadline.filter(next_action_at__gt=datetime.now(UTC) + timedelta(days=1))
        .limit(count)
        .values_list("id", flat=True)
    )
    scheduler = build_scheduler(settings, clock, wake_sender=sender.wake)
    sender.start()
    scheduler.start()
    try:
        began = time.perf_counter()
        start = datetime.now(UTC) + timedelta(seconds=1)
        due = {}
        for i, deadline_id in enumerate(ids):
            at = start + timedelta(seconds=spread * i / count)
            due[deadline_id] = at.timestamp()
            await Deadline.filter(id=deadline_id).update(due_at=at, next_action_at=at)
        print(f"  lag setup took {time.perf_counter() - began:.2f}s (due times start 1 s after it began)")
        await asyncio.sleep(spread + settings.sweep_interval + 2.5)
    finally:
        scheduler.shutdown(wait=False)
        await sender.stop()
    rows = await OutboxMessage.filter(dedupe_key__startswith="deadline:").values_list("id", "dedupe_key")
    lags = []
    for outbox_id, key in rows:
        deadline_id = int(key.split(":")[1])
        if deadline_id in due and outbox_id in transport.sent:
            lags.append(transport.sent[outbox_id] - due[deadline_id])
    print(f"  lag sample: {len(lags)}/{len(due)} escalations sent")
    return lags


async def fresh_url(postgres: str | None, tmp: Path) -> str:
    if not postgres:
        return f"sqlite://{tmp / 'bench.db'}"
    import asyncpg

    name = f"kesu_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(postgres.replace("postgres://", "postgresql://", 1))
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return postgres.rsplit("/", 1)[0] + "/" + name


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL; a fresh database is created beside it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = await fresh_url(args.postgres, Path(tmp))
        backend = "PostgreSQL" if args.postgres else "SQLite"
        await db.run_migrations(url)
        await db.open_database(url)
        try:
            began = time.perf_counter()
            await seed(args.pending)
            print(
                f"{backend}: seeded {args.pending:,} pending deadlines in {time.perf_counter() - began:.1f}s"
            )
            idle = sorted(await idle_cost())
            print(
                f"  idle sweep over {args.pending:,} pending: median {statistics.median(idle):.2f} ms, "
                f"p95 {idle[int(len(idle) * 0.95)]:.2f} ms (target ≤ 5 ms)"
            )
            claim_rate, settle_rate = await claim_throughput(args.due)
            print(
                f"  {args.due:,} due at once: claim {claim_rate:,.0f}/s (target ≥ 2,000/s), "
                f"full escalation {settle_rate:,.0f}/s"
            )
            lags = sorted(await lag(url, Path(tmp)))
            if lags:
                print(
                    f"  due → sent lag: median {statistics.median(lags):.2f} s, max {lags[-1]:.2f} s "
                    f"(target ≤ sweep interval 2 s + 1 s)"
                )
        finally:
            await db.close_database()
            if args.postgres:
                await drop(url, args.postgres)


async def drop(url: str, admin: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin.replace("postgres://", "postgresql://", 1))
    await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await conn.close()


if __name__ == "__main__":
    asyncio.run(main())
