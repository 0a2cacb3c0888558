"""python-telegram-bot over HTTP against the npm telegram-test-api (behind tests/e2e/node/launcher.js):
a scripted customer files a complaint by polling-mode bot and gets a ticket number."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.delivery.build import build_sender
from bot.service import IntakeChannels
from models.ticket import Ticket

pytestmark = pytest.mark.e2e

NODE_DIR = Path(__file__).parent / "node"
TOKEN = "424242:E2E-test-token"
CHAT = 31337


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
async def peer() -> AsyncIterator[str]:
    if shutil.which("node") is None:
        pytest.skip("needs Node.js")
    if not (NODE_DIR / "node_modules" / "telegram-test-api").is_dir():
        # CI runs `npm ci` here beforehand; a developer's first run installs once.
        await asyncio.to_thread(
            subprocess.run, ["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True, timeout=300
        )
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        "node", "launcher.js", str(port), cwd=NODE_DIR, stdout=asyncio.subprocess.PIPE
    )
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 20)
        assert b"ready" in line, line
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        await process.wait()


class Customer:
    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url
        self.user = {"id": CHAT, "first_name": "小王", "username": "xiaowang", "language_code": "zh-hans"}
        self.chat = {"id": CHAT, "first_name": "小王", "type": "private"}

    async def bot_messages(self) -> list[dict]:
        async with self.http.post(f"{self.url}/getUpdatesHistory", json={"token": TOKEN}) as r:
            history = (await r.json())["result"]
        return [h["message"] for h in history if "chat_id" in h.get("message", {})]

    async def _wait_reply(self, before: int) -> dict:
        for _ in range(100):
            messages = await self.bot_messages()
            if len(messages) > before:
                return messages[-1]
            await asyncio.sleep(0.1)
        raise AssertionError("the bot did not answer")

    async def say(self, text: str) -> dict:
        before = len(await self.bot_messages())
        body = {"botToken": TOKEN, "from": self.user, "chat": self.chat, "text": text}
        route = "sendMessage"
        if text.startswith("/"):
            route = "sendCommand"
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        async with self.http.post(f"{self.url}/{route}", json=body) as r:
            assert r.status == 200
        return await self._wait_reply(before)

    async def tap(self, message: dict, label: str) -> dict:
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        button = next(b for b in buttons if label in b["text"])
        before = len(await self.bot_messages())
        body = {
            "botToken": TOKEN,
            "from": self.user,
            "data": button["callback_data"],
            "message": {"message_id": 1, "chat": self.chat, "date": 1, "text": message["text"]},
        }
        async with self.http.post(f"{self.url}/sendCallback", json=body) as r:
            assert r.status == 200
        return await self._wait_reply(before)


async def test_a_scripted_customer_files_a_complaint_over_the_bot_api_and_gets_a_ticket_number(
    peer, db, settings, clock
):
    settings = settings.with_overrides(telegram_token=TOKEN, telegram_api_url=peer, outbox_rate_limit=False)
    channels = IntakeChannels(settings, clock)
    sender = build_sender(settings, clock, channels.transports())
    channels.on_queued(sender.wake)
    await channels.start()  # polling
    sender.start()
    try:
        async with aiohttp.ClientSession() as http:
            c = Customer(http, peer)
            assert "客诉服务台" in (await c.say("/start"))["text"]
            assert "怎么称呼" in (await c.say("我的电热水壶漏电，订单号 DD20261101234，我要退货"))["text"]
            assert "联系电话" in (await c.say("王小明"))["text"]
            reply = await c.say("13812345678")
            reply = await c.tap(reply, "跳过")  # purchase date
            reply = await c.say("299")
            reply = await c.tap(reply, "完成")  # photos
            assert "请核对" in reply["text"] and "DD20261101234" in reply["text"]
            reply = await c.tap(reply, "确认提交")
        ticket = await Ticket.get()
        assert ticket.number in reply["text"] and ticket.customer_name == "王小明"
    finally:
        await sender.stop()
        await channels.stop()
