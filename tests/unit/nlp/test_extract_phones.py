import pytest

from nlp.extract import find_phones


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("我的手机13812345678，请回电", "+8613812345678"),
        ("座机 021-62345678", "+862162345678"),
        ("call me on +1 650-253-0000", "+16502530000"),
        ("手机是138 1234 5678", "+8613812345678"),
    ],
)
def test_valid_phone_numbers_are_found_in_e164_with_the_raw_match(text, e164):
    phones = find_phones(text)
    assert [p.e164 for p in phones] == [e164]
    assert phones[0].raw in text


@pytest.mark.parametrize("text", ["编号12345", "+44 7700 900123", "订单号E20261103001", "借款40000元"])
def test_invalid_or_fictional_numbers_are_rejected(text):
    assert find_phones(text) == ()
