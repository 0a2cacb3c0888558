"""The rule book lists classes and faults with Chinese labels for back-office dropdowns."""

import pytest

from models.sanbao import default_rules


def test_classes_listed_with_chinese_labels_in_file_order() -> None:
    labels = [(c.id, c.zh) for c in default_rules().classes]
    assert labels[0] == ("leather_shoes", "皮鞋")
    assert ("other", "其他商品") in labels
    assert all(c.zh and c.en for c in default_rules().classes)


def test_faults_for_a_class_are_only_those_its_rules_name() -> None:
    shoe_faults = {f.id for f in default_rules().faults_for("leather_shoes")}
    suit_faults = {f.zh for f in default_rules().faults_for("suits")}

    assert {"glue_open", "counterfeit", "same_foot"} <= shoe_faults
    assert "shine" not in shoe_faults
    assert suit_faults == {"开线", "拉锁坏", "起光"}
    assert default_rules().faults_for("other") == ()


def test_measured_fault_carries_its_unit() -> None:
    assert default_rules().fault("glue_open").unit == "cm"


@pytest.mark.parametrize(
    ("product_name", "class_id"),
    [
        pytest.param("男士真皮鞋 42码", "leather_shoes", id="leather_shoe_by_alias"),
        pytest.param("儿童童鞋", "cloth_children_shoes", id="childrens_shoe_by_alias"),
        pytest.param("合成革鞋", "sports_synthetic_shoes", id="synthetic_shoe_not_synthetic_garment"),
        pytest.param("合成革服装外套", "synthetic_leather_clothing", id="synthetic_garment_not_shoe"),
        pytest.param("中山装", "jackets", id="zhongshan_suit_is_a_jacket_class"),
        pytest.param("电饭煲", None, id="unknown_product_has_no_class"),
    ],
)
def test_classify_suggests_a_class_from_the_product_name(product_name: str, class_id: str | None) -> None:
    found = default_rules().classify(product_name)
    assert (found.id if found else None) == class_id
