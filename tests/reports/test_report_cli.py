"""`kesu report monthly` writes the summary from the command line, .csv or .xlsx by the file's extension."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.cli_helpers import kesu_cli


async def test_monthly_report_for_one_department_as_xlsx(october, settings, tmp_path):
    out = tmp_path / "质量部-2026-10.xlsx"
    code, output = await kesu_cli(
        settings, "report", "monthly", "--month", "2026-10", "--department", "质量部", "--out", str(out)
    )
    assert code == 0, output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["部门"] == "质量部" and summary["投诉总数"] == 3


async def test_monthly_report_as_csv_and_clear_errors(october, settings, tmp_path):
    out = tmp_path / "all.csv"
    code, output = await kesu_cli(settings, "report", "monthly", "--month", "2026-10", "--out", str(out))
    assert code == 0, output
    assert "投诉总数,6" in out.read_bytes().decode("utf-8-sig")
    code, output = await kesu_cli(
        settings, "report", "monthly", "--month", "2026-10", "--out", str(tmp_path / "x.pdf")
    )
    assert code == 1 and ".csv or .xlsx" in output
    code, output = await kesu_cli(
        settings, "report", "monthly", "--month", "2026-10", "--department", "财务部", "--out", str(out)
    )
    assert code == 1 and "财务部" in output and "质量部" in output
