"""The monthly summary (投诉信息月汇总报表) as tables, and those tables as CSV and XLSX files.

A leaf module (models, openpyxl and the standard library only): the `kesu report` command and the back
office export routes both use it, and the dashboard shows the same tables under its charts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from models.i18n import Catalogue, label
from models.reports import Counted, Durations, Report

Cell = str | int | float | None


@dataclass(frozen=True)
class Percent:
    """A share in [0, 1], or None when there is nothing to divide by."""

    value: float | None


@dataclass(frozen=True)
class Table:
    key: str  # stable id: sheet order, dashboard anchors
    sheet: str  # sheet name (≤ 31 characters)
    columns: list[str]
    rows: list[list[Cell | Percent]]
    total: list[Cell | Percent] | None = None


@cache
def report_messages() -> Catalogue:
    return Catalogue.load(Path(__file__).parent / "reports_messages")


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def period_text(report: Report, lang: str = "zh") -> str:
    m = report_messages()
    scope = report.scope
    if scope.is_month:
        return f"{scope.start:%Y-%m}"
    return m.t("period_range", lang, start=scope.start.isoformat(), end=scope.end.isoformat())


def summary_tables(report: Report, lang: str = "zh") -> list[Table]:
    """Every sheet of the monthly summary, in order."""
    m = report_messages()
    t = lambda key, **kw: m.t(key, lang, **kw)  # noqa: E731 — a short alias keeps the tables readable

    def counted(key: str, column: str, rows: Sequence[Counted], name: Callable[[str], str]) -> Table:
        total = sum(c.count for c in rows)
        body: list[list[Cell | Percent]] = [
            [name(c.key), c.count, Percent(c.count / total if total else None)] for c in rows
        ]
        return Table(
            key,
            t(f"sheet.{key}"),
            [t(f"column.{column}"), t("count"), t("share")],
            body,
            [t("total"), total, Percent(1.0 if total else None)],
        )

    def vocab(kind: str) -> Callable[[str], str]:
        return lambda value: label(kind, value, lang) if value else t("none")

    on_time_rows: list[list[Cell | Percent]] = [
        [label("deadline_kind", o.kind, lang), o.on_time, o.late, o.pending, Percent(o.rate)]
        for o in report.on_time
    ]
    overall = report.on_time_overall
    sat = report.satisfaction
    yes_no = {True: t("yes"), False: t("no"), None: t("none")}
    return [
        Table("summary", t("sheet.summary"), [t("metric"), t("value")], _summary_rows(report, lang)),
        Table(
            "per_day",
            t("sheet.per_day"),
            [t("column.day"), t("count")],
            [[day.isoformat(), n] for day, n in report.per_day],
            [t("total"), report.total],
        ),
        counted("category", "category", report.by_category, vocab("category")),
        counted("severity", "severity", report.by_severity, vocab("severity")),
        counted("channel", "channel", report.by_channel, vocab("channel")),
        counted("department", "department", report.by_department, lambda v: v or t("no_department")),
        counted("status", "status", report.by_status, vocab("status")),
        Table(
            "on_time",
            t("sheet.on_time"),
            [
                t("column.deadline_kind"),
                t("column.on_time"),
                t("column.late"),
                t("column.pending"),
                t("column.rate"),
            ],
            on_time_rows,
            [t("total"), overall.on_time, overall.late, overall.pending, Percent(overall.rate)],
        ),
        counted("root_cause", "root_cause", report.root_causes, vocab("root_cause")),
        Table(
            "repeat",
            t("sheet.repeat"),
            [t("column.customer"), t("column.phone"), t("column.tickets")],
            [[r.name, r.phone_masked, r.tickets] for r in report.repeat_complainants],
            [t("total"), report.repeat_complainant_count, sum(r.tickets for r in report.repeat_complainants)],
        ),
        Table(
            "comments",
            t("sheet.comments"),
            [
                t("column.number"),
                t("column.satisfied"),
                t("column.rating"),
                t("column.comment"),
                t("column.answered_at"),
            ],
            [
                [
                    c.number,
                    yes_no[c.satisfied],
                    c.rating,
                    c.comment,
                    _local(c.answered_at, report) if c.answered_at else None,
                ]
                for c in sat.comments
            ],
        ),
    ]


def _local(moment: datetime, report: Report) -> str:
    return moment.astimezone(report.scope.tz).strftime("%Y-%m-%d %H:%M")


def _summary_rows(report: Report, lang: str) -> list[list[Cell | Percent]]:
    m = report_messages()
    t = lambda key, **kw: m.t(key, lang, **kw)  # noqa: E731
    sat = report.satisfaction
    rows: list[list[Cell | Percent]] = [
        [t("period"), period_text(report, lang)],
        [t("department"), report.department_name or t("all_departments")],
        [t("figure.total"), report.total],
        [t("figure.valid"), report.valid],
        [t("figure.invalid"), report.invalid],
        [t("figure.undecided"), report.undecided],
        [t("figure.validity_rate"), Percent(report.validity_rate)],
    ]
    rows += [
        [t("figure.on_time", kind=label("deadline_kind", o.kind, lang)), Percent(o.rate)]
        for o in report.on_time
    ]
    rows.append([t("figure.on_time_overall"), Percent(report.on_time_overall.rate)])
    rows += _duration_rows("first_contact", report.first_contact, t)
    rows += _duration_rows("resolution", report.resolution, t)
    rows += [
        [t("figure.surveys"), sat.surveys],
        [t("figure.answered"), sat.answered],
        [t("figure.satisfied"), sat.satisfied],
        [t("figure.unsatisfied"), sat.unsatisfied],
        [t("figure.no_response"), sat.no_response],
        [t("figure.satisfied_rate"), Percent(sat.satisfied_rate)],
        [t("figure.average_rating"), sat.average_rating],
        [t("figure.repeat_customers"), report.repeat_complainant_count],
        [t("figure.open_now"), report.open_now],
        [t("figure.overdue_now"), report.overdue_now],
        [t("generated_at"), _local(report.generated_at, report)],
    ]
    return rows


def _duration_rows(name: str, durations: Durations, t: Callable[..., str]) -> list[list[Cell | Percent]]:
    return [
        [t(f"figure.{name}_count"), durations.count],
        [t(f"figure.{name}_median"), hours(durations.median)],
        [t(f"figure.{name}_p90"), hours(durations.p90)],
    ]


# --- files ---------------------------------------------------------------------------------------


def csv_text(cell: Cell | Percent) -> str:
    if isinstance(cell, Percent):
        return "" if cell.value is None else f"{cell.value * 100:.1f}%"
    if cell is None:
        return ""
    return str(cell)


def to_csv(report: Report, lang: str = "zh") -> bytes:
    """One CSV file, one section per sheet; UTF-8 with a BOM so Excel shows the Chinese headings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([report_messages().t("title", lang), period_text(report, lang)])
    for table in summary_tables(report, lang):
        writer.writerow([])
        writer.writerow([table.sheet])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([csv_text(c) for c in row])
        if table.total is not None:
            writer.writerow([csv_text(c) for c in table.total])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: Report, lang: str = "zh") -> bytes:
    """A workbook with one sheet per table: title, headings, rows and a bold total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    title = f"{report_messages().t('title', lang)} {period_text(report, lang)}"
    if report.department_name:
        title += f" · {report.department_name}"
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    heading_fill = PatternFill("solid", start_color="DCE6F1")
    for table in summary_tables(report, lang):
        sheet = book.create_sheet(table.sheet[:31])
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(table.columns)
        for cell in sheet[2]:
            cell.font, cell.fill = bold, heading_fill
        for row in table.rows:
            _append(sheet, row)
        if table.total is not None:
            _append(sheet, table.total)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        sheet.freeze_panes = "A3"
        for index, heading in enumerate(table.columns, start=1):
            width = max([_width(heading)] + [_width(r[index - 1]) for r in table.rows if len(r) >= index])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)
            for cell in sheet[get_column_letter(index)][2:]:
                if isinstance(cell.value, str) and len(cell.value) > 60:
                    cell.alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, row: Sequence[Cell | Percent]) -> None:
    sheet.append([c.value if isinstance(c, Percent) else c for c in row])
    for cell, value in zip(sheet[sheet.max_row], row, strict=False):
        if isinstance(value, Percent):
            cell.number_format = "0.0%"


def _width(value: object) -> int:
    text = csv_text(value) if isinstance(value, Percent) else str(value if value is not None else "")
    # CJK characters take two columns in a spreadsheet.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


WRITERS: dict[str, Callable[[Report, str], bytes]] = {".csv": to_csv, ".xlsx": to_xlsx}


def export_bytes(report: Report, fmt: str, lang: str = "zh") -> bytes:
    """`fmt` is "csv" or "xlsx"."""
    return WRITERS[f".{fmt.lower().lstrip('.')}"](report, lang)


def filename(report: Report, fmt: str) -> str:
    scope = report.scope
    stem = f"{scope.start:%Y-%m}" if scope.is_month else f"{scope.start:%Y%m%d}-{scope.end:%Y%m%d}"
    return f"kesu-report-{stem}.{fmt}"
