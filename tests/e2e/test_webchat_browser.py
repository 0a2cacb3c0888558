"""/chat in headless Chromium: a visitor files a complaint with the buttons and sees a staff reply arrive."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.intake.engine import Dialogue
from bot.webchat import WebchatHub, WebchatTransport, setup_webchat
from kesu.context import SETTINGS
from models.enums import Channel
from models.messaging import enqueue
from models.ticket import Ticket

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (/usr/bin/chromium)")
async def test_a_visitor_files_a_complaint_in_the_browser_and_sees_the_staff_reply(db, settings, clock):
    from playwright.async_api import async_playwright, expect

    app = web.Application()
    app[SETTINGS] = settings
    hub = WebchatHub()
    setup_webchat(app, Dialogue(settings, clock), hub)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = await browser.new_page(viewport={"width": 390, "height": 800}, locale="zh-CN")  # a phone
            await page.goto(str(server.make_url("/chat")))
            bot = page.locator(".msg.bot")

            async def say(text: str, expect_text: str) -> None:
                await page.fill("#text", text)
                await page.press("#text", "Enter")
                await expect(bot.last).to_contain_text(expect_text, timeout=5000)

            async def tap(label: str, expect_text: str) -> None:
                await bot.last.get_by_role("button", name=label).click()
                await expect(bot.last).to_contain_text(expect_text, timeout=5000)

            await say("/start", "客诉服务台")
            await say("<img src=x onerror=alert(1)> 电热水壶漏电，电到我了", "怎么称呼")
            await say("张三", "联系电话")
            await say("123", "号码好像不对")
            await say("13812345678", "订单号")
            await tap("跳过", "购买")
            await tap("跳过", "怎么处理")
            await tap("退货", "金额")
            await say("299", "照片")
            await tap("完成", "请核对")
            await tap("✅ 确认提交", "已提交")
            ticket = await Ticket.get()
            await expect(bot.last).to_contain_text(ticket.number)
            # User text was shown as text, never as markup.
            assert await page.locator("#log img").count() == 0

            reply = await enqueue(
                Channel.WEBCHAT, ticket.chat_id, "您好，我们马上为您处理。", now=clock.now()
            )
            await WebchatTransport(hub).send(reply)
            await expect(bot.last).to_contain_text("马上为您处理", timeout=5000)
            await browser.close()
    finally:
        await asyncio.wait_for(server.close(), 10)
