import pytest

from nlp.extract import find_demands


@pytest.mark.parametrize(
    ("text", "demand"),
    [
        ("要求退货", "return"),
        ("请给我退款", "return"),
        ("I want a refund", "return"),
        ("给我换货", "exchange"),
        ("换一个新的", "exchange"),
        ("请尽快维修", "repair"),
        ("帮我修一下", "repair"),
        ("please repair it", "repair"),
        ("要求赔偿损失", "compensation"),
        ("假一赔十", "compensation"),
        ("要求店长道歉", "apology"),
        ("给我一个解释", "apology"),
    ],
)
def test_demand_words_map_to_the_intake_choices(text, demand):
    assert find_demands(text) == (demand,)


def test_demands_keep_the_order_stated():
    assert find_demands("先维修，修不好就退货，还要赔偿") == ("repair", "return", "compensation")


def test_declined_demand_is_not_a_demand():
    assert find_demands("不要退货，换一个就行") == ("exchange",)


def test_renovation_is_not_a_repair_demand():
    assert find_demands("店里在装修") == ()
