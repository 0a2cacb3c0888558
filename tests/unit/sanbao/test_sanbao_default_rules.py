"""Every default 三包 rule from PRODUCT.md and the retail procedure, as a table.

Each row is a purchase, a day, and the remedies open that day, written as
"kind amount open_until rule_id" (amount: what the customer pays for an exchange, receives for a
refund, 0.00 for a repair) or "none reason".
"""

from datetime import date
from decimal import Decimal

import pytest

from models.sanbao import Fault, Purchase, Verdict, default_rules, evaluate

SOLD = date(2026, 1, 15)  # windows end: 1 month 2026-02-15, 2 months 2026-03-15, 3 months 2026-04-15


def case(
    product_class: str,
    today: date,
    *faults: Fault,
    price: str = "100.00",
    sold: date = SOLD,
    out_of_town: bool = False,
    unworn: bool = False,
    equivalent_available: bool = True,
) -> tuple[Purchase, date]:
    purchase = Purchase(
        product_class=product_class,
        price=Decimal(price),
        sale_date=sold,
        faults=faults,
        out_of_town=out_of_town,
        unworn=unworn,
        equivalent_available=equivalent_available,
    )
    return purchase, today


def summary(verdict: Verdict) -> list[str]:
    lines = []
    for remedy in verdict.remedies:
        if remedy.open_until is None:
            lines.append(f"{remedy.kind} {remedy.rule_id}")
            continue
        amount = remedy.customer_receives if remedy.kind == "refund" else remedy.customer_pays
        lines.append(f"{remedy.kind} {amount} {remedy.open_until.isoformat()} {remedy.rule_id}")
    return lines


def glue(cm: str) -> Fault:
    return Fault("glue_open", measure=Decimal(cm))


