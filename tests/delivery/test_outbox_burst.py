"""A burst of 2,000 messages against a fake Bot API on loopback that answers 429 for a while.

The real sender, the real Telegram transport (python-telegram-bot) and real time: the limits are scaled
up (500 msg/s per bot, 20 msg/s per chat instead of 30 and 1) so the burst takes seconds, and the send
timestamps are measured at the fake server.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict

import pytest
from aiohttp import web
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery.limits import RateLimits
from bot.delivery.sender import OutboxSender, SenderOptions
from bot.delivery.telegram import TelegramTransport
from kesu.clock import SystemClock
from models.enums import Channel, OutboxState
from models.messaging import enqueue
from models.outbox import OutboxMessage

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

MESSAGES = 2000
CHATS = 500
PER_SECOND = 500
PER_CHAT = 20
FLOOD_SECONDS = 0.6  # the fake API answers 429 to everything for this long after the first request


class FakeBotApi:
    def __init__(self) -> None:
        self.accepted: list[tuple[float, str, str]] = []
        self.requests: list[float] = []
        self.rejected = 0
        self.started: float | None = None

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "getMe":
            return web.json_response(
                {
                    "ok": True,
                    "result": {"id": 1, "is_bot": True, "first_name": "Kesu", "username": "kesu_bot"},
                }
            )
        form = await request.post() if request.content_type != "application/json" else await request.json()
        now = time.monotonic()
        self.requests.append(now)
        self.started = self.started or now
        if now - self.started < FLOOD_SECONDS:
            self.rejected += 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        chat, text = str(form["chat_id"]), str(form["text"])
        self.accepted.append((now, chat, text))
        return web.json_response(
            {
                "ok": True,
                "result": {
                    "message_id": len(self.accepted),
                    "date": 0,
                    "chat": {"id": int(chat), "type": "private"},
                    "text": text,
                },
            }
        )


@pytest.fixture
async def fake_api():
    api = FakeBotApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield api, f"http://127.0.0.1:{port}/bot"
    await runner.cleanup()


def _max_in_window(stamps: list[float], width: float) -> int:
    stamps = sorted(stamps)
    best, lo = 0, 0
    for hi, t in enumerate(stamps):
        while t - stamps[lo] >= width:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


async def test_burst_is_delivered_once_each_within_the_rate_limits(db, fake_api):
    api, base_url = fake_api
    clock = SystemClock()
    for i in range(MESSAGES):
        await enqueue(Channel.TELEGRAM, str(1000 + i % CHATS), f"m{i}", now=clock.now())
    bot = Bot("123:TEST", base_url=base_url, request=HTTPXRequest(connection_pool_size=64))
    await bot.initialize()
    limits = RateLimits(per_second=PER_SECOND, per_chat_per_second=PER_CHAT)
    sender = OutboxSender(
        {Channel.TELEGRAM: TelegramTransport(bot)},
        clock,
        limits={Channel.TELEGRAM: limits},
        options=SenderOptions(interval=0.05, batch=500, concurrency=32),
    )
    began = time.monotonic()
    sender.start()
    try:
        while await OutboxMessage.filter(state=OutboxState.SENT).count() < MESSAGES:
            assert time.monotonic() - began < 120, "burst not delivered in time"
            await asyncio.sleep(0.1)
    finally:
        await sender.stop()
        await bot.shutdown()
    elapsed = time.monotonic() - began

    texts = Counter(text for _, _, text in api.accepted)
    assert len(texts) == MESSAGES and max(texts.values()) == 1  # all delivered, none twice
    assert api.rejected > 0  # the flood control really happened
    # Never above the bot limit: at most PER_SECOND requests (429s included) in any one-second window.
    assert _max_in_window(api.requests, 1.0) <= PER_SECOND
    # Never above the chat limit: at most PER_CHAT messages into one chat in any one-second window
    # (measured where they arrive; a minimum gap would be at the mercy of network jitter).
    by_chat: dict[str, list[float]] = defaultdict(list)
    for t, chat, _ in api.accepted:
        by_chat[chat].append(t)
    assert max(_max_in_window(stamps, 1.0) for stamps in by_chat.values()) <= PER_CHAT
    # Each chat got its messages in the order they were queued.
    for chat in by_chat:
        order = [int(text[1:]) for _, c, text in api.accepted if c == chat]
        assert order == sorted(order), chat
    print(f"{MESSAGES} messages in {elapsed:.1f}s, {api.rejected} answered 429")
