"""A firm's own rules file replaces the defaults: its classes, windows, rates and thresholds decide."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from models.sanbao import Fault, Purchase, RemedyKind, evaluate, load_rules

FIRM_RULES = """
[policy]
exchange_rate_per_day = 0.2
refund_rate_per_day = 1
repair_turnaround_days = 3

[[classes]]
id = "hiking_boots"
zh = "登山靴"
en = "hiking boots"
window_months = 6
window_days = 15
aliases = ["登山靴"]

[[faults]]
id = "glue_open"
zh = "开胶"
en = "glue open"
unit = "cm"

[[rules]]
id = "boots_glue_small"
zh = "开胶3厘米以内包修"
en = "glue open up to 3 cm is repaired"
applies_to = ["hiking_boots"]
faults = ["glue_open"]
measure_at_most = 3
remedies = ["repair"]

[[rules]]
id = "boots_glue_large"
zh = "开胶超过3厘米可换可退"
en = "glue open over 3 cm is exchanged or refunded"
applies_to = ["hiking_boots"]
faults = ["glue_open"]
measure_more_than = 3
remedies = ["exchange", "refund"]
"""

SOLD = date(2026, 1, 31)


def test_firm_file_loaded_from_a_path_decides_instead_of_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "firm.toml"
    path.write_text(FIRM_RULES, encoding="utf-8")
    book = load_rules(path)
    purchase = Purchase("hiking_boots", Decimal("500"), SOLD, (Fault("glue_open", Decimal("4")),))

    verdict = evaluate(book, purchase, date(2026, 2, 10))

    assert verdict.kinds == (RemedyKind.EXCHANGE, RemedyKind.REFUND)
    assert verdict.remedy("exchange").customer_pays == Decimal("10.00")  # 0.2 % × 10 days
    assert verdict.remedy("refund").customer_receives == Decimal("450.00")  # 1 % × 10 days


def test_firm_threshold_and_turnaround_apply_from_text() -> None:
    book = load_rules(FIRM_RULES)
    purchase = Purchase("hiking_boots", Decimal("500"), SOLD, (Fault("glue_open", Decimal("3")),))

    repair = evaluate(book, purchase, date(2026, 2, 10)).remedy("repair")

    assert repair is not None
    assert repair.repair_within_days == 3


def test_firm_window_of_months_and_days_ends_after_month_end_clamp() -> None:
    book = load_rules(FIRM_RULES)
    purchase = Purchase("hiking_boots", Decimal("500"), SOLD, (Fault("glue_open", Decimal("1")),))

    # 2026-01-31 + 6 months → 2026-07-31, + 15 days → 2026-08-15
    assert evaluate(book, purchase, date(2026, 8, 15)).is_open
    assert not evaluate(book, purchase, date(2026, 8, 16)).is_open


def test_classes_unknown_to_the_firm_are_rejected() -> None:
    book = load_rules(FIRM_RULES)
    assert book.product_class("leather_shoes") is None
