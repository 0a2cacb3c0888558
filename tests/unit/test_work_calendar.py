"""Working-day arithmetic with holidays and make-up workdays (调休)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.calendar import WorkCalendar, official_calendar
from models.deadline import DurationUnit

TZ = ZoneInfo("Asia/Shanghai")


def test_one_working_day_from_friday_is_monday_same_time():
    cal = WorkCalendar()
    start = datetime(2026, 11, 20, 15, 0, tzinfo=TZ)  # Friday
    assert cal.add(start, 1, DurationUnit.WORKING_DAYS, TZ) == datetime(2026, 11, 23, 15, 0, tzinfo=TZ)


def test_start_on_a_day_off_counts_from_next_working_morning():
    cal = WorkCalendar()
    start = datetime(2026, 11, 21, 22, 0, tzinfo=TZ)  # Saturday night
    assert cal.add(start, 1, DurationUnit.WORKING_DAYS, TZ) == datetime(2026, 11, 24, 9, 0, tzinfo=TZ)


def test_national_day_holiday_is_skipped_and_make_up_saturday_counts():
    cal = WorkCalendar(official_calendar(range(2026, 2027)))
    assert not cal.is_workday(date(2026, 10, 1))
    start = datetime(2026, 9, 30, 16, 0, tzinfo=TZ)
    due = cal.add(start, 1, DurationUnit.WORKING_DAYS, TZ)
    assert due.date() > date(2026, 10, 7)
    assert cal.is_workday(due.date())


def test_calendar_units_ignore_the_calendar():
    cal = WorkCalendar({date(2026, 11, 16): False})
    start = datetime(2026, 11, 16, 10, 0, tzinfo=TZ)
    assert cal.add(start, 10, DurationUnit.MINUTES, TZ) == datetime(2026, 11, 16, 10, 10, tzinfo=TZ)
    assert cal.add(start, 2, DurationUnit.DAYS, TZ) == datetime(2026, 11, 18, 10, 0, tzinfo=TZ)
