import json

import pytest

from nlp import CATEGORIES, Suggestion


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("买的鞋子穿了两天就开胶了，质量太差", "product_quality"),
        ("收到的衣服掉色严重，还有一股异味", "product_quality"),
        ("面包过期了还在卖", "product_quality"),
        ("店员态度恶劣，还骂人", "service_attitude"),
        ("客服一直敷衍，互相推诿", "service_attitude"),
        ("快递一个星期了还没收到", "delivery_logistics"),
        ("外卖送餐超时一个小时，骑手还不接电话", "delivery_logistics"),
        ("结账时多收了我二十块钱", "billing_price"),
        ("话费莫名其妙被扣费", "billing_price"),
        ("说好的满减活动结账时不兑现，虚假宣传", "promotion"),
        ("买一送一的赠品没有送", "promotion"),
        ("空调坏了找售后，说过了保修期要收维修费", "after_sales_repair"),
        ("返修了三次还没修好", "after_sales_repair"),
        ("商场的扶梯坏了一个月没人修，厕所也很脏", "facilities"),
        ("酒店房间隔音太差，热水也没有", "facilities"),
        ("催收人员天天打电话骚扰我的家人", "other"),
        ("今天天气不错", "other"),
    ],
)
def test_category_follows_the_keywords(suggest, text, category):
    assert suggest(text).category == category


def test_traditional_chinese_is_read_as_simplified(suggest):
    suggestion = suggest("水壺漏電")
    assert suggestion.category == "product_quality"
    assert suggestion.severity == "A"
    assert ("severity", "漏电") in suggestion.keywords


def test_traditional_service_complaint(suggest):
    assert suggest("店員態度很差，不耐煩").category == "service_attitude"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want a refund, I was charged twice on my bill", "billing_price"),
        ("The staff were rude and unhelpful", "service_attitude"),
        ("Late delivery, the parcel never arrived", "delivery_logistics"),
        ("The kettle arrived broken and defective", "product_quality"),
        ("The elevator in the mall has been out of order", "facilities"),
    ],
)
def test_english_keywords_are_matched(suggest, text, category):
    assert suggest(text).category == category


def test_english_words_match_whole_words_only(suggest):
    assert suggest("the engine misfires at idle").severity != "A"


def test_keywords_explain_the_category_first(suggest):
    suggestion = suggest("快递员态度很差，包裹还丢了")
    assert suggestion.category == "delivery_logistics"
    assert suggestion.keywords[0][0] == "delivery_logistics"
    assert ("service_attitude", "态度") in suggestion.keywords


def test_confidence_is_between_zero_and_one_and_grows_with_evidence(suggest):
    weak = suggest("有点慢").confidence
    strong = suggest("快递员送货延误，包裹丢件，物流信息不更新").confidence
    assert 0 <= weak < strong <= 1


def test_text_without_keywords_is_other_with_low_confidence(suggest):
    suggestion = suggest("你好")
    assert suggestion.category == "other"
    assert suggestion.confidence < 0.5


def test_suggestion_is_frozen_and_serialises_to_json(suggest):
    suggestion = suggest("水壶漏电")
    assert isinstance(suggestion, Suggestion)
    with pytest.raises(AttributeError):
        suggestion.category = "other"  # type: ignore[misc]
    data = json.loads(json.dumps(suggestion.to_dict(), ensure_ascii=False))
    assert data["category"] in CATEGORIES
    assert data["severity"] == "A"
    assert ["severity", "漏电"] in data["keywords"]


def test_classify_without_warm_up_initialises_lazily():
    from nlp import classify

    assert classify("快递丢了").category == "delivery_logistics"


def test_full_width_text_is_normalised(suggest):
    assert suggest("ＲＥＦＵＮＤ please, charged ￥２９９ twice").category == "billing_price"


def test_praised_aspect_is_not_the_complaint(suggest):
    assert suggest("快递很快，但是质量好差").category == "product_quality"
    assert suggest("质量很好，客服态度差").category == "service_attitude"


def test_a_charge_told_with_the_sales_pitch_is_a_promotion_complaint(suggest):
    text = "业务员上门推销说免年费，结果第二年扣了我六百年费"
    suggestion = suggest(text)
    assert suggestion.category == "promotion"
    assert dict(suggestion.scores)["billing_price"] > 0  # the fee is still shown as evidence


def test_a_charge_without_a_pitch_stays_billing(suggest):
    assert suggest("信用卡每个月私自扣我二十块服务费").category == "billing_price"


def test_not_receiving_a_refund_or_a_message_is_not_a_delivery_problem(suggest):
    assert suggest("退货一个月了一直没收到退款").category != "delivery_logistics"
    assert suggest("一直没收到短信验证码，登录不了账号").category != "delivery_logistics"
    assert suggest("下单半个月了还没收到货").category == "delivery_logistics"


def test_an_unusable_card_or_voucher_is_not_a_product_defect(suggest):
    assert suggest("充值的会员卡用不了，店里说系统升级").category != "product_quality"
    assert suggest("新买的吹风机用不了，一开就跳闸").category == "product_quality"


def test_a_keyword_starting_with_a_digit_does_not_match_inside_a_number(suggest):
    assert ("promotion", "0利息") not in suggest("借了13000利息高达五千").keywords


def test_debt_collection_conduct_is_other_even_when_fees_are_mentioned(suggest):
    assert suggest("利息太高还不上，催收天天打电话骚扰我家人，还威胁上门").category == "other"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("电水壶用了三天就漏水，要求退货退款", "product_quality"),
        ("充电桩扫码后一直显示连接中，换了三个桩都一样，要求尽快维修充电桩", "facilities"),
        ("裙子偏小，申请换货卖家拖了十天不处理", "after_sales_repair"),
        ("空调修了三次还是不制冷", "after_sales_repair"),
    ],
)
def test_the_remedy_asked_for_does_not_decide_the_category(suggest, text, category):
    assert suggest(text).category == category


@pytest.mark.parametrize(
    ("text", "not_keyword"),
    [
        ("账单上莫名产生的年费", "生的"),  # 产生的 is "arising", not raw food
        ("打人工客服电话一直占线", "打人"),  # calling a human agent is not assault
        ("这件事严重影响了我的生活", "重影"),
    ],
)
def test_a_keyword_is_not_read_inside_a_longer_common_word(suggest, text, not_keyword):
    assert not_keyword not in {word for _, word in suggest(text).keywords}


def test_calling_a_human_agent_is_not_violence(suggest):
    assert suggest("打人工客服电话一直占线").severity in {"C", "D"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("健身房的跑步机坏了一半，一直没人管", "facilities"),
        ("酒店房间的热水器故障，洗了个冷水澡", "facilities"),
        ("新买的热水器故障，用了两天就不出热水", "product_quality"),
    ],
)
def test_broken_equipment_of_the_premises_is_a_facilities_case(suggest, text, category):
    assert suggest(text).category == category
