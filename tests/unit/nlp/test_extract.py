from datetime import date
from decimal import Decimal

from nlp import extract


def test_extract_prefills_every_field_from_one_message():
    text = "电话13812345678，订单号E20261103001，11月3日买的KX-200花了¥299，昨天就坏了，要求退货"
    result = extract(text, today=date(2026, 11, 22))
    assert [p.e164 for p in result.phones] == ["+8613812345678"]
    assert [i.value for i in result.identifiers] == ["E20261103001", "KX-200"]
    assert result.amount == Decimal(299)
    assert result.purchase_date == date(2026, 11, 3)
    assert result.demand == "return"


def test_extract_reads_traditional_chinese():
    result = extract("買了兩千元的東西，要求賠償", today=date(2026, 11, 22))
    assert result.amount == Decimal(2000)
    assert result.demand == "compensation"


def test_phone_digits_are_not_read_as_money_or_dates():
    result = extract("手机13812345678", today=date(2026, 11, 22))
    assert result.amounts == () and result.dates == ()


def test_to_dict_is_json_ready():
    import json

    data = extract("11月3日买的，¥299，要求换货", today=date(2026, 11, 22)).to_dict()
    assert json.loads(json.dumps(data))["purchase_date"] == "2026-11-03"
    assert data["amount"] == "299"
    assert data["demand"] == "exchange"
