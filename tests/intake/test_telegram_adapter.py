"""The Telegram adapter against a fake Bot API on loopback: webhook in, outbox → sendMessage out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_bot_api import TOKEN, FakeBotApi, callback_update, message_update, photo_update, sticker_update

from bot.delivery.build import build_sender
from bot.delivery.sender import OutboxSender
from bot.service import IntakeChannels
from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, setup_webhook
from kesu.context import SETTINGS
from models.customer import Customer
from models.intake import Attachment
from models.ticket import Ticket

CHAT = 555001


@dataclass
class Rig:
    api: FakeBotApi
    client: TestClient
    sender: OutboxSender
    channels: IntakeChannels
    clock: object
    secret: str

    async def post(self, update: dict, *, secret: str | None = None) -> int:
        headers = {SECRET_HEADER: self.secret if secret is None else secret}
        response = await self.client.post(WEBHOOK_PATH, json=update, headers=headers)
        await self.sender.run_due(self.clock.now())
        return response.status

    def last(self, chat: int = CHAT):
        sent = self.api.to(chat)
        return sent[-1] if sent else None


@pytest.fixture
async def rig(db, settings, clock, tmp_path) -> AsyncIterator[Rig]:
    api = FakeBotApi()
    api_server = TestServer(api.app(), host="127.0.0.1")
    await api_server.start_server()
    settings = settings.with_overrides(
        telegram_token=TOKEN,
        telegram_api_url=str(api_server.make_url("")).rstrip("/"),
        public_url="https://kesu.example",
        webhook_secret="s3cret-webhook-token",
        outbox_rate_limit=False,
    )
    channels = IntakeChannels(settings, clock)
    sender = build_sender(settings, clock, channels.transports())
    await channels.telegram.initialize()
    app = web.Application()
    app[SETTINGS] = settings
    setup_webhook(app, channels.telegram)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield Rig(api, client, sender, channels, clock, settings.webhook_secret)
    finally:
        await client.close()
        await channels.telegram.shutdown()
        await api_server.close()


async def test_a_customer_files_a_complaint_over_the_webhook_and_gets_a_ticket_number(rig):
    await rig.post(message_update(CHAT, "/start"))
    assert "客诉服务台" in rig.last().text
    for text in ("我的电热水壶漏电，把我电了一下", "张三", "13812345678"):
        await rig.post(message_update(CHAT, text))
    for data in ("sk:reference", "sk:purchase_date", "dm:return", "sk:amount", "sk:photos"):
        assert await rig.post(callback_update(CHAT, data)) == 200
    readback = rig.last()
    assert "请核对" in readback.text
    confirm = readback.markup["inline_keyboard"][0][0]["callback_data"]
    await rig.post(callback_update(CHAT, confirm))
    ticket = await Ticket.get()
    assert ticket.number in rig.last().text and ticket.chat_id == str(CHAT)


async def test_a_button_press_is_answered_in_the_webhook_response(rig):
    response = await rig.client.post(
        WEBHOOK_PATH, json=callback_update(CHAT, "lang:en"), headers={SECRET_HEADER: rig.secret}
    )
    assert (await response.json())["method"] == "answerCallbackQuery"


async def test_buttons_arrive_as_an_inline_keyboard(rig):
    await rig.post(message_update(CHAT, "/lang"))
    keyboard = rig.last().markup["inline_keyboard"]
    assert [b["callback_data"] for b in keyboard[0]] == ["lang:zh", "lang:en"]


async def test_a_request_without_the_secret_token_is_refused(rig):
    assert await rig.post(message_update(CHAT, "/start"), secret="wrong") == 403
    assert await rig.post(message_update(CHAT, "/start"), secret="") == 403
    assert rig.api.sent == []


async def test_an_update_delivered_twice_is_answered_once(rig):
    update = message_update(CHAT, "/start")
    await rig.post(update)
    await rig.post(update)
    assert len(rig.api.to(CHAT)) == 1


async def test_stickers_get_a_friendly_answer(rig):
    await rig.post(sticker_update(CHAT))
    assert "文字和照片" in rig.last().text


async def test_a_photo_is_downloaded_into_the_uploads_dir(rig, settings):
    await rig.post(message_update(CHAT, "/start"))
    await rig.post(photo_update(CHAT, "AgADphoto1", caption="水壶漏电"))
    attachment = await Attachment.get(file_id="AgADphoto1")
    assert attachment.path and (rig.channels.settings.uploads_dir / attachment.path).read_bytes().startswith(
        b"\xff\xd8"
    )
    assert "照片已收到" in rig.last().text


async def test_a_photo_the_api_cannot_serve_keeps_its_file_id(rig):
    rig.api.serve_files = False
    await rig.post(photo_update(CHAT, "AgADphoto2"))
    attachment = await Attachment.get(file_id="AgADphoto2")
    assert attachment.path == "" and "无法下载原图" in rig.last().text


async def test_a_customer_who_blocked_the_bot_is_marked_unreachable(rig):
    rig.api.fail_next(403, "Forbidden: bot was blocked by the user")
    await rig.post(message_update(CHAT, "/start"))
    customer = await Customer.get()
    assert customer.unreachable


async def test_chats_are_processed_concurrently_and_each_in_order(rig):
    async def customer(chat: int) -> None:
        for text in ("/start", "水壶漏电", "张三"):
            headers = {SECRET_HEADER: rig.secret}
            await rig.client.post(WEBHOOK_PATH, json=message_update(chat, text), headers=headers)

    await asyncio.gather(*(customer(700 + n) for n in range(10)))
    await rig.sender.run_due(rig.clock.now())
    for n in range(10):
        texts = [s.text for s in rig.api.to(700 + n)]
        assert len(texts) == 3 and "联系电话" in texts[-1]
