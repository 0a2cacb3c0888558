"""End to end in headless Chromium: a complaint filed in /chat is taken over, answered and resolved.

A real `kesu run` process on loopback; the customer and the handler are two browser pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.e2e.kesu_process import ROOT, KesuServer, free_port, kesu_env, run_cli

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / "test-artifacts"
STORY = "上周买的电水壶用了三天就漏水，底座也生锈了，要求退款。"
REPLY = "您好，我们已收到您的投诉，今天会安排退款。"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

ROUTE_ALL_TO_SERVICE = textwrap.dedent(
    """
    import asyncio, sys
    from kesu import db
    from models.config import CategoryRoute
    from models.enums import Category
    from models.staff import Department

    async def main(url):
        async with db.database(url):
            dept, _ = await Department.get_or_create(name="客服部")
            for category in Category:
                await CategoryRoute.update_or_create(defaults={"department": dept}, category=category)

    asyncio.run(main(sys.argv[1]))
    """
)


@pytest.fixture
def desk_server(tmp_path: Path):
    if shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed")
    env = kesu_env(tmp_path / "data")
    (tmp_path / "data").mkdir()  # migrating into a missing folder hangs in aiosqlite
    added = run_cli(
        ["staff", "add", "li", "--role", "handler", "--department", "客服部", "--password-stdin"],
        env,
        "handler-pass-1\n",
    )
    assert added.returncode == 0, added.stderr
    url = f"sqlite://{tmp_path / 'data' / 'kesu.db'}"
    routed = subprocess.run(
        [sys.executable, "-c", ROUTE_ALL_TO_SERVICE, url], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert routed.returncode == 0, routed.stderr
    server = KesuServer(env, free_port())
    server.start(timeout=30)
    yield server
    server.stop()


async def _file_complaint(chat) -> str:
    """Answer the dialogue like a customer until the ticket number comes back."""
    await chat.fill("#text", STORY)
    await chat.click("#send")
    for _ in range(20):
        await chat.wait_for_timeout(300)
        last = chat.locator(".msg.bot").last
        text = await last.inner_text()
        found = re.search(r"KS-\d{8}-\d{4}", text)
        if found and "请核对" not in text:
            return found.group(0)
        buttons = chat.locator(".buttons").last.locator("button:not([disabled])")
        datas = [await b.get_attribute("data-data") or "" for b in await buttons.all()]
        await _answer(chat, text, buttons, datas)
    raise AssertionError("the dialogue did not file a ticket")


async def _answer(chat, text: str, buttons, datas: list[str]) -> bool:
    async def tap(prefix: str) -> bool:
        for i, data in enumerate(datas):
            if data.startswith(prefix):
                await buttons.nth(i).click()
                return True
        return False

    if await tap("ok:"):
        return True
    if "称呼" in text:
        await chat.fill("#text", "张三")
    elif "电话" in text and "sk:" not in "".join(datas):
        await chat.fill("#text", "13812345678")
    else:
        return bool(await tap("dm:return") or await tap("sk:"))
    await chat.click("#send")
    return True


async def test_chat_complaint_is_taken_over_answered_and_resolved(desk_server):
    from playwright.async_api import async_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=shutil.which("chromium"), args=BROWSER_ARGS)
        try:
            customer = await (await browser.new_context(locale="zh-CN")).new_page()
            await customer.goto(desk_server.url + "/chat")
            number = await _file_complaint(customer)

            staff = await (
                await browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            ).new_page()
            await staff.goto(desk_server.url + "/tickets")
            assert "/login" in staff.url
            await staff.fill("input[name=username]", "li")
            await staff.fill("input[name=password]", "handler-pass-1")
            await staff.click("button[type=submit]")
            await staff.wait_for_url("**/tickets")
            first_row = staff.locator("table.queue tbody tr").first
            assert await first_row.get_attribute("data-number") == number
            await first_row.locator("a").first.click()
            await staff.wait_for_url(f"**/tickets/{number}")

            await staff.click("#take-over")
            await staff.wait_for_selector("text=已接手该工单")
            await staff.fill("#reply-text", REPLY)
            await staff.click("#reply button[type=submit]")
            await staff.wait_for_selector("text=回复已进入发送队列")

            await customer.wait_for_selector(f".msg.bot:has-text('{REPLY}')", timeout=30_000)

            await staff.select_option("#root-cause", "material")
            await staff.click("#save-root-cause")
            await staff.wait_for_selector("text=原因已保存")
            await staff.fill("#action-description", "更换密封圈供应商，入库抽检")
            await staff.click("#save-action")
            await staff.wait_for_selector("text=措施已添加")
            await staff.fill("#resolution textarea[name=summary]", "已为客户办理退款")
            await staff.click("#resolve")
            await staff.wait_for_selector("text=工单已标记为已解决")
            assert "已解决" in await staff.inner_text("#status")
            await staff.screenshot(path=str(ARTIFACTS / "backoffice-ticket.png"), full_page=True)
            await customer.screenshot(path=str(ARTIFACTS / "backoffice-chat.png"), full_page=True)
        finally:
            await browser.close()
