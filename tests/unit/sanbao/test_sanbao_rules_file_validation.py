"""A firm's rules file that does not make sense is rejected with an error naming the field."""

from pathlib import Path

import pytest

from models.sanbao import RulesError, load_rules

VALID = """
[policy]
exchange_rate_per_day = 0.3
refund_rate_per_day = 0.5

[[classes]]
id = "leather_shoes"
zh = "皮鞋"
en = "leather shoes"
group = "shoes"
window_months = 3
aliases = ["皮鞋"]

[[classes]]
id = "cloth_shoes"
zh = "布鞋"
en = "cloth shoes"
group = "shoes"
window_months = 1
aliases = ["布鞋"]

[[faults]]
id = "heel_off"
zh = "掉跟"
en = "heel came off"

[[faults]]
id = "glue_open"
zh = "开胶"
en = "glue open"
unit = "cm"

[[rules]]
id = "shoes_repair"
zh = "掉跟包修"
en = "heel off is repaired"
applies_to = ["shoes"]
faults = ["heel_off"]
remedies = ["repair"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "firm_rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_valid_base_file_loads(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, VALID))
    assert [c.id for c in book.classes] == ["leather_shoes", "cloth_shoes"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            'faults = ["heel_off"]',
            'faults = ["heel_of"]',
            "未知故障 unknown fault 'heel_of' in rule shoes_repair",
            id="unknown_fault_in_a_rule",
        ),
        pytest.param(
            "exchange_rate_per_day = 0.3",
            "exchange_rate_per_day = -0.3",
            "负数折旧率 negative depreciation rate exchange_rate_per_day=-0.3",
            id="negative_exchange_rate",
        ),
        pytest.param(
            "refund_rate_per_day = 0.5",
            "refund_rate_per_day = -1",
            "负数折旧率 negative depreciation rate refund_rate_per_day=-1",
            id="negative_refund_rate",
        ),
        pytest.param(
            'aliases = ["布鞋"]',
            'aliases = ["布鞋", "皮鞋"]',
            "商品类别重叠 overlapping classes: alias '皮鞋' belongs to both leather_shoes and cloth_shoes",
            id="two_classes_claim_the_same_alias",
        ),
        pytest.param(
            'id = "cloth_shoes"',
            'id = "leather_shoes"',
            "商品类别重叠 overlapping classes: duplicate class id 'leather_shoes' in classes[1]",
            id="two_classes_with_the_same_id",
        ),
        pytest.param(
            'group = "shoes"\nwindow_months = 1',
            'group = "leather_shoes"\nwindow_months = 1',
            "group 'leather_shoes' is also a class id in classes[1]",
            id="group_named_like_a_class",
        ),
        pytest.param(
            'applies_to = ["shoes"]',
            'applies_to = ["boots"]',
            "未知商品类别或组 unknown class or group 'boots' in rule shoes_repair",
            id="rule_for_an_unknown_class",
        ),
        pytest.param(
            'remedies = ["repair"]',
            'remedies = ["repair", "compensation"]',
            "未知补救方式 unknown remedy 'compensation' in rule shoes_repair",
            id="unknown_remedy",
        ),
        pytest.param(
            "window_months = 3",
            "window_month = 3",
            "未知字段 unknown field 'window_month' in classes[0]",
            id="misspelt_field",
        ),
        pytest.param(
            "window_months = 3",
            "window_months = -3",
            "must be ≥ 0, got window_months=-3 in classes[0]",
            id="negative_window",
        ),
        pytest.param(
            "window_months = 3",
            'window_months = "three"',
            "'window_months' 必须是整数 must be a whole number, got 'three' in classes[0]",
            id="window_that_is_not_a_number",
        ),
        pytest.param(
            'faults = ["heel_off"]',
            'faults = ["heel_off"]\nmeasure_at_most = 5',
            "measure conditions need faults with a 'unit' in rule shoes_repair (rules[0]): heel_off",
            id="measure_threshold_on_a_fault_without_unit",
        ),
        pytest.param(
            'faults = ["heel_off"]',
            "",
            "rule has no trigger in rule shoes_repair",
            id="rule_without_any_condition",
        ),
        pytest.param(
            'remedies = ["repair"]',
            'remedies = ["repair"]\nrefund_multiplier = 2',
            "refund options need 'refund' in remedies in rule shoes_repair",
            id="refund_multiplier_without_refund",
        ),
        pytest.param(
            'remedies = ["repair"]',
            'remedies = ["repair"]\nwithin_days_out_of_town = 10',
            "'within_days_out_of_town' 需要 'within_days' is missing in rule shoes_repair",
            id="out_of_town_days_without_local_days",
        ),
        pytest.param(
            'id = "glue_open"',
            'id = "heel_off"',
            "重复的故障 id duplicate fault id 'heel_off' in faults[1]",
            id="duplicate_fault_id",
        ),
        pytest.param(
            'zh = "掉跟包修"',
            "",
            "缺少文字 missing text 'zh' in rule shoes_repair (rules[0])",
            id="rule_without_chinese_text",
        ),
        pytest.param(
            "[policy]\nexchange_rate_per_day = 0.3\nrefund_rate_per_day = 0.5\n",
            "",
            "缺少 missing [policy] table",
            id="missing_policy",
        ),
        pytest.param(
            "refund_rate_per_day = 0.5",
            "refund_rate_per_day = 0.5\nrefund_rate_per_day = 0.6",
            "invalid TOML in",
            id="invalid_toml",
        ),
    ],
)
def test_bad_rules_file_is_rejected_naming_the_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert message in str(caught.value)


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('zh = "掉跟"', 'zh = "掉跟'))
    with pytest.raises(RulesError, match=r"line \d+"):
        load_rules(path)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read rules file"):
        load_rules(tmp_path / "nowhere.toml")
