"""The complaint record's validators, shared by the chat dialogue and staff entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.customer import mask_phone
from models.errors import ValidationFailed
from models.record import ComplaintRecord, display_phone, validate_amount, validate_phone


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("021-62345678", "+862162345678"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_valid_phone_numbers_are_normalised(raw, e164):
    assert validate_phone(raw) == e164


@pytest.mark.parametrize("raw", ["12345", "+44 7700 900123", "abc", "", "1" * 40])
def test_invalid_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationFailed) as caught:
        validate_phone(raw)
    assert caught.value.field == "phone"


def test_phone_is_shown_nationally_and_masked_in_lists():
    assert display_phone("+8613812345678") == "13812345678"
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize("raw", ["-1", "abc", "1e20", "NaN"])
def test_bad_amounts_are_refused(raw):
    with pytest.raises(ValidationFailed):
        validate_amount(raw)


def test_amount_accepts_currency_marks():
    assert validate_amount("¥1,299.5") == Decimal("1299.50")


def test_record_validation_keeps_html_and_sql_verbatim():
    text = "<script>alert(1)</script>'; DROP TABLE ticket; -- 😡"
    record = ComplaintRecord(description=text, customer_name="张三", phone="13812345678").validated(
        date(2026, 11, 16)
    )
    assert record.description == text


def test_future_purchase_date_is_refused():
    record = ComplaintRecord(
        description="x", customer_name="张三", phone="13812345678", purchase_date=date(2026, 12, 1)
    )
    with pytest.raises(ValidationFailed) as caught:
        record.validated(date(2026, 11, 16))
    assert caught.value.field == "purchase_date"


def test_record_round_trips_through_json():
    record = ComplaintRecord(
        description="鞋开胶",
        customer_name="李四",
        phone="+8613812345678",
        amount=Decimal("299.00"),
        purchase_date=date(2026, 11, 1),
    )
    assert ComplaintRecord.from_json(record.to_json()) == record
