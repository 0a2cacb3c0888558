"""Intake throughput and latency: N concurrent customers file complaints through the Telegram webhook route.

    .venv/bin/python bench/intake.py [--chats 50] [--complaints 4] [--rate 300] [--skip-closed]
                                     [--postgres postgres://postgres@127.0.0.1/postgres]

Two processes, as in production where Telegram is another machine:
- the server under test (this process): the webhook route (aiohttp, loopback), python-telegram-bot's Bot,
  the intake dialogue on the database, the outbox sender and the Telegram transport;
- the load (a child process): the scripted customers POSTing updates, and the fake Bot API that receives
  the replies. Latency = update POSTed → its reply received by the fake API (one clock, the child's).

Two phases, each with fresh chats running the whole dialogue:
- closed loop (capacity): each customer sends its next update as soon as the reply to the previous one
  arrived, so messages/s = chats / mean latency;
- open loop (`--rate R`, R messages/s offered over all chats): each chat sends its next update at its
  scheduled time or as soon as the previous reply arrived, whichever is later; "late" counts the sends the
  schedule could not keep because a reply was still outstanding.
Before a phase is measured, each chat walks a random number of steps (0-9) unmeasured, so the chats are
spread over the dialogue instead of all filing (the heaviest step) in the same instant; each chat then
runs complaints × 10 measured steps, which contain exactly `complaints` confirms.

CPU per message is the server process's user+system time during the phase divided by its messages.
Telegram's real limits (≈30 msg/s per bot, ≈1 msg/s per chat) would cap this far lower: the sender's rate
limiting is switched off here (KESU_OUTBOX_RATE_LIMIT=false), as it is only meaningful against the real API.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, TCPConnector, web
from aiohttp.test_utils import TestServer

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "intake")]

from fake_bot_api import TOKEN, FakeBotApi, Sent, callback_update, message_update  # noqa: E402

STORY = "我买的电热水壶用了三天就漏电，把我电了一下，太危险了"
SCRIPT = [
    ("msg", "/start"),
    ("msg", STORY),
    ("msg", "张三"),
    ("msg", "13812345678"),
    ("cb", "sk:reference"),
    ("cb", "sk:purchase_date"),
    ("cb", "dm:return"),
    ("cb", "sk:amount"),
    ("cb", "sk:photos"),
    ("confirm", ""),
]
WEBHOOK_SECRET = "bench-webhook-secret"


# --- the load process ----------------------------------------------------------------------------


class Replies:
    """Per-chat reply counters the customers wait on."""

    def __init__(self) -> None:
        self.count: dict[str, int] = defaultdict(int)
        self.last: dict[str, Sent] = {}
        self.events: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def on_sent(self, sent: Sent) -> None:
        self.count[sent.chat_id] += 1
        self.last[sent.chat_id] = sent
        self.events[sent.chat_id].set()

    async def wait_for(self, chat: str, n: int) -> Sent:
        while self.count[chat] < n:
            self.events[chat].clear()
            await asyncio.wait_for(self.events[chat].wait(), timeout=30)
        return self.last[chat]


@dataclass
class PhaseResult:
    latencies: list[float]
    elapsed: float
    late: int
    load_cpu: float
    per_step: list[list[float]]  # latencies by dialogue step (SCRIPT order)
    offered: float  # open loop: messages / scheduled span


class Customer:
    """One scripted chat. It first walks `offset` steps unmeasured, so that when the phase starts the
    chats are at different steps of the dialogue (as real customers are), not all filing at once."""

    def __init__(self, chat: int, offset: int, http: ClientSession, url: str, replies: Replies) -> None:
        self.chat, self.key, self.offset = chat, str(chat), offset
        self.http, self.url, self.replies = http, url, replies
        self.position = 0  # index into the endless repetition of SCRIPT

    async def step(self) -> float:
        """Send the next update of the script; returns the latency until its reply reached the API."""
        kind, value = SCRIPT[self.position % len(SCRIPT)]
        self.position += 1
        if kind == "msg":
            update = message_update(self.chat, value)
        else:
            data = value
            if kind == "confirm":
                data = self.replies.last[self.key].markup["inline_keyboard"][0][0]["callback_data"]
            update = callback_update(self.chat, data)
        expected = self.replies.count[self.key] + 1
        started = time.perf_counter()
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with self.http.post(self.url, json=update, headers=headers) as response:
            assert response.status == 200, await response.text()
        sent = await self.replies.wait_for(self.key, expected)
        return sent.at - started

    async def warm_up(self) -> None:
        for _ in range(self.offset):
            await self.step()

    async def run(self, steps: int, schedule: list[float] | None, result: PhaseResult) -> None:
        for k in range(steps):
            if schedule is not None:
                wait = schedule[k] - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                elif wait < -0.001:
                    result.late += 1
            index = self.position % len(SCRIPT)
            latency = await self.step()
            result.latencies.append(latency)
            result.per_step[index].append(latency)


async def run_phase(
    first_chat: int, args: argparse.Namespace, hook: str, replies: Replies, rate: float, conn: Any
) -> PhaseResult:
    """Each chat runs complaints × len(SCRIPT) measured steps starting at its offset: exactly
    `complaints` confirms per chat, whatever the offset."""
    steps = args.complaints * len(SCRIPT)
    result = PhaseResult([], 0.0, 0, 0.0, [[] for _ in SCRIPT], 0.0)
    rng = random.Random(7)
    async with ClientSession(connector=TCPConnector(limit=0)) as http:
        chats = [
            Customer(first_chat + n, rng.randrange(len(SCRIPT)), http, hook, replies)
            for n in range(args.chats)
        ]
        await asyncio.gather(*(c.warm_up() for c in chats))
        loop = asyncio.get_running_loop()
        conn.send(("start", "warm"))
        await loop.run_in_executor(None, conn.recv)  # the server has read its CPU clock
        cpu = time.process_time()
        started = time.perf_counter()
        schedules: list[list[float] | None] = [None] * args.chats
        if rate:
            interval = args.chats / rate  # each chat's own period
            for n in range(args.chats):
                phase = rng.uniform(0, interval)
                schedules[n] = [started + 0.02 + phase + k * interval for k in range(steps)]
        await asyncio.gather(*(c.run(steps, schedules[n], result) for n, c in enumerate(chats)))
        result.elapsed = time.perf_counter() - started
        result.load_cpu = time.process_time() - cpu
    if rate:
        span = max(x[-1] for x in schedules if x) - min(x[0] for x in schedules if x)
        result.offered = len(result.latencies) / span
    return result


async def load_main(conn: Any, args: argparse.Namespace) -> None:
    replies = Replies()
    api = FakeBotApi(on_sent=replies.on_sent)
    api_server = TestServer(api.app(), host="127.0.0.1")
    await api_server.start_server()
    conn.send(str(api_server.make_url("")).rstrip("/"))
    loop = asyncio.get_running_loop()
    hook = await loop.run_in_executor(None, conn.recv)
    try:
        for index, (name, rate) in enumerate(phases(args)):
            result = await run_phase(900000 + 10000 * index, args, hook, replies, rate, conn)
            conn.send(("done", name, result))
            await loop.run_in_executor(None, conn.recv)
    finally:
        await api_server.close()


def load_process(conn: Any, args: argparse.Namespace) -> None:
    asyncio.run(load_main(conn, args))


def phases(args: argparse.Namespace) -> list[tuple[str, float]]:
    found = [] if args.skip_closed else [("closed loop (capacity)", 0.0)]
    if args.rate:
        found.append((f"open loop at {args.rate:g} messages/s offered", args.rate))
    return found


# --- the server process --------------------------------------------------------------------------


async def fresh_postgres(base: str) -> str:
    import asyncpg

    from kesu import db

    name = f"kesu_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(db.normalise_url(base).replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return base.rsplit("/", 1)[0] + "/" + name


async def sqlite_pragmas() -> str:
    from tortoise import Tortoise

    conn = Tortoise.get_connection("default")
    found = []
    for name in ("journal_mode", "synchronous"):
        _, rows = await conn.execute_query(f"PRAGMA {name}")
        value = next(iter(dict(rows[0]).values()))
        found.append(f"{name}={ {0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA'}.get(value, value) }")
    return " ".join(found)


def server_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # all threads: the event loop and aiosqlite's
    return usage.ru_utime + usage.ru_stime


async def main(args: argparse.Namespace) -> None:
    from bot.delivery.build import build_sender
    from bot.service import IntakeChannels
    from bot.webhook import WEBHOOK_PATH, setup_webhook
    from kesu import db
    from kesu.clock import SystemClock
    from kesu.context import SETTINGS
    from kesu.settings import Settings
    from models.ticket import Ticket
    from nlp import warm_up

    workdir = Path(tempfile.mkdtemp(prefix="kesu-bench-"))
    env = {
        "KESU_DATA_DIR": str(workdir),
        "KESU_SECRET_KEY": "bench-secret-" + "x" * 32,
        "KESU_TELEGRAM_TOKEN": TOKEN,
        "KESU_PUBLIC_URL": "https://bench.invalid",
        "KESU_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "KESU_OUTBOX_RATE_LIMIT": "false",
    }
    if args.postgres:
        env["KESU_DATABASE_URL"] = await fresh_postgres(args.postgres)
    elif args.sqlite_url:
        env["KESU_DATABASE_URL"] = args.sqlite_url.replace("{dir}", str(workdir))
    ctx = multiprocessing.get_context("spawn")
    conn, child_conn = ctx.Pipe()
    child = ctx.Process(target=load_process, args=(child_conn, args), daemon=True)
    child.start()
    loop = asyncio.get_running_loop()
    env["KESU_TELEGRAM_API_URL"] = await loop.run_in_executor(None, conn.recv)
    settings = Settings.from_env(env)
    await db.run_migrations(settings.database_url)
    await db.open_database(settings.database_url)
    pragmas = await sqlite_pragmas() if not args.postgres else ""
    clock = SystemClock()
    channels = IntakeChannels(settings, clock)
    sender = build_sender(settings, clock, channels.transports())
    if hasattr(channels, "deliver_through"):
        channels.deliver_through(sender)
    else:  # older trees (before/after comparisons): replies wait for a sender pass
        channels.on_queued(sender.wake)
    await channels.telegram.initialize()
    await asyncio.to_thread(warm_up)  # jieba loads its dictionary once (≈1 s); kesu run does the same
    sender.start()
    app = web.Application()
    app[SETTINGS] = settings
    setup_webhook(app, channels.telegram)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    gc.freeze()  # as kesu run does once started: startup objects leave the collector's full passes
    results: list[tuple[str, PhaseResult, float]] = []
    try:
        conn.send(str(server.make_url(WEBHOOK_PATH)))
        for _ in phases(args):
            await loop.run_in_executor(None, conn.recv)
            cpu = server_cpu()
            conn.send("go")
            _, name, result = await loop.run_in_executor(None, conn.recv)
            results.append((name, result, server_cpu() - cpu))
            conn.send("next")
        tickets = await Ticket.all().count()
        numbers = len(set(await Ticket.all().values_list("number", flat=True)))
    finally:
        await sender.stop()
        await server.close()
        await channels.telegram.shutdown()
        await db.close_database()
        child.join(timeout=10)
    report(args, pragmas, results, tickets, numbers)


def pct(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(
    args: argparse.Namespace,
    pragmas: str,
    results: list[tuple[str, PhaseResult, float]],
    tickets: int,
    numbers: int,
) -> None:
    backend = "PostgreSQL" if args.postgres else f"SQLite ({pragmas})"
    print(
        f"intake bench — {backend}, {args.chats} concurrent chats × {args.complaints} complaints "
        f"× {len(SCRIPT)} updates per phase, via the webhook route, fake Bot API on loopback "
        f"(load in a separate process); load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    print("sender rate limiting OFF (Telegram's real 30/s per bot, ~1/s per chat would cap this)")
    for name, result, cpu in results:
        lat = sorted(result.latencies)
        n = len(lat)
        print(f"[{name}]")
        offered = f" (offered {result.offered:.0f}/s over the schedule)" if result.offered else ""
        print(f"  messages: {n} in {result.elapsed:.2f} s → {n / result.elapsed:.0f} messages/s{offered}")
        print(
            f"  latency update→reply: p50 {pct(lat, 0.50):.1f} ms, p99 {pct(lat, 0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms, "
            f"mean {statistics.mean(lat) * 1000:.1f} ms"
        )
        steps = ", ".join(
            f"{(value or 'confirm')[:6]} {pct(sorted(xs), 0.99):.0f}"
            for (_, value), xs in zip(SCRIPT, result.per_step, strict=True)
        )
        print(f"  p99 by step (ms): {steps}")
        if "open" in name:
            print(f"  sends behind schedule (previous reply still outstanding): {result.late}")
        print(
            f"  CPU per message: server {cpu / n * 1000:.2f} ms, load generator + fake API "
            f"{result.load_cpu / n * 1000:.2f} ms"
        )
    expected = args.chats * args.complaints * len(results)
    verdict = "OK: none lost or duplicated" if tickets == expected == numbers else "MISMATCH"
    print(f"tickets: {tickets} filed, {expected} expected, {numbers} distinct numbers → {verdict}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--complaints", type=int, default=4, help="complaints filed by each chat, per phase")
    parser.add_argument("--rate", type=float, default=300.0, help="open-loop offered messages/s (0: skip)")
    parser.add_argument("--skip-closed", action="store_true", help="run only the open-loop phase")
    parser.add_argument("--postgres", metavar="URL", help="run on a fresh PostgreSQL database at this server")
    parser.add_argument(
        "--sqlite-url",
        metavar="URL",
        help="SQLite URL instead of the default ({dir} = the bench's temp folder)",
    )
    asyncio.run(main(parser.parse_args()))
