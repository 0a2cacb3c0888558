"""/reports in headless Chromium on the demo desk: every chart is drawn, the numbers open as tables.

Saves screenshots to test-artifacts/ (gitignored) for a human look.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestServer

from backoffice.app import create_app
from kesu.demo import seed_demo

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FIGURES = 12


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (/usr/bin/chromium)")
async def test_the_dashboard_draws_every_chart_for_a_supervisor(db, settings, clock):
    from playwright.async_api import async_playwright, expect

    await seed_demo(ZoneInfo("Asia/Shanghai"), now=clock.now())
    server = TestServer(create_app(settings, clock=clock), host="127.0.0.1")
    await server.start_server()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = await browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            await page.goto(str(server.make_url("/login?next=/reports")))
            await page.fill("input[name=username]", "supervisor")
            await page.fill("input[name=password]", "supervisor-demo")
            await page.click("button[type=submit]")
            await page.goto(str(server.make_url("/reports?start=2026-10-18&end=2026-11-16")))
            await expect(page.locator("h1")).to_contain_text("投诉信息月汇总报表")
            canvases = await page.evaluate(
                "() => [...document.querySelectorAll('canvas')].map(c => !!Chart.getChart(c))"
            )
            # Every figure with data is drawn (an empty one says so instead of drawing nothing).
            assert all(canvases) and len(canvases) >= FIGURES - 2 and not errors, (canvases, errors)
            assert await page.locator("figure.chart-card").count() == FIGURES
            await page.screenshot(path=str(ARTIFACTS / "reports-dashboard.png"), full_page=True)

            # The numbers behind a chart open as a table.
            card = page.locator("#fig-category")
            await card.locator("summary").click()
            await expect(card.locator("table")).to_be_visible()
            await expect(card.locator("tfoot")).to_contain_text("合计")

            # The month picker reloads the page for that month; the export link follows the choice.
            await page.fill("input[name=month]", "2026-10")
            await page.click("form.report-filters button")
            await expect(page.locator("h1 .period")).to_contain_text("2026-10")
            href = await page.locator("a[href^='/reports/export.xlsx']").get_attribute("href")
            assert "month=2026-10" in href
            await page.set_viewport_size({"width": 390, "height": 800})  # a phone
            await page.screenshot(path=str(ARTIFACTS / "reports-dashboard-phone.png"), full_page=False)
            await browser.close()
    finally:
        await asyncio.wait_for(server.close(), 10)
