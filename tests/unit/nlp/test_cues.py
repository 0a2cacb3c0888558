"""Phrase cues: patterns a word list cannot hold (爱X不X, amounts charged, offers, gifts not given)."""

import pytest

from nlp.cues import find_cues


@pytest.mark.parametrize(
    ("text", "category", "phrase"),
    [
        ("洗车工脸一拉说你爱要不要", "service_attitude", "爱要不要"),
        ("洗一件衬衣收我45？？", "billing_price", "收我45"),
        ("三样菜加起来46.5，你收了我64.5", "billing_price", "收了我64.5"),
        ("入口牌子写的每小时5元，停了3个小时收了45", "billing_price", "收了45"),
        ("买猫粮送的逗猫棒没给", "promotion", "送的逗猫棒没给"),
        ("团长群里发的满99减30，结算一分没减", "promotion", "满99减30"),
        ("门口海报写第二杯半价", "promotion", "第二杯半价"),
        ("全场三折", "promotion", "三折"),
        ("团长把我拉进好几个群", "other", "拉进好几个群"),
        ("肯定是你们把我的信息卖出去了", "other", "信息卖"),
    ],
)
def test_cue_names_the_category_and_shows_the_phrase(text, category, phrase):
    assert (category, phrase) in {(c, p) for c, _, p in find_cues(text)}


@pytest.mark.parametrize("text", ["车子折旧太快", "来回折腾了三次", "爱人不在家", "收到了45元的退款"])
def test_look_alikes_are_not_cues(text):
    assert list(find_cues(text)) == []


def test_a_cue_counts_once_when_it_is_also_a_keyword(suggest):
    words = [w for c, w in suggest("打五折").keywords if c == "promotion"]
    assert len(words) == len(set(words))


def test_cues_decide_a_complaint_without_keywords(suggest):
    suggestion = suggest("老板说你爱买不买")
    assert suggestion.category == "service_attitude"
    assert ("service_attitude", "爱买不买") in suggestion.keywords


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("家电卖场的销售说我买不起就别摸", "service_attitude"),
        ("超市买的电饭煲坏了，说过了七天不管", "after_sales_repair"),
        ("超过保修期不给修", "after_sales_repair"),
    ],
)
def test_more_phrase_cues(text, category):
    assert category in {c for c, _, _ in find_cues(text)}


def test_waiting_days_is_not_a_warranty_refusal():
    assert "after_sales_repair" not in {c for c, _, _ in find_cues("快递过了三天了还没到")}


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("保温杯漏水，说过了7天不能换", "不能换"),
        ("沙发有质量问题要退，商家拒绝退货", "拒绝退货"),
        ("洗衣机修了两次还是漏水", "修了两次还是漏"),
    ],
)
def test_a_refused_or_failed_remedy_is_after_sales(text, phrase):
    assert ("after_sales_repair", phrase) in {(c, p) for c, _, p in find_cues(text)}


def test_refusing_to_refund_money_is_not_an_after_sales_cue():
    assert "after_sales_repair" not in {c for c, _, _ in find_cues("手续费不给退款")}
