"""`kesu report monthly --month 2026-10 [--department X] --out FILE`: the monthly summary as CSV or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path

from kesu import db
from kesu.cli import CommandError
from kesu.clock import SystemClock
from kesu.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="export reports (投诉信息月汇总报表)")
    report_sub = p.add_subparsers(dest="report_command", required=True)
    monthly = report_sub.add_parser("monthly", help="the monthly complaint summary as .csv or .xlsx")
    monthly.add_argument("--month", required=True, help="YYYY-MM, in the desk's time zone")
    monthly.add_argument("--department", help="department name or id (default: all departments)")
    monthly.add_argument(
        "--out", required=True, type=Path, help="output file; .csv or .xlsx by its extension"
    )
    monthly.add_argument("--lang", choices=["zh", "en"], default=None, help="headings language (default zh)")
    monthly.set_defaults(handler=monthly_report)


async def monthly_report(settings: Settings, args: argparse.Namespace) -> int:
    from models.errors import ValidationFailed
    from models.reports import ReportScope, build_report
    from models.reports_export import WRITERS

    suffix = args.out.suffix.lower()
    if suffix not in WRITERS:
        raise CommandError(f"--out must end in .csv or .xlsx (got {args.out.name!r})")
    try:
        scope = ReportScope.month(args.month, settings.timezone)
    except ValidationFailed:
        raise CommandError(f"--month must look like 2026-10 (got {args.month!r})") from None
    async with db.database(settings.database_url):
        if args.department:
            scope = ReportScope(scope.start, scope.end, scope.tz, await _department_id(args.department))
        report = await build_report(scope, now=SystemClock().now())
    data = WRITERS[suffix](report, args.lang or settings.default_language)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(
        f"{args.out}: {report.total} complaints, {args.month}, {report.department_name or 'all departments'}"
    )
    return 0


async def _department_id(name_or_id: str) -> int:
    from models.staff import Department

    department = await Department.get_or_none(name=name_or_id)
    if department is None and name_or_id.isdigit():
        department = await Department.get_or_none(id=int(name_or_id))
    if department is None:
        names = ", ".join(await Department.all().order_by("name").values_list("name", flat=True))
        raise CommandError(f"no department {name_or_id!r} (known: {names or 'none'})")
    return department.id
