"""Report periods: months, ranges, and days bucketed in the desk's time zone (daylight saving included)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.customer import Customer
from models.enums import Channel
from models.errors import ValidationFailed
from models.reports import ReportScope, build_report, offset_segments
from models.ticket import Ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


def test_a_month_covers_its_local_days():
    scope = ReportScope.month("2026-02", SHANGHAI)
    assert (scope.start, scope.end, scope.is_month) == (date(2026, 2, 1), date(2026, 2, 28), True)
    assert scope.utc_bounds == (datetime(2026, 1, 31, 16, tzinfo=UTC), datetime(2026, 2, 28, 16, tzinfo=UTC))


@pytest.mark.parametrize("month", ["2026-13", "2026", "abc", "2026-00", ""])
def test_a_malformed_month_is_refused(month):
    with pytest.raises(ValidationFailed):
        ReportScope.month(month, SHANGHAI)


def test_ranges_must_run_forward_and_stay_within_a_year():
    with pytest.raises(ValidationFailed):
        ReportScope(date(2026, 10, 2), date(2026, 10, 1), SHANGHAI)
    with pytest.raises(ValidationFailed):
        ReportScope(date(2025, 1, 1), date(2026, 6, 1), SHANGHAI)


def test_offset_segments_split_at_the_daylight_saving_change():
    lo, hi = ReportScope(date(2026, 10, 30), date(2026, 11, 3), NEW_YORK).utc_bounds
    segments = offset_segments(lo, hi, NEW_YORK)
    assert segments == [(lo, -240), (datetime(2026, 11, 1, 6, tzinfo=UTC), -300)]
    assert offset_segments(*ReportScope.month("2026-10", SHANGHAI).utc_bounds, SHANGHAI)[0][1] == 480


async def _ticket_at(when: datetime, n: int) -> None:
    customer = await Customer.create(name=f"c{n}")
    await Ticket.create(
        number=f"KS-T-{n}",
        customer=customer,
        channel=Channel.PHONE,
        description="x",
        created_at=when,
        updated_at=when,
    )


async def test_days_follow_the_local_clock_across_a_daylight_saving_change(db):
    # 2026-11-01 is the autumn change in New York (02:00 EDT → 01:00 EST).
    await _ticket_at(datetime(2026, 10, 31, 23, 30, tzinfo=NEW_YORK), 1)  # 03:30 UTC on 11-01
    await _ticket_at(datetime(2026, 11, 1, 23, 30, tzinfo=NEW_YORK), 2)  # 04:30 UTC on 11-02
    await _ticket_at(datetime(2026, 11, 2, 0, 30, tzinfo=NEW_YORK), 3)
    scope = ReportScope(date(2026, 10, 30), date(2026, 11, 3), NEW_YORK)
    report = await build_report(scope, now=datetime(2026, 11, 5, tzinfo=UTC))
    assert {d: n for d, n in report.per_day if n} == {
        date(2026, 10, 31): 1,
        date(2026, 11, 1): 1,
        date(2026, 11, 2): 1,
    }


async def test_a_ticket_at_local_midnight_belongs_to_the_new_day(db):
    await _ticket_at(datetime(2026, 10, 1, 0, 0, tzinfo=SHANGHAI), 1)
    await _ticket_at(datetime(2026, 9, 30, 23, 59, 59, tzinfo=SHANGHAI), 2)
    report = await build_report(ReportScope.month("2026-10", SHANGHAI), now=datetime(2026, 11, 5, tzinfo=UTC))
    assert report.total == 1 and report.per_day[0] == (date(2026, 10, 1), 1)
