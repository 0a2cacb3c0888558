"""Two sweeper processes on one PostgreSQL database, one of them SIGKILLed mid-sweep.

10,000 deadlines are overdue at once. Every escalation must happen exactly once: none lost with the
killed process (its lease expires and the survivors re-claim its rows), none duplicated (each
escalation commits its state change, events and outbox rows in one transaction).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

PG_URL = os.environ.get("KESU_TEST_DATABASE_URL", "")
ROOT = Path(__file__).resolve().parents[2]
DEADLINES = 10_000

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="needs KESU_TEST_DATABASE_URL (PostgreSQL)"),
]

SEED = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from kesu import db
from models.customer import Customer
from models.deadline import Deadline
from models.enums import DeadlineKind, Role
from models.staff import Department, Staff
from models.ticket import Ticket

async def main(url, count):
    await db.run_migrations(url)
    await db.open_database(url)
    try:
        dept = await Department.create(name="售后部")
        await Staff.create(username="boss", role=Role.SUPERVISOR, department=dept, telegram_chat_id="s1")
        customer = await Customer.create(name="张三")
        now = datetime.now(UTC)
        kinds = list(DeadlineKind)
        tickets = [Ticket(number=f"KS-T-{i:06d}", customer=customer, channel="telegram", chat_id=str(i),
                          description="x", department=dept, created_at=now, updated_at=now)
                   for i in range(count // len(kinds))]
        await Ticket.bulk_create(tickets, batch_size=1000)
        ids = await Ticket.all().values_list("id", flat=True)
        due = now - timedelta(hours=1)
        rows = [Deadline(ticket_id=t, kind=k, started_at=due, due_at=due, next_action_at=due)
                for t in ids for k in kinds]
        await Deadline.bulk_create(rows, batch_size=2000)
    finally:
        await db.close_database()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""

SWEEPER = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo
from kesu import db
from models import sweeps
from models.deadline import Deadline

async def main(url):
    await db.open_database(url)
    try:
        while await Deadline.filter(next_action_at__isnull=False).exists():
            acted = await sweeps.run_due(datetime.now(UTC), tz=ZoneInfo("Asia/Shanghai"), batch=100,
                                         lease=timedelta(seconds=3))
            if not acted:
                await asyncio.sleep(0.2)  # the rest is leased by another sweeper (or a dead one)
    finally:
        await db.close_database()

asyncio.run(main(sys.argv[1]))
"""


def _spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT)


async def _query(url: str, sql: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


@pytest.fixture
async def fresh_pg():
    import asyncpg

    base = PG_URL.rsplit("/", 1)[0]
    name = f"kesu_proc_{uuid.uuid4().hex[:10]}"
    admin = (base + "/postgres").replace("postgres://", "postgresql://", 1)
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    yield f"{base}/{name}"
    conn = await asyncpg.connect(admin)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def _wait(proc: subprocess.Popen, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while proc.poll() is None:
        assert time.monotonic() < deadline, "sweeper did not finish"
        await asyncio.sleep(0.1)
    return proc.returncode


async def test_two_sweepers_and_a_sigkill_escalate_each_deadline_exactly_once(fresh_pg):
    assert await _wait(_spawn(SEED, fresh_pg, str(DEADLINES)), 120) == 0
    victim, survivor = _spawn(SWEEPER, fresh_pg), _spawn(SWEEPER, fresh_pg)
    started = time.monotonic()
    while await _query(fresh_pg, "SELECT count(*) FROM deadline WHERE state = 'overdue'") < DEADLINES // 5:
        assert time.monotonic() - started < 60 and victim.poll() is None
        await asyncio.sleep(0.05)
    victim.send_signal(signal.SIGKILL)  # mid-sweep: it holds a leased batch and maybe an open transaction
    assert await _wait(victim, 10) == -signal.SIGKILL
    restarted = _spawn(SWEEPER, fresh_pg)
    assert await _wait(survivor, 180) == 0 and await _wait(restarted, 180) == 0

    assert await _query(fresh_pg, "SELECT count(*) FROM deadline WHERE state = 'overdue'") == DEADLINES
    assert await _query(fresh_pg, "SELECT count(*) FROM deadline WHERE claim_token IS NOT NULL") == 0
    assert await _query(fresh_pg, "SELECT count(*) FROM ticket_event WHERE kind = 'overdue'") == DEADLINES
    assert await _query(fresh_pg, "SELECT count(*) FROM ticket_event WHERE kind = 'escalated'") == DEADLINES
    assert await _query(fresh_pg, "SELECT count(*) FROM outbox_message WHERE to_staff") == DEADLINES
    assert (
        await _query(fresh_pg, "SELECT count(DISTINCT dedupe_key) FROM outbox_message WHERE to_staff")
        == DEADLINES
    )
