"""Intake throughput and latency: N concurrent customers file complaints through the Telegram webhook route.

    .venv/bin/python bench/intake.py [--chats 50] [--complaints 4] [--postgres postgres://postgres@127.0.0.1/postgres]

The real process pieces run: the webhook route (aiohttp, loopback), python-telegram-bot's Bot, the intake
dialogue on the database, the outbox sender and the Telegram transport. Bot API calls go to a local fake
server. Each customer is closed-loop: it sends the next update when the reply to the previous one arrived
at the fake API. Latency = update POSTed → its reply received by the fake API. Telegram's real limits
(≈30 msg/s per bot, ≈1 msg/s per chat) would cap this far lower: the sender's rate limiting is switched
off here, as it is only meaningful against the real API.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "intake")]

from fake_bot_api import TOKEN, FakeBotApi, Sent, callback_update, message_update  # noqa: E402

from bot.delivery.build import build_sender  # noqa: E402
from bot.service import IntakeChannels  # noqa: E402
from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, setup_webhook  # noqa: E402
from kesu import db  # noqa: E402
from kesu.clock import SystemClock  # noqa: E402
from kesu.context import SETTINGS  # noqa: E402
from kesu.settings import Settings  # noqa: E402
from models.ticket import Ticket  # noqa: E402
from nlp import warm_up  # noqa: E402

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


async def customer(
    chat: int,
    complaints: int,
    http: ClientSession,
    url: str,
    secret: str,
    replies: Replies,
    latencies: list[float],
) -> None:
    key = str(chat)
    for _ in range(complaints):
        for kind, value in SCRIPT:
            if kind == "msg":
                update = message_update(chat, value)
            else:
                data = value
                if kind == "confirm":
                    data = replies.last[key].markup["inline_keyboard"][0][0]["callback_data"]
                update = callback_update(chat, data)
            expected = replies.count[key] + 1
            started = time.perf_counter()
            async with http.post(url, json=update, headers={SECRET_HEADER: secret}) as response:
                assert response.status == 200, await response.text()
            sent = await replies.wait_for(key, expected)
            latencies.append(sent.at - started)


async def fresh_postgres(base: str) -> str:
    import asyncpg

    name = f"kesu_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(db.normalise_url(base).replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return base.rsplit("/", 1)[0] + "/" + name


async def main(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kesu-bench-"))
    url = await fresh_postgres(args.postgres) if args.postgres else f"sqlite://{workdir / 'bench.db'}"
    replies = Replies()
    api = FakeBotApi(on_sent=replies.on_sent)
    api_server = TestServer(api.app(), host="127.0.0.1")
    await api_server.start_server()
    settings = Settings.from_env(
        {
            "KESU_DATA_DIR": str(workdir),
            "KESU_DATABASE_URL": url,
            "KESU_SECRET_KEY": "bench-secret-" + "x" * 32,
            "KESU_TELEGRAM_TOKEN": TOKEN,
            "KESU_TELEGRAM_API_URL": str(api_server.make_url("")).rstrip("/"),
            "KESU_PUBLIC_URL": "https://bench.invalid",
            "KESU_WEBHOOK_SECRET": "bench-webhook-secret",
            "KESU_OUTBOX_RATE_LIMIT": "false",
        }
    )
    await db.run_migrations(settings.database_url)
    await db.open_database(settings.database_url)
    clock = SystemClock()
    channels = IntakeChannels(settings, clock)
    sender = build_sender(settings, clock, channels.transports())
    channels.on_queued(sender.wake)
    await channels.telegram.initialize()
    await asyncio.to_thread(warm_up)  # jieba loads its dictionary once (≈1 s); kesu run does the same
    sender.start()
    app = web.Application()
    app[SETTINGS] = settings
    setup_webhook(app, channels.telegram)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    latencies: list[float] = []
    try:
        async with ClientSession() as http:
            hook = str(server.make_url(WEBHOOK_PATH))
            started = time.perf_counter()
            await asyncio.gather(
                *(
                    customer(
                        900000 + n, args.complaints, http, hook, settings.webhook_secret, replies, latencies
                    )
                    for n in range(args.chats)
                )
            )
            elapsed = time.perf_counter() - started
        tickets = await Ticket.all().count()
        numbers = len(set(await Ticket.all().values_list("number", flat=True)))
    finally:
        await sender.stop()
        await server.close()
        await channels.telegram.shutdown()
        await api_server.close()
        await db.close_database()
    expected = args.chats * args.complaints
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"intake bench — {backend}, {args.chats} concurrent chats × {args.complaints} complaints "
        f"× {len(SCRIPT)} updates, via the webhook route, fake Bot API on loopback"
    )
    print("sender rate limiting OFF (Telegram's real 30/s per bot, ~1/s per chat would cap this)")
    print(f"messages: {len(latencies)} in {elapsed:.2f} s → {len(latencies) / elapsed:.0f} messages/s")
    print(
        f"latency update→reply: p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms, "
        f"mean {statistics.mean(latencies) * 1000:.1f} ms"
    )
    print(
        f"tickets: {tickets} filed, {expected} expected, {numbers} distinct numbers → "
        f"{'OK: none lost or duplicated' if tickets == expected == numbers else 'MISMATCH'}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--complaints", type=int, default=4, help="complaints filed by each chat")
    parser.add_argument("--postgres", metavar="URL", help="run on a fresh PostgreSQL database at this server")
    asyncio.run(main(parser.parse_args()))
