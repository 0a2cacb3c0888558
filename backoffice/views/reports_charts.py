"""What the reports dashboard draws: a chart spec and its table of numbers for every figure of a Report.

The specs are plain data (labels, series, a few options) that static/reports/dashboard.js hands to
Chart.js; every word in them comes from a catalogue, so the script itself holds no text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from models.i18n import Catalogue, label
from models.reports import Report
from models.reports_export import Percent, Table, csv_text, hours, summary_tables

SEVERITY_COLOURS = {"A": "#b42318", "B": "#f59e0b", "C": "#1d4ed8", "D": "#9ca3af"}
GOOD, BAD, NEUTRAL = "#15803d", "#b42318", "#9ca3af"


@cache
def dashboard_messages() -> Catalogue:
    return Catalogue.load(Path(__file__).parent / "reports_messages")


@dataclass
class Series:
    label: str
    data: list[float | int | None]
    colours: list[str] | str | None = None


@dataclass
class Figure:
    key: str
    title: str
    kind: str  # bar, line or doughnut
    labels: list[str]
    series: list[Series]
    table: Table
    horizontal: bool = False
    stacked: bool = False
    wide: bool = False
    empty: bool = False
    note: str = ""

    def spec(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("table")
        return data


@dataclass
class Kpi:
    key: str
    title: str
    value: str
    note: str = ""
    tone: str = ""  # "bad" draws attention (overdue)


@dataclass
class Dashboard:
    kpis: list[Kpi]
    figures: list[Figure]
    comments: list[Any] = field(default_factory=list)


def cell_text(cell: Any) -> str:
    return csv_text(cell)


def build_dashboard(report: Report, lang: str) -> Dashboard:
    m = dashboard_messages()
    t = lambda key, **kw: m.t(key, lang, **kw)  # noqa: E731 — keeps the figure list readable
    tables = {table.key: table for table in summary_tables(report, lang)}
    empty = report.total == 0

    def counted(
        key: str, kind: str, *, horizontal: bool = False, colours: dict[str, str] | None = None
    ) -> Figure:
        table = tables[key]
        rows = getattr(report, f"by_{key}") if key != "root_cause" else report.root_causes
        names = [str(r[0]) for r in table.rows]
        return Figure(
            key,
            t(f"chart.{key}"),
            kind,
            names,
            [
                Series(
                    t("chart.complaints"),
                    [c.count for c in rows],
                    [colours.get(c.key, NEUTRAL) for c in rows] if colours else None,
                )
            ],
            table,
            horizontal=horizontal,
            empty=not any(c.count for c in rows),
        )

    figures = [
        Figure(
            "per_day",
            t("chart.per_day"),
            "bar",
            [f"{day:%m-%d}" for day, _ in report.per_day],
            [Series(t("chart.complaints"), [n for _, n in report.per_day])],
            tables["per_day"],
            wide=True,
            empty=empty,
        ),
        counted("category", "bar", horizontal=True),
        counted("severity", "doughnut", colours=SEVERITY_COLOURS),
        counted("channel", "bar"),
        counted("department", "bar", horizontal=True),
        _validity(report, t),
        _on_time(report, tables["on_time"], t, lang),
        _durations(report, t),
        _satisfaction(report, t),
        counted("root_cause", "bar", horizontal=True),
        _repeat(report, tables["repeat"], t),
        counted("status", "doughnut"),
    ]
    sat = report.satisfaction
    overall = report.on_time_overall
    none = t("kpi.none")
    kpis = [
        Kpi("total", t("kpi.total"), str(report.total)),
        Kpi("validity_rate", t("kpi.validity_rate"), _pct(report.validity_rate, none)),
        Kpi("on_time", t("kpi.on_time"), _pct(overall.rate, none), t("kpi.based_on", n=overall.decided)),
        Kpi("first_contact", t("kpi.first_contact"), _hours(report.first_contact.median, t)),
        Kpi("resolution", t("kpi.resolution"), _hours(report.resolution.median, t)),
        Kpi(
            "satisfied_rate",
            t("kpi.satisfied_rate"),
            _pct(sat.satisfied_rate, none),
            t("kpi.based_on", n=sat.answered),
        ),
        Kpi(
            "average_rating",
            t("kpi.average_rating"),
            f"{sat.average_rating:.1f}" if sat.average_rating else none,
        ),
        Kpi("open_now", t("kpi.open_now"), str(report.open_now)),
        Kpi(
            "overdue_now",
            t("kpi.overdue_now"),
            str(report.overdue_now),
            tone="bad" if report.overdue_now else "",
        ),
    ]
    return Dashboard(kpis, figures, sat.comments)


def _pct(value: float | None, none: str) -> str:
    return none if value is None else f"{value * 100:.1f}%"


def _hours(seconds: float | None, t: Any) -> str:
    value = hours(seconds)
    return t("kpi.none") if value is None else t("kpi.hours", n=f"{value:g}")


def _validity(report: Report, t: Any) -> Figure:
    names = [t("chart.valid"), t("chart.invalid"), t("chart.undecided")]
    counts = [report.valid, report.invalid, report.undecided]
    total = sum(counts)
    table = Table(
        "validity",
        t("chart.validity"),
        [t("chart.measure"), t("chart.count"), t("chart.share")],
        [[n, c, Percent(c / total if total else None)] for n, c in zip(names, counts, strict=True)],
    )
    return Figure(
        "validity",
        t("chart.validity"),
        "doughnut",
        names,
        [Series(t("chart.complaints"), counts, [GOOD, BAD, NEUTRAL])],
        table,
        empty=total == 0,
        note=_pct(report.validity_rate, t("kpi.none")),
    )


def _on_time(report: Report, table: Table, t: Any, lang: str) -> Figure:
    names = [f"{label('deadline_kind', o.kind, lang)} {_pct(o.rate, t('kpi.none'))}" for o in report.on_time]
    return Figure(
        "on_time",
        t("chart.on_time"),
        "bar",
        names,
        [
            Series(t("chart.on_time_series"), [o.on_time for o in report.on_time], GOOD),
            Series(t("chart.late_series"), [o.late for o in report.on_time], BAD),
            Series(t("chart.pending_series"), [o.pending for o in report.on_time], NEUTRAL),
        ],
        table,
        horizontal=True,
        stacked=True,
        empty=not any(o.decided or o.pending for o in report.on_time),
    )


def _durations(report: Report, t: Any) -> Figure:
    names = [t("chart.first_contact"), t("chart.resolution")]
    pairs = [report.first_contact, report.resolution]
    table = Table(
        "durations",
        t("chart.durations"),
        [t("chart.measure"), t("chart.count"), t("chart.median"), t("chart.p90")],
        [[n, d.count, hours(d.median), hours(d.p90)] for n, d in zip(names, pairs, strict=True)],
    )
    return Figure(
        "durations",
        t("chart.durations"),
        "bar",
        names,
        [
            Series(t("chart.median"), [hours(d.median) for d in pairs], "#1d4ed8"),
            Series(t("chart.p90"), [hours(d.p90) for d in pairs], "#93c5fd"),
        ],
        table,
        empty=not any(d.count for d in pairs),
    )


def _satisfaction(report: Report, t: Any) -> Figure:
    sat = report.satisfaction
    names = [t("chart.satisfied"), t("chart.unsatisfied"), t("chart.no_response")]
    counts = [sat.satisfied, sat.unsatisfied, sat.no_response]
    total = sum(counts)
    table = Table(
        "satisfaction",
        t("chart.satisfaction"),
        [t("chart.measure"), t("chart.count"), t("chart.share")],
        [[n, c, Percent(c / total if total else None)] for n, c in zip(names, counts, strict=True)],
    )
    return Figure(
        "satisfaction",
        t("chart.satisfaction"),
        "doughnut",
        names,
        [Series(t("chart.complaints"), counts, [GOOD, BAD, NEUTRAL])],
        table,
        empty=total == 0,
        note=_pct(sat.satisfied_rate, t("kpi.none")),
    )


def _repeat(report: Report, table: Table, t: Any) -> Figure:
    top = report.repeat_complainants[:10]
    return Figure(
        "repeat",
        t("chart.repeat"),
        "bar",
        [f"{r.name} {r.phone_masked}".strip() for r in top],
        [Series(t("chart.complaints"), [r.tickets for r in top], "#7c3aed")],
        table,
        horizontal=True,
        empty=not top,
        note=str(report.repeat_complainant_count),
    )
