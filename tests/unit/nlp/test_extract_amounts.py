from decimal import Decimal

import pytest

from nlp.extract import find_amounts


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("花了¥299", Decimal("299")),
        ("￥ 88.5", Decimal("88.5")),
        ("一共299元", Decimal("299")),
        ("三百五十块", Decimal("350")),
        ("两千元", Decimal("2000")),
        ("1,299.50 元", Decimal("1299.50")),
        ("2万元", Decimal("20000")),
        ("RMB 80", Decimal("80")),
        ("一千二百九十九点五元", Decimal("1299.5")),
    ],
)
def test_amounts_become_decimals(text, value):
    assert [a.value for a in find_amounts(text)] == [value]


def test_amounts_keep_their_raw_text_and_order():
    found = find_amounts("先付了¥100，后来又多收了三十块")
    assert [(a.raw, a.value) for a in found] == [("¥100", Decimal(100)), ("三十块", Decimal(30))]


@pytest.mark.parametrize("text", ["11月3日买的", "分了36期", "等了三天", "3号收到"])
def test_numbers_without_a_currency_are_not_amounts(text):
    assert find_amounts(text) == ()
