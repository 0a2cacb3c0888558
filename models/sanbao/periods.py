"""Date arithmetic for 三包 periods, following 民法典 §201–203.

The day of sale is day 0 and is not counted; a period of N days ends at the end of day N.
A period of N calendar months ends on the same day-of-month N months later, or on the last day
of that month when it has no such day (sale on 31 January + 1 month → 28/29 February).
"""

import calendar
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """The last day of a period of `months` calendar months beginning after `start`."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def add_days(start: date, days: int) -> date:
    """The last day of a period of `days` days beginning after `start`."""
    return start + timedelta(days=days)


def days_between(start: date, end: date) -> int:
    """Whole days from `start` to `end`; the day of sale itself counts as day 0."""
    return (end - start).days
