"""The reports dashboard (/reports) and the monthly summary exports, for supervisors and admins.

`?month=2026-10` or `?start=2026-10-01&end=2026-10-15`, optionally `&department=<id>`; without them,
the current month in the desk's time zone. The same query on /reports/export.csv|xlsx downloads the
投诉信息月汇总报表 for what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from aiohttp import web
from multidict import MultiMapping

from backoffice.i18n import lang_of
from backoffice.render import render
from backoffice.roles import SUPERVISORS, require_role
from backoffice.views.reports_charts import build_dashboard, cell_text, dashboard_messages
from kesu.context import CLOCK, SETTINGS
from models.errors import ValidationFailed
from models.reports import Report, ReportScope, build_report
from models.reports_export import export_bytes, filename, period_text
from models.staff import Department

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def setup_reports(app: web.Application) -> None:
    app.router.add_get("/reports", dashboard, name="reports")
    app.router.add_get("/reports/export.csv", export_csv, name="reports_export_csv")
    app.router.add_get("/reports/export.xlsx", export_xlsx, name="reports_export_xlsx")


@dataclass(frozen=True)
class Choice:
    """The period and department asked for, and whether the request had to fall back to this month."""

    scope: ReportScope
    month: str | None
    bad_input: bool = False

    def query(self) -> dict[str, str]:
        q = (
            {"month": self.month}
            if self.month
            else {"start": str(self.scope.start), "end": str(self.scope.end)}
        )
        if self.scope.department_id is not None:
            q["department"] = str(self.scope.department_id)
        return q


def parse_choice(query: MultiMapping[str], tz: ZoneInfo, today: date) -> Choice:
    department = _department(query.get("department", ""))
    this_month = f"{today:%Y-%m}"
    try:
        if query.get("start") or query.get("end"):
            start = date.fromisoformat(query.get("start", "") or query.get("end", ""))
            end = date.fromisoformat(query.get("end", "") or query.get("start", ""))
            return Choice(ReportScope(start, end, tz, department), None)
        month = query.get("month") or this_month
        return Choice(ReportScope.month(month, tz, department), month)
    except (ValueError, ValidationFailed):
        return Choice(ReportScope.month(this_month, tz, department), this_month, bad_input=True)


def _department(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


async def _report(request: web.Request) -> tuple[Choice, Report]:
    settings, now = request.app[SETTINGS], request.app[CLOCK].now()
    choice = parse_choice(request.query, settings.timezone, now.astimezone(settings.timezone).date())
    return choice, await build_report(choice.scope, now=now)


@require_role(SUPERVISORS)
async def dashboard(request: web.Request) -> web.Response:
    choice, report = await _report(request)
    lang = lang_of(request)
    m = dashboard_messages()
    today = request.app[CLOCK].now().astimezone(request.app[SETTINGS].timezone).date()
    first = today.replace(day=1)
    last_month = (first - timedelta(days=1)).strftime("%Y-%m")
    shortcuts = [
        ("filter.this_month", {"month": f"{today:%Y-%m}"}),
        ("filter.last_month", {"month": last_month}),
        ("filter.last_30", {"start": str(today - timedelta(days=29)), "end": str(today)}),
    ]
    view = build_dashboard(report, lang)
    query = choice.query()
    return await render(
        request,
        "reports/dashboard.html",
        {
            "r": lambda key, **kw: m.t(key, lang, **kw),
            "report": report,
            "choice": choice,
            "period": period_text(report, lang),
            "departments": await Department.all().order_by("name"),
            "view": view,
            "specs": [figure.spec() for figure in view.figures],
            "cell": cell_text,
            "shortcuts": [(key, "/reports?" + urlencode(q)) for key, q in shortcuts],
            "export_csv": "/reports/export.csv?" + urlencode(query),
            "export_xlsx": "/reports/export.xlsx?" + urlencode(query),
        },
    )


@require_role(SUPERVISORS)
async def export_csv(request: web.Request) -> web.Response:
    return await _export(request, "csv")


@require_role(SUPERVISORS)
async def export_xlsx(request: web.Request) -> web.Response:
    return await _export(request, "xlsx")


async def _export(request: web.Request, fmt: str) -> web.Response:
    _, report = await _report(request)
    body = export_bytes(report, fmt, lang_of(request))
    name = filename(report, fmt)
    return web.Response(
        body=body,
        headers={
            "Content-Type": CONTENT_TYPES[fmt],
            "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
        },
    )