D = date
SHOE_CASES = [
    # --- windows: leather 3 months, sports/synthetic 2 months, cloth/children 1 month ---
    pytest.param(
        case("leather_shoes", D(2026, 4, 15), Fault("sole_broken")),
        [
            "exchange 27.00 2026-04-15 shoes_broken_sole_or_upper",
            "refund 55.00 2026-04-15 shoes_broken_sole_or_upper",
        ],
        id="leather_shoes_broken_sole_on_last_day_of_3_month_window_exchange_or_refund_with_90_days_depreciation",
    ),
    pytest.param(
        case("leather_shoes", D(2026, 4, 16), Fault("sole_broken")),
        ["none window_expired"],
        id="leather_shoes_day_after_3_month_window_nothing_open",
    ),
    pytest.param(
        case("sports_synthetic_shoes", D(2026, 3, 15), Fault("upper_broken")),
        [
            "exchange 17.70 2026-03-15 shoes_broken_sole_or_upper",
            "refund 70.50 2026-03-15 shoes_broken_sole_or_upper",
        ],
        id="sports_shoes_broken_upper_on_last_day_of_2_month_window",
    ),
    pytest.param(
        case("sports_synthetic_shoes", D(2026, 3, 16), Fault("upper_broken")),
        ["none window_expired"],
        id="sports_shoes_day_after_2_month_window_nothing_open",
    ),
    pytest.param(
        case("cloth_children_shoes", D(2026, 2, 15), Fault("sole_broken")),
        [
            "exchange 9.30 2026-02-15 shoes_broken_sole_or_upper",
            "refund 84.50 2026-02-15 shoes_broken_sole_or_upper",
        ],
        id="cloth_shoes_broken_sole_on_last_day_of_1_month_window",
    ),
    pytest.param(
        case("cloth_children_shoes", D(2026, 2, 16), Fault("sole_broken")),
        ["none window_expired"],
        id="cloth_shoes_day_after_1_month_window_nothing_open",
    ),
    pytest.param(
        case("cloth_children_shoes", D(2026, 2, 28), Fault("heel_off"), sold=D(2026, 1, 31)),
        ["repair 0.00 2026-02-28 shoes_repair"],
        id="month_window_from_31_january_ends_on_last_day_of_february",
    ),
    pytest.param(
        case("cloth_children_shoes", D(2026, 3, 1), Fault("heel_off"), sold=D(2026, 1, 31)),
        ["none window_expired"],
        id="month_window_from_31_january_is_closed_on_1_march",
    ),
    # --- repairs ---
    *[
        pytest.param(
            case("leather_shoes", D(2026, 2, 14), Fault(fault)),
            ["repair 0.00 2026-04-15 shoes_repair"],
            id=f"shoes_{fault}_is_repaired_free_until_window_end",
        )
        for fault in ("heel_off", "stitching_open", "paint_fading", "zip_broken", "eyelet_off")
    ],
    # --- the 5 cm glue boundary ---
    pytest.param(
        case("leather_shoes", D(2026, 1, 25), glue("5")),
        ["repair 0.00 2026-04-15 shoes_glue_open_up_to_5cm"],
        id="glue_open_exactly_5cm_is_repaired",
    ),
    pytest.param(
        case("leather_shoes", D(2026, 1, 25), glue("5.01")),
        [
            "exchange 3.00 2026-04-15 shoes_glue_open_over_5cm",
            "refund 95.00 2026-04-15 shoes_glue_open_over_5cm",
        ],
        id="glue_open_just_over_5cm_is_exchanged_or_refunded",
    ),
    # --- the same fault back for a second repair ---
    pytest.param(
        case("leather_shoes", D(2026, 2, 14), Fault("heel_off", prior_repairs_for_same_fault=1)),
        [
            "repair 0.00 2026-04-15 shoes_repair",
            "exchange 9.00 2026-04-15 shoes_second_repair_same_fault",
            "refund 85.00 2026-04-15 shoes_second_repair_same_fault",
        ],
        id="same_fault_back_for_second_repair_opens_exchange_and_refund",
    ),
    pytest.param(
        case("sports_synthetic_shoes", D(2026, 2, 14), Fault("glue_open", Decimal(3), 1)),
        [
            "repair 0.00 2026-03-15 shoes_glue_open_up_to_5cm",
            "exchange 9.00 2026-03-15 shoes_second_repair_same_fault",
            "refund 85.00 2026-03-15 shoes_second_repair_same_fault",
        ],
        id="short_glue_opening_back_after_a_repair_opens_exchange_and_refund",
    ),
    # --- price ≥ ¥210 with a fault within 3 days of sale ---
    pytest.param(
        case("leather_shoes", D(2026, 1, 18), Fault("heel_off"), price="210.00"),
        [
            "repair 0.00 2026-04-15 shoes_repair",
            "exchange 1.89 2026-01-18 shoes_expensive_early_fault",
            "refund 206.85 2026-01-18 shoes_expensive_early_fault",
        ],
        id="shoes_at_210_yuan_with_fault_on_day_3_may_be_exchanged_or_refunded",
    ),
    pytest.param(
        case("leather_shoes", D(2026, 1, 18), Fault("heel_off"), price="209.99"),
        ["repair 0.00 2026-04-15 shoes_repair"],
        id="shoes_under_210_yuan_with_early_fault_are_only_repaired",
    ),
    pytest.param(
        case("leather_shoes", D(2026, 1, 19), Fault("heel_off"), price="210.00"),
        ["repair 0.00 2026-04-15 shoes_repair"],
        id="expensive_shoes_with_fault_on_day_4_are_only_repaired",
    ),
    pytest.param(
        case("leather_shoes", D(2026, 1, 15), glue("5"), price="300.00"),
        [
            "repair 0.00 2026-04-15 shoes_glue_open_up_to_5cm",
            "exchange 0.00 2026-01-18 shoes_expensive_early_fault",
            "refund 300.00 2026-01-18 shoes_expensive_early_fault",
        ],
        id="expensive_shoes_returned_on_day_of_sale_pay_no_depreciation_day_0",
    ),
    # --- depreciation waived ---
    pytest.param(
        case("leather_shoes", D(2026, 2, 14), Fault("size_mismatch")),
        [
            "exchange 0.00 2026-04-15 shoes_no_charge_defects",
            "refund 100.00 2026-04-15 shoes_no_charge_defects",
        ],
        id="mismatched_sizes_exchanged_or_refunded_without_depreciation",
    ),
    pytest.param(
        case("sports_synthetic_shoes", D(2026, 2, 14), Fault("same_foot")),
        [
            "exchange 0.00 2026-03-15 shoes_no_charge_defects",
            "refund 100.00 2026-03-15 shoes_no_charge_defects",
        ],
        id="two_shoes_for_the_same_foot_exchanged_or_refunded_without_depreciation",
    ),
    pytest.param(
        case("cloth_children_shoes", D(2026, 2, 14), Fault("no_maker_or_certificate")),
        [
            "exchange 0.00 2026-02-15 shoes_no_charge_defects",
            "refund 100.00 2026-02-15 shoes_no_charge_defects",
        ],
        id="missing_maker_or_certificate_exchanged_or_refunded_without_depreciation",
    ),
    # --- counterfeit: refund twice the price ---
    pytest.param(
        case("leather_shoes", D(2026, 2, 14), Fault("counterfeit"), price="150.00"),
        ["exchange 0.00 2026-04-15 shoes_counterfeit", "refund 300.00 2026-04-15 shoes_counterfeit"],
        id="counterfeit_shoes_refunded_at_twice_the_price",
    ),
    pytest.param(
        case("leather_shoes", D(2026, 1, 16), Fault("counterfeit"), Fault("sole_broken"), price="300.00"),
        ["exchange 0.00 2026-04-15 shoes_counterfeit", "refund 600.00 2026-04-15 shoes_counterfeit"],
        id="several_rules_apply_and_the_best_for_the_customer_wins",
    ),
    # --- nothing open ---
    pytest.param(
        case("leather_shoes", D(2026, 1, 20), Fault("shine")),
        ["none fault_not_covered"],
        id="a_fault_no_shoe_rule_names_opens_nothing",
    ),
    pytest.param(
        case("leather_shoes", D(2026, 1, 16), unworn=True),
        ["none no_fault"],
        id="shoes_without_a_fault_are_negotiated",
    ),
    pytest.param(
        case("other", D(2026, 1, 16), Fault("counterfeit")),
        ["none not_covered"],
        id="item_with_no_sanbao_window_has_nothing_open",
    ),
]

