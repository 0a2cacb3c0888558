"""What staff read out: the rule, the facts, the amount and the deadline, Chinese first, then English."""

from datetime import date
from decimal import Decimal

from models.sanbao import Fault, Purchase, default_rules, evaluate

SOLD = date(2026, 1, 15)


def test_refund_explanation_names_rule_fault_amount_and_deadline() -> None:
    purchase = Purchase("leather_shoes", Decimal("300"), SOLD, (Fault("glue_open", Decimal("6")),))

    refund = evaluate(default_rules(), purchase, date(2026, 1, 25)).remedy("refund")

    assert refund is not None
    assert refund.explanation == (
        "依据「鞋类三包：开胶长度在5厘米以上（单只鞋、非人为扩大），可换可退」。本件：开胶6cm。"
        "可退货：按每日0.5%扣除折旧费¥15.00（售出后第10天），退还顾客¥285.00；2026年4月15日前（含当日）有效。"
    )
    assert "the customer receives ¥285.00; open until 2026-04-15 inclusive" in refund.explanation_en


def test_repair_explanation_promises_the_repair_within_7_days() -> None:
    purchase = Purchase(
        "leather_shoes", Decimal("100"), SOLD, (Fault("heel_off", prior_repairs_for_same_fault=0),)
    )

    repair = evaluate(default_rules(), purchase, date(2026, 1, 20)).remedy("repair")

    assert repair is not None
    assert repair.repair_within_days == 7
    assert "修理期限不超过7天" in repair.explanation
    assert "within 7 days" in repair.explanation_en


def test_second_repair_explanation_says_how_often_it_was_repaired() -> None:
    purchase = Purchase(
        "leather_shoes", Decimal("100"), SOLD, (Fault("heel_off", prior_repairs_for_same_fault=1),)
    )

    exchange = evaluate(default_rules(), purchase, date(2026, 1, 20)).remedy("exchange")

    assert exchange is not None
    assert "掉跟（已修理1次）" in exchange.explanation


def test_counterfeit_explanation_says_twice_the_price() -> None:
    purchase = Purchase("leather_shoes", Decimal("150"), SOLD, (Fault("counterfeit"),))

    refund = evaluate(default_rules(), purchase, date(2026, 1, 20)).remedy("refund")

    assert refund is not None
    assert "退还顾客2倍货款¥300.00，不收折旧费" in refund.explanation
    assert refund.depreciation_waived


def test_nothing_open_gives_a_single_none_with_the_reason() -> None:
    purchase = Purchase("leather_shoes", Decimal("100"), SOLD, (Fault("sole_broken"),))

    verdict = evaluate(default_rules(), purchase, date(2026, 4, 16))

    assert not verdict.is_open
    assert len(verdict.remedies) == 1
    assert verdict.remedies[0].explanation == (
        "「皮鞋」的三包期为售出后3个月，已于2026年4月15日结束，不再包修、包换、包退；可由顾客与销售者协商解决。"
    )
    assert verdict.remedies[0].explanation_en.startswith("The guarantee for 'leather shoes' runs 3 month(s)")


def test_every_sentence_template_has_both_languages() -> None:
    from models.sanbao.messages import MESSAGES

    assert all(set(template) == {"zh", "en"} for template in MESSAGES.values())
