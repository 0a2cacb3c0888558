"""The monthly summary as XLSX and CSV: Chinese headings, one sheet per dimension, totals that add up."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from models.reports import ReportScope, build_report
from models.reports_export import filename, to_csv, to_xlsx

TZ = ZoneInfo("Asia/Shanghai")
SHEETS = [
    "汇总",
    "每日投诉量",
    "按类别",
    "按严重程度",
    "按渠道",
    "按部门",
    "按状态",
    "及时率",
    "根本原因",
    "重复投诉客户",
    "客户评价",
]


@pytest.fixture
async def report(october, report_now):
    return await build_report(ReportScope.month("2026-10", TZ), now=report_now)


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


def _summary(book):
    return {row[0]: row[1] for row in _rows(book["汇总"])[1:]}


async def test_xlsx_opens_with_a_sheet_per_dimension_and_chinese_headings(report):
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert book.sheetnames == SHEETS
    assert book["按类别"]["A1"].value == "投诉信息月汇总报表 2026-10"
    assert _rows(book["按类别"])[0] == ["投诉类别", "投诉数", "占比"]
    assert _rows(book["及时率"])[0] == ["时限类型", "按时完成", "逾期", "未到期", "及时率"]


async def test_xlsx_totals_add_up(report):
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    for name in ("每日投诉量", "按类别", "按严重程度", "按渠道", "按部门", "按状态"):
        rows = _rows(book[name])[1:]
        body, total = rows[:-1], rows[-1]
        assert total[0] == "合计" and total[1] == 6 == sum(r[1] for r in body), name
    categories = {r[0]: (r[1], r[2]) for r in _rows(book["按类别"])[1:]}
    assert categories["产品质量"] == (3, 0.5)
    assert categories["合计"] == (6, 1.0)
    on_time = {r[0]: r[1:] for r in _rows(book["及时率"])[1:]}
    assert on_time["提出方案"] == [3, 4, 0, pytest.approx(3 / 7)]
    assert on_time["合计"] == [15, 9, 1, pytest.approx(15 / 24)]
    assert book["及时率"]["E3"].number_format == "0.0%"
    roots = _rows(book["根本原因"])[1:]
    assert roots == [["材料", 2, 0.5], ["客户使用不当", 1, 0.25], ["交付/售后服务", 1, 0.25], ["合计", 4, 1]]


async def test_xlsx_summary_sheet_has_every_headline_figure(report):
    summary = _summary(load_workbook(io.BytesIO(to_xlsx(report))))
    assert summary["报表期间"] == "2026-10"
    assert summary["部门"] == "全部部门"
    assert summary["投诉总数"] == 6
    assert summary["成立率"] == pytest.approx(0.75)
    assert summary["及时率（首次联系）"] == pytest.approx(0.5)
    assert summary["首次联系时间中位数（小时）"] == 1.0
    assert summary["首次联系时间90分位（小时）"] == 6.4  # 23040 s
    assert summary["解决时间中位数（小时）"] == 57.5  # 207000 s
    assert summary["满意率"] == pytest.approx(0.75)
    assert summary["平均评分（1–5）"] == 3.5
    assert summary["重复投诉客户数（本期≥2次）"] == 2
    assert (summary["当前未结投诉"], summary["当前逾期投诉"]) == (4, 3)


async def test_repeat_complainants_and_comments_sheets(report):
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert _rows(book["重复投诉客户"])[1:] == [
        ["张伟", "138****5678", 2],
        ["刘洋", "139****4321", 2],
        ["合计", 2, 4],
    ]
    comments = _rows(book["客户评价"])[1:]
    assert [(r[1], r[2], r[3]) for r in comments] == [("是", 5, "很满意"), ("否", 2, "态度还是不好")]


async def test_csv_has_a_bom_chinese_headings_and_the_same_totals(report):
    data = to_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["投诉信息月汇总报表", "2026-10"]
    start = rows.index(["按类别"])
    assert rows[start + 1] == ["投诉类别", "投诉数", "占比"]
    assert ["合计", "6", "100.0%"] in rows[start:]
    assert ["成立率", "75.0%"] in rows


async def test_an_empty_department_month_still_exports(db, report_now):
    report = await build_report(ReportScope.month("2026-06", TZ), now=report_now)
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert _summary(book)["投诉总数"] == 0 and _summary(book)["成立率"] is None
    assert filename(report, "xlsx") == "kesu-report-2026-06.xlsx"


async def test_english_headings_on_request(report):
    book = load_workbook(io.BytesIO(to_xlsx(report, "en")))
    assert book.sheetnames[:3] == ["Summary", "Per day", "By category"]
