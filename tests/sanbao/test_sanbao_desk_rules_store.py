"""The desk's 三包 rules: a firm's file replaces the defaults without code changes, bad files are refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.errors import ValidationFailed
from models.sanbao import Fault, Purchase, RemedyKind, default_rules, evaluate
from models.sanbao.store import (
    SanbaoRules,
    active_rules,
    active_rules_source,
    default_rules_text,
    replace_rules,
    reset_rules,
)

BOOTS = Purchase("hiking_boots", Decimal("500"), date(2026, 1, 31), (Fault("glue_open", Decimal("4")),))


async def test_without_installed_rules_or_a_file_the_shipped_defaults_decide(db):
    active = await active_rules_source()
    assert active.origin == "default"
    assert active.book == default_rules()
    assert active.text == default_rules_text()


async def test_rules_installed_by_an_admin_replace_the_defaults(db, clock, firm_rules, make_staff):
    admin = await make_staff("admin")
    await replace_rules(firm_rules, admin, clock.now(), origin="firm.toml")

    book = await active_rules()
    verdict = evaluate(book, BOOTS, date(2026, 2, 10))

    assert [c.id for c in book.classes] == ["hiking_boots"]
    assert verdict.kinds == (RemedyKind.EXCHANGE, RemedyKind.REFUND)
    assert verdict.remedy("refund").customer_receives == Decimal("450.00")  # 1 % a day × 10 days
    row = await SanbaoRules.get()
    assert (row.staff_id, row.origin, row.created_at) == (admin.id, "firm.toml", clock.now())


async def test_a_rules_file_named_in_settings_replaces_the_defaults(db, tmp_path: Path, firm_rules):
    path = tmp_path / "firm.toml"
    path.write_text(firm_rules, encoding="utf-8")

    active = await active_rules_source(path)

    assert active.origin == "file" and active.path == path
    assert active.book.product_class("hiking_boots") is not None
    assert active.book.product_class("leather_shoes") is None


async def test_installed_rules_take_precedence_over_the_settings_file_until_reset(
    db, clock, tmp_path, firm_rules
):
    path = tmp_path / "firm.toml"
    path.write_text(firm_rules, encoding="utf-8")
    await replace_rules(default_rules_text(), None, clock.now())
    assert (await active_rules_source(path)).origin == "database"

    await reset_rules(None, clock.advance(minutes=1))

    assert (await active_rules_source(path)).origin == "file"
    assert (await active_rules_source()).origin == "default"
    assert await SanbaoRules.all().count() == 2  # the history stays


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            'faults = ["glue_open"]\nmeasure_at_most',
            'faults = ["glue_opn"]\nmeasure_at_most',
            "未知故障 unknown fault 'glue_opn' in rule boots_glue_small",
            id="unknown_fault",
        ),
        pytest.param(
            "refund_rate_per_day = 1",
            "refund_rate_per_day = -1",
            "负数折旧率 negative depreciation rate refund_rate_per_day=-1 in [policy]",
            id="negative_rate",
        ),
        pytest.param(
            '[[faults]]\nid = "glue_open"',
            '[[classes]]\nid = "trail_shoes"\nzh = "越野鞋"\nen = "trail shoes"\nwindow_months = 3\n'
            'aliases = ["登山靴"]\n\n[[faults]]\nid = "glue_open"',
            "商品类别重叠 overlapping classes: alias '登山靴' belongs to both hiking_boots and trail_shoes",
            id="overlapping_classes",
        ),
    ],
)
async def test_a_bad_rules_file_is_refused_with_a_clear_message_and_nothing_is_stored(
    db, clock, firm_rules, old, new, message
):
    assert old in firm_rules
    with pytest.raises(ValidationFailed) as refused:
        await replace_rules(firm_rules.replace(old, new, 1), None, clock.now())

    assert refused.value.field == "rules"
    assert message in refused.value.message
    assert await SanbaoRules.all().count() == 0
    assert (await active_rules_source()).origin == "default"


@pytest.mark.parametrize("text", ["", "   \n", "not toml at all [", "x" * 200_001])
async def test_empty_garbled_or_huge_text_is_refused(db, clock, text):
    with pytest.raises(ValidationFailed):
        await replace_rules(text, None, clock.now())
    assert await SanbaoRules.all().count() == 0
