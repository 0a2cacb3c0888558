"""End to end in headless Chromium: resolved in the back office → the revisit question appears in the
customer's /chat page → 不满意 → the ticket is back in the handler's queue, reopened, with new deadlines.

A real `kesu run` process on loopback; the customer and the handler are two browser pages.
"""

from __future__ import annotations

import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.kesu_process import ROOT, KesuServer, free_port, kesu_env, run_cli
from tests.e2e.test_backoffice_e2e import ROUTE_ALL_TO_SERVICE, _file_complaint

pytestmark = pytest.mark.e2e

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def revisit_desk(tmp_path: Path):
    if shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed")
    env = kesu_env(tmp_path / "data", KESU_SWEEP_INTERVAL="0.5")
    (tmp_path / "data").mkdir()
    added = run_cli(
        ["staff", "add", "li", "--role", "handler", "--department", "客服部", "--password-stdin"],
        env,
        "handler-pass-1\n",
    )
    assert added.returncode == 0, added.stderr
    db_path = tmp_path / "data" / "kesu.db"
    routed = subprocess.run(
        [sys.executable, "-c", ROUTE_ALL_TO_SERVICE, f"sqlite://{db_path}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert routed.returncode == 0, routed.stderr
    server = KesuServer(env, free_port())
    server.start(timeout=30)
    yield server, db_path
    # SIGKILL: graceful stop currently waits on the web chat's open long-poll (aiohttp cleanup), which is
    # not what this test is about.
    server.stop(signal.SIGKILL)


def _query(db_path: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, args).fetchall()


async def test_unsatisfied_revisit_in_the_chat_puts_the_ticket_back_in_the_handlers_queue(revisit_desk):
    from playwright.async_api import async_playwright, expect

    server, db_path = revisit_desk
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=shutil.which("chromium"), args=BROWSER_ARGS)
        try:
            customer = await (await browser.new_context(locale="zh-CN")).new_page()
            await customer.goto(server.url + "/chat")
            number = await _file_complaint(customer)

            staff = await (
                await browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            ).new_page()
            await staff.goto(server.url + "/login")
            await staff.fill("input[name=username]", "li")
            await staff.fill("input[name=password]", "handler-pass-1")
            await staff.click("button[type=submit]")
            await staff.wait_for_url("**/tickets")
            await staff.goto(f"{server.url}/tickets/{number}")
            await staff.click("#take-over")
            await staff.wait_for_selector("text=已接手该工单")
            await staff.fill("#resolution textarea[name=summary]", "已为客户办理退款")
            await staff.click("#resolve")
            await staff.wait_for_selector("text=工单已标记为已解决")

            # The revisit question reaches the customer's chat with its two buttons.
            question = customer.locator(".msg.bot", has_text="满意吗").last
            await expect(question).to_contain_text(number, timeout=15_000)
            unsatisfied = question.locator("button[data-data$=':no']")
            await expect(unsatisfied).to_have_text("不满意")
            await unsatisfied.click()
            await expect(customer.locator(".msg.bot", has_text="重新打开").last).to_be_visible(timeout=15_000)

            # Back in the handler's queue, reopened.
            await staff.goto(server.url + "/tickets")
            row = staff.locator(f"table.queue tbody tr[data-number='{number}']")
            await expect(row).to_be_visible()
            await staff.goto(f"{server.url}/tickets/{number}")
            await expect(staff.locator("#status")).to_contain_text("已重新打开")
        finally:
            await browser.close()

    [(ticket_id, status, unsatisfied_count, reopen_count)] = _query(
        db_path, "SELECT id, status, unsatisfied_count, reopen_count FROM ticket WHERE number = ?", number
    )
    assert (status, unsatisfied_count, reopen_count) == ("reopened", 1, 1)
    fresh = _query(
        db_path, "SELECT kind, state FROM deadline WHERE ticket_id = ? AND round = 1 ORDER BY kind", ticket_id
    )
    assert fresh == [("resolution", "pending"), ("solution", "pending")]
    [(satisfied,)] = _query(db_path, "SELECT satisfied FROM survey WHERE ticket_id = ?", ticket_id)
    assert satisfied == 0
    assert re.fullmatch(r"KS-\d{8}-\d{4}", number)
