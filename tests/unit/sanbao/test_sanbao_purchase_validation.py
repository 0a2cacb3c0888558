"""A purchase the rules cannot judge is refused with a clear error instead of a wrong answer."""

from datetime import date
from decimal import Decimal

import pytest

from models.sanbao import Fault, InvalidPurchase, Purchase, default_rules, evaluate

SOLD = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("purchase", "today", "message"),
    [
        pytest.param(
            Purchase("boots", Decimal(100), SOLD),
            date(2026, 1, 20),
            "unknown product class 'boots'",
            id="unknown_class",
        ),
        pytest.param(
            Purchase("leather_shoes", Decimal(100), SOLD, (Fault("heel_of"),)),
            date(2026, 1, 20),
            "未知故障 unknown fault 'heel_of'",
            id="unknown_fault",
        ),
        pytest.param(
            Purchase("leather_shoes", Decimal(100), SOLD, (Fault("glue_open"),)),
            date(2026, 1, 20),
            "fault 'glue_open' needs a measure in cm",
            id="glue_open_without_length",
        ),
        pytest.param(
            Purchase("leather_shoes", Decimal(100), SOLD, (Fault("heel_off", Decimal(2)),)),
            date(2026, 1, 20),
            "fault 'heel_off' takes no measure",
            id="measure_on_an_unmeasured_fault",
        ),
        pytest.param(
            Purchase("leather_shoes", Decimal(100), SOLD, (Fault("glue_open", Decimal(-1)),)),
            date(2026, 1, 20),
            "negative measure",
            id="negative_glue_length",
        ),
        pytest.param(
            Purchase("leather_shoes", Decimal(100), SOLD, (Fault("heel_off", None, -1),)),
            date(2026, 1, 20),
            "negative prior repairs",
            id="negative_prior_repairs",
        ),
        pytest.param(
            Purchase("leather_shoes", Decimal(100), SOLD),
            date(2026, 1, 14),
            "is after today",
            id="sale_after_today",
        ),
        pytest.param(
            Purchase("leather_shoes", Decimal(-1), SOLD),
            date(2026, 1, 20),
            "negative price",
            id="negative_price",
        ),
    ],
)
def test_purchase_that_cannot_be_judged_is_refused(purchase: Purchase, today: date, message: str) -> None:
    with pytest.raises(InvalidPurchase, match=message):
        evaluate(default_rules(), purchase, today)


def test_price_and_measure_given_as_plain_numbers_become_decimals() -> None:
    purchase = Purchase("leather_shoes", 99.9, SOLD, (Fault("glue_open", 5.5),))  # type: ignore[arg-type]

    verdict = evaluate(default_rules(), purchase, date(2026, 1, 25))

    assert verdict.remedy("refund").customer_receives == Decimal(
        "94.90"
    )  # 99.9 − 4.995, rounded half up to 5.00