CLOTHING_CASES = [
    # --- windows: suits/fur/sheepskin 3 months, synthetic leather/jackets 2 months ---
    pytest.param(
        case("suits", D(2026, 4, 15), Fault("stitching_open")),
        ["repair 0.00 2026-04-15 suits_jackets_repair"],
        id="suit_with_open_stitching_repaired_on_last_day_of_3_month_window",
    ),
    pytest.param(
        case("suits", D(2026, 4, 16), Fault("stitching_open")),
        ["none window_expired"],
        id="suit_day_after_3_month_window_nothing_open",
    ),
    pytest.param(
        case("jackets", D(2026, 3, 15), Fault("shine")),
        ["repair 0.00 2026-03-15 suits_jackets_repair"],
        id="jacket_turned_shiny_repaired_on_last_day_of_2_month_window",
    ),
    pytest.param(
        case("jackets", D(2026, 3, 16), Fault("zip_broken")),
        ["none window_expired"],
        id="jacket_day_after_2_month_window_nothing_open",
    ),
    pytest.param(
        case("jackets", D(2026, 2, 14), Fault("zip_broken", prior_repairs_for_same_fault=1), price="400.00"),
        [
            "repair 0.00 2026-03-15 suits_jackets_repair",
            "exchange 36.00 2026-03-15 suits_jackets_fault_after_repair",
            "refund 340.00 2026-03-15 suits_jackets_fault_after_repair",
        ],
        id="jacket_with_same_fault_after_repair_may_be_exchanged_or_refunded",
    ),
    pytest.param(
        case("fur_sheepskin", D(2026, 4, 15), Fault("zip_broken")),
        ["repair 0.00 2026-04-15 leather_clothing_repair"],
        id="fur_coat_zip_repaired_on_last_day_of_3_month_window",
    ),
    pytest.param(
        case("fur_sheepskin", D(2026, 1, 25), Fault("hair_loss"), price="2000.00"),
        [
            "exchange 60.00 2026-04-15 leather_clothing_serious_fault",
            "refund 1900.00 2026-04-15 leather_clothing_serious_fault",
        ],
        id="shedding_fur_exchanged_at_0_3_percent_or_refunded_at_0_5_percent_a_day",
    ),
    pytest.param(
        case("synthetic_leather_clothing", D(2026, 3, 15), Fault("fading"), price="500.00"),
        [
            "exchange 88.50 2026-03-15 leather_clothing_serious_fault",
            "refund 352.50 2026-03-15 leather_clothing_serious_fault",
        ],
        id="faded_synthetic_leather_on_last_day_of_2_month_window",
    ),
    pytest.param(
        case("synthetic_leather_clothing", D(2026, 3, 16), Fault("fading")),
        ["none window_expired"],
        id="synthetic_leather_day_after_2_month_window_nothing_open",
    ),
    # --- unworn in original state, no fault ---
    pytest.param(
        case("suits", D(2026, 1, 18), unworn=True, price="800.00"),
        ["exchange 0.00 2026-01-18 clothing_unworn_exchange"],
        id="unworn_suit_exchanged_free_on_day_3",
    ),
    pytest.param(
        case("suits", D(2026, 1, 19), unworn=True),
        ["none no_fault_late"],
        id="unworn_suit_from_local_buyer_not_exchanged_on_day_4",
    ),
    pytest.param(
        case("jackets", D(2026, 1, 25), unworn=True, out_of_town=True),
        ["exchange 0.00 2026-01-25 clothing_unworn_exchange"],
        id="out_of_town_buyer_exchanges_unworn_clothing_free_on_day_10",
    ),
    pytest.param(
        case("jackets", D(2026, 1, 26), unworn=True, out_of_town=True),
        ["none no_fault_late"],
        id="out_of_town_buyer_cannot_exchange_unworn_clothing_on_day_11",
    ),
    pytest.param(
        case("suits", D(2026, 1, 17), unworn=True, equivalent_available=False, price="800.00"),
        ["refund 800.00 2026-01-18 clothing_unworn_exchange"],
        id="unworn_clothing_refunded_in_full_when_no_equivalent_item_exists",
    ),
    pytest.param(
        case("suits", D(2026, 1, 16)),
        ["none no_fault_worn"],
        id="worn_clothing_without_a_fault_is_negotiated",
    ),
    pytest.param(
        case("fur_sheepskin", D(2026, 1, 17), Fault("hair_loss"), unworn=True, price="2000.00"),
        [
            "exchange 0.00 2026-01-18 clothing_unworn_exchange",
            "refund 1980.00 2026-04-15 leather_clothing_serious_fault",
        ],
        id="unworn_faulty_fur_gets_the_free_exchange_and_the_fault_refund",
    ),
    pytest.param(
        case("fur_sheepskin", D(2026, 1, 20), Fault("shine")),
        ["none fault_not_covered"],
        id="a_fault_no_fur_rule_names_opens_nothing",
    ),
]


@pytest.mark.parametrize(("purchase_today", "expected"), [*SHOE_CASES, *CLOTHING_CASES])
def test_default_rules(purchase_today: tuple[Purchase, date], expected: list[str]) -> None:
    purchase, today = purchase_today
    assert summary(evaluate(default_rules(), purchase, today)) == expected


def test_table_exercises_every_default_rule() -> None:
    decided = {
        line.split()[-1]
        for param in [*SHOE_CASES, *CLOTHING_CASES]
        for line in param.values[1]
        if not line.startswith("none")
    }
    assert decided == {rule.id for rule in default_rules().rules}
