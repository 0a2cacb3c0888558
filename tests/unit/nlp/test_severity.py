from decimal import Decimal

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "孩子用了你们的电热水壶被烫伤了",
        "插上电源就漏电，手被电了一下",
        "充电器突然起火，桌子都烧黑了",
        "吃了你们的外卖后全家食物中毒",
        "吃完晚饭半夜开始拉肚子、呕吐",
        "用了面霜脸上过敏，去了急诊",
        "电动车电池爆炸",
        "老人在店里摔倒骨折住院了",
    ],
)
def test_harm_or_hazard_forces_severity_a(suggest, text):
    assert suggest(text).severity == "A"


@pytest.mark.parametrize(
    "text", ["面包里吃出了虫子", "外卖的饭菜是馊的", "牛奶喝出玻璃渣", "盒饭里有一根铁丝"]
)
def test_contaminant_in_food_is_severity_a(suggest, text):
    suggestion = suggest(text)
    assert suggestion.severity == "A"
    assert any(reason.startswith("food safety") for reason in suggestion.severity_reasons)


def test_contaminant_word_outside_food_is_not_severity_a(suggest):
    assert suggest("衣柜发霉了，木板有点变形").severity != "A"


@pytest.mark.parametrize(
    "text",
    [
        "水壶漏电，幸好没有受伤",
        "摔了一跤，没受伤",
        "电池鼓包，未起火",
        "幸好没有起火",
        "人没有受伤，但是车坏了",
    ],
)
def test_negated_harm_is_not_counted(suggest, text):
    suggestion = suggest(text)
    assert not any(r in suggestion.severity_reasons for r in ("safety: 受伤", "safety: 起火"))


def test_negated_injury_is_not_severity_a(suggest):
    assert suggest("地面湿滑摔了一下，没有受伤").severity != "A"


@pytest.mark.parametrize(
    "text", ["no one was injured in the store", "there were no injuries", "my son was not hurt, just scared"]
)
def test_negated_english_injury_is_not_severity_a(suggest, text):
    assert suggest(text).severity != "A"


def test_negation_does_not_cross_clauses(suggest):
    assert suggest("没有任何提示，孩子就被烫伤了").severity == "A"


def test_look_alike_of_a_negation_still_counts(suggest):
    assert suggest("不小心碰到插座被电击").severity == "A"
    assert suggest("买了没多久就起火了").severity == "A"


@pytest.mark.parametrize(
    "text",
    ["怕吃坏肚子，不敢吃了", "担心会漏电，不敢用", "万一起火怎么办", "存在火灾隐患"],
)
def test_feared_harm_is_not_severity_a(suggest, text):
    assert suggest(text).severity != "A"


@pytest.mark.parametrize(
    "text", ["it could have caused a fire", "I am afraid it will catch fire", "a fire hazard"]
)
def test_feared_harm_in_english_is_not_severity_a(suggest, text):
    assert suggest(text).severity != "A"


def test_near_miss_hazard_in_the_product_is_severity_a(suggest):
    suggestion = suggest("插头差点起火，冒烟了")
    assert suggestion.severity == "A"


def test_near_miss_injury_is_not_severity_a(suggest):
    assert suggest("门突然关上，差点受伤").severity != "A"


def test_hair_in_food_is_serious_but_not_a(suggest):
    suggestion = suggest("米饭里吃出一根头发")
    assert suggestion.severity == "B"
    assert "food hygiene: 头发" in suggestion.severity_reasons


@pytest.mark.parametrize(
    "text", ["再不处理我就去媒体曝光", "已经打了12315", "我要起诉你们", "I will contact my attorney"]
)
def test_media_regulator_or_lawsuit_threat_is_at_least_b(suggest, text):
    assert suggest(text).severity in ("A", "B")


def test_mass_impact_alone_is_b(suggest):
    suggestion = suggest("多名顾客反映收银员多收钱")
    assert suggestion.severity == "B"
    assert any(r.startswith("mass impact") for r in suggestion.severity_reasons)


def test_mass_harm_is_a(suggest):
    assert suggest("同桌很多人吃完都拉肚子").severity == "A"


def test_amount_above_threshold_raises_to_b(suggest):
    assert suggest("买的冰箱花了8000元，门关不上").severity == "B"
    assert suggest("买的杯子花了80元，有点掉色").severity in ("C", "D")


def test_amount_threshold_is_a_parameter(suggest):
    assert suggest("花了800元，门关不上", amount_threshold=Decimal(500)).severity == "B"


def test_plain_complaint_defaults_to_c(suggest):
    suggestion = suggest("快递送错地址了")
    assert suggestion.severity == "C"


def test_clearly_minor_remark_is_d(suggest):
    assert suggest("建议门店多放几把椅子").severity == "D"
    assert suggest("just a suggestion: longer opening hours").severity == "D"


def test_severity_reasons_name_the_rule_and_word(suggest):
    suggestion = suggest("水壶漏电")
    assert suggestion.severity_reasons == ("safety: 漏电",)
    assert ("severity", "漏电") in suggestion.keywords


@pytest.mark.parametrize(
    "text",
    [
        "the car caught fire while parked",
        "the driver was injured in the crash",
        "airbags deployed, I went to hospital",
    ],
)
def test_english_harm_is_severity_a(suggest, text):
    assert suggest(text).severity == "A"
