from nlp.extract import find_identifiers
from nlp.extract.phones import phone_spans


def test_labelled_order_and_model_numbers_are_found():
    found = find_identifiers("订单号 E20261103001，型号KX-200")
    assert [(i.kind, i.value) for i in found] == [("order", "E20261103001"), ("model", "KX-200")]


def test_english_labels_are_understood():
    found = find_identifiers("order no. ab123456, model kx200")
    assert [(i.kind, i.value) for i in found] == [("order", "AB123456"), ("model", "KX200")]


def test_unlabelled_ids_need_six_characters_with_letters_and_digits():
    assert [i.value for i in find_identifiers("快递ZX9981234还没到")] == ["ZX9981234"]
    assert find_identifiers("型号A1没问题，代码AB12") == ()


def test_phone_numbers_and_dates_are_never_ids():
    text = "单号13812345678，日期2026-11-03"
    assert find_identifiers(text, exclude=phone_spans(text)) == ()


def test_amounts_are_not_ids():
    assert find_identifiers("借款40000元，还了1,299.50元") == ()
