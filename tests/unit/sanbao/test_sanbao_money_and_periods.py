"""Depreciation is Decimal yuan rounded half-up to the fen; periods follow 民法典 §201–203."""

from datetime import date
from decimal import Decimal

import pytest

from models.sanbao.money import depreciation
from models.sanbao.periods import add_days, add_months, days_between


@pytest.mark.parametrize(
    ("price", "percent", "days", "expected"),
    [
        pytest.param("300", "0.3", 10, "9.00", id="exchange_0_3_percent_a_day"),
        pytest.param("300", "0.5", 10, "15.00", id="refund_0_5_percent_a_day"),
        pytest.param("1", "0.5", 1, "0.01", id="half_a_fen_rounds_up"),
        pytest.param("0.9", "0.5", 1, "0.00", id="less_than_half_a_fen_rounds_down"),
        pytest.param("99.99", "0.3", 0, "0.00", id="day_of_sale_costs_nothing"),
        pytest.param("100", "5", 30, "100.00", id="never_more_than_the_price"),
    ],
)
def test_depreciation(price: str, percent: str, days: int, expected: str) -> None:
    assert depreciation(Decimal(price), Decimal(percent), days) == Decimal(expected)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        pytest.param(date(2026, 1, 15), 3, date(2026, 4, 15), id="same_day_of_month"),
        pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="no_31_february_clamps_to_month_end"),
        pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="leap_february"),
        pytest.param(date(2026, 11, 30), 3, date(2027, 2, 28), id="across_the_year_end"),
        pytest.param(date(2026, 12, 31), 2, date(2027, 2, 28), id="december_plus_two"),
    ],
)
def test_add_months_uses_calendar_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


def test_day_of_sale_is_day_0() -> None:
    sold = date(2026, 1, 15)
    assert days_between(sold, sold) == 0
    assert add_days(sold, 3) == date(2026, 1, 18)
