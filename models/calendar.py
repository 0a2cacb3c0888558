"""Working-day arithmetic on a calendar with holidays and make-up workdays (调休). Pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.deadline import DurationUnit

WORKDAY_START = time(9, 0)


@dataclass(frozen=True)
class WorkCalendar:
    """Weekends are off and weekdays on, except where `exceptions` says otherwise."""

    exceptions: Mapping[date, bool] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        return self.exceptions.get(day, day.weekday() < 5)

    def next_workday(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: datetime, days: int, tz: ZoneInfo) -> datetime:
        """Same local clock time `days` working days later.

        A start on a day off counts from the beginning (09:00) of the next working day, so a
        complaint filed on Saturday with one working day is due Tuesday 09:00, not Monday.
        """
        local = start.astimezone(tz)
        day, clock = local.date(), local.timetz().replace(tzinfo=None)
        if not self.is_workday(day):
            day, clock = self.next_workday(day), WORKDAY_START
        for _ in range(days):
            day = self.next_workday(day)
        return datetime.combine(day, clock, tzinfo=tz)

    def add(self, start: datetime, amount: int, unit: DurationUnit, tz: ZoneInfo) -> datetime:
        if unit is DurationUnit.WORKING_DAYS:
            return self.add_working_days(start, amount, tz)
        if unit is DurationUnit.MINUTES:
            return start + timedelta(minutes=amount)
        if unit is DurationUnit.HOURS:
            return start + timedelta(hours=amount)
        return start + timedelta(days=amount)


def official_calendar(years: range) -> dict[date, bool]:
    """Mainland holidays and make-up workdays from `chinese_calendar`, for the years it knows."""
    import chinese_calendar

    exceptions: dict[date, bool] = {}
    for year in years:
        day = date(year, 1, 1)
        try:
            while day.year == year:
                workday = chinese_calendar.is_workday(day)
                if workday != (day.weekday() < 5):
                    exceptions[day] = workday
                day += timedelta(days=1)
        except NotImplementedError:
            continue
    return exceptions
