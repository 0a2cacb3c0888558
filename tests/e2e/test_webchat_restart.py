"""A customer who types while `kesu run` restarts loses nothing: the page resends, the dialogue continues."""

from __future__ import annotations

import shutil
import signal

import pytest

from tests.e2e.kesu_process import KesuServer, free_port, kesu_env

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (/usr/bin/chromium)")
async def test_a_message_typed_during_a_restart_is_delivered_after_it(tmp_path):
    from playwright.async_api import async_playwright, expect

    server = KesuServer(kesu_env(tmp_path / "data"), free_port())
    server.start()
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = await browser.new_page(locale="zh-CN")
            await page.goto(server.url + "/chat")
            bot = page.locator(".msg.bot")

            async def say(text: str) -> None:
                await page.fill("#text", text)
                await page.press("#text", "Enter")

            await say("/start")
            await expect(bot.last).to_contain_text("客诉服务台", timeout=10000)
            await say("电热水壶底座漏水，用了三天")
            await expect(bot.last).to_contain_text("怎么称呼", timeout=10000)

            server.stop(signal.SIGKILL)
            await say("张三")  # typed while the desk is down
            await page.wait_for_timeout(5000)  # longer than a few quick retries would cover
            server.start()
            await expect(bot.last).to_contain_text("联系电话", timeout=20000)
            await expect(page.locator("#offline")).to_be_hidden(timeout=5000)
            await browser.close()
    finally:
        server.stop()
