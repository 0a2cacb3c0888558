from datetime import date

import pytest

from nlp.extract import find_dates, purchase_date

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昨天买的", date(2026, 11, 21)),
        ("前天", date(2026, 11, 20)),
        ("上周三", date(2026, 11, 11)),
        ("上星期五", date(2026, 11, 13)),
        ("周三", date(2026, 11, 18)),
        ("11月3日", date(2026, 11, 3)),
        ("十一月三日", date(2026, 11, 3)),
        ("2026-11-03", date(2026, 11, 3)),
        ("2026/11/3", date(2026, 11, 3)),
        ("2026年11月3日", date(2026, 11, 3)),
        ("3号", date(2026, 11, 3)),
        ("yesterday", date(2026, 11, 21)),
    ],
)
def test_dates_are_resolved_against_today(text, expected):
    assert [d.value for d in find_dates(text, today=TODAY)] == [expected]


def test_month_and_day_later_than_today_means_last_year():
    assert find_dates("11月25日买的", today=TODAY)[0].value == date(2025, 11, 25)


def test_day_of_month_later_than_today_means_last_month():
    assert find_dates("25号", today=TODAY)[0].value == date(2026, 10, 25)


def test_full_dates_in_the_future_are_dropped():
    assert find_dates("2027-01-01", today=TODAY) == ()


def test_impossible_dates_are_dropped():
    assert find_dates("2月30日", today=TODAY) == ()


def test_purchase_date_prefers_the_clause_about_buying():
    assert purchase_date("昨天坏了，11月3日买的", today=TODAY) == date(2026, 11, 3)


def test_purchase_date_falls_back_to_the_earliest_date():
    assert purchase_date("前天坏了，昨天去修", today=TODAY) == date(2026, 11, 20)
    assert purchase_date("没有日期", today=TODAY) is None
