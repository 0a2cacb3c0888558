"""The /reports dashboard and its exports over HTTP: supervisors only, every figure drawn and tabled."""

from __future__ import annotations

import io
import json
import re

from openpyxl import load_workbook

from models.survey import Survey

FIGURES = [
    "per_day",
    "category",
    "severity",
    "channel",
    "department",
    "validity",
    "on_time",
    "durations",
    "satisfaction",
    "root_cause",
    "repeat",
    "status",
]


def _specs(page: str) -> list[dict]:
    found = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


async def test_a_supervisor_sees_every_figure_as_a_chart_and_a_table(report_client):
    await report_client.sign_in("wang")
    response = await report_client.get("/reports?month=2026-10")
    assert response.status == 200
    page = await response.text()
    assert "投诉信息月汇总报表" in page and "2026-10" in page
    for key in FIGURES:
        assert f'id="chart-{key}"' in page, key
    assert page.count('<table class="plain numbers-table">') == len(FIGURES)
    specs = {s["key"]: s for s in _specs(page)}
    assert specs["severity"]["series"][0]["data"] == [1, 1, 3, 1]
    assert specs["on_time"]["series"][0]["data"] == [
        3,
        3,
        4,
        5,
    ]  # on time: first contact, solution, resolution, revisit
    assert len(specs["per_day"]["labels"]) == 31
    assert '<th scope="row">产品质量</th><td>3</td><td>50.0%</td>' in page
    assert 'data-kpi="overdue_now"' in page and "很满意" in page
    assert "/static/backoffice/vendor/chart.umd.min.js" in page


async def test_the_chart_library_is_served_from_our_own_static_files(report_client):
    await report_client.sign_in("wang")
    response = await report_client.get("/static/backoffice/vendor/chart.umd.min.js")
    assert response.status == 200 and "Chart.js v4" in (await response.text())[:200]
    assert (await report_client.get("/static/backoffice/reports/dashboard.js")).status == 200


async def test_one_department_and_a_date_range_narrow_the_dashboard(report_client, october):
    await report_client.sign_in("wang")
    page = await (await report_client.get(f"/reports?month=2026-10&department={october.quality.id}")).text()
    assert "质量部" in page
    assert _specs(page)[0]["series"][0]["data"].count(1) == 3  # three quality complaints, one a day
    page = await (await report_client.get("/reports?start=2026-09-30&end=2026-10-01")).text()
    assert "2026-09-30 至 2026-10-01" in page


async def test_handlers_are_refused_and_strangers_sent_to_sign_in(report_client):
    response = await report_client.get("/reports", allow_redirects=False)
    assert response.status in (302, 303) and "/login" in response.headers["Location"]
    await report_client.sign_in("li")
    assert (await report_client.get("/reports")).status == 403
    assert (await report_client.get("/reports/export.xlsx?month=2026-10")).status == 403


async def test_bad_dates_fall_back_to_this_month_with_a_notice(report_client):
    await report_client.sign_in("wang")
    for query in (
        "month=2026-13",
        "start=yesterday",
        "start=2026-10-05&end=2026-10-01",
        "department=abc&month=x",
    ):
        response = await report_client.get(f"/reports?{query}")
        assert response.status == 200, query
        page = await response.text()
        assert "日期或部门有误" in page and "2026-11" in page


async def test_comments_are_shown_escaped(report_client, october):
    await Survey.filter(ticket_id=october.tickets["T2"].id).update(comment="<script>alert(1)</script>")
    await report_client.sign_in("wang")
    page = await (await report_client.get("/reports?month=2026-10")).text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_exports_download_the_summary_for_what_is_on_screen(report_client, october):
    await report_client.sign_in("wang")
    response = await report_client.get(f"/reports/export.xlsx?month=2026-10&department={october.quality.id}")
    assert response.status == 200
    assert "kesu-report-2026-10.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(await response.read()))
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["部门"] == "质量部" and summary["投诉总数"] == 3
    response = await report_client.get("/reports/export.csv?month=2026-10")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "投诉总数,6" in (await response.read()).decode("utf-8-sig")
