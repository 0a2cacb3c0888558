"""The complaint record (客户投诉记录表) and its validators, shared by the chat dialogue and staff entry."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers

from models.enums import ComplaintType, Demand
from models.errors import ValidationFailed

MAX_DESCRIPTION = 4000
MAX_NAME = 50
MAX_REFERENCE = 100
MAX_ADDRESS = 255
MAX_AMOUNT = Decimal("100000000")


def validate_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise ValidationFailed("name", "empty")
    if len(name) > MAX_NAME:
        raise ValidationFailed("name", "too_long")
    return name


def validate_phone(raw: str) -> str:
    """Mainland mobile, landline with area code, or +international → E.164; anything else refused."""
    text = raw.strip()
    if not text or len(text) > 32:
        raise ValidationFailed("phone", "invalid")
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationFailed("phone", "invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationFailed("phone", "invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """+8613812345678 → 13812345678 for Chinese staff; foreign numbers stay international."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_reference(raw: str) -> str:
    ref = raw.strip()
    if len(ref) > MAX_REFERENCE:
        raise ValidationFailed("reference", "too_long")
    return ref


def validate_address(raw: str) -> str:
    addr = " ".join(raw.split())
    if len(addr) > MAX_ADDRESS:
        raise ValidationFailed("address", "too_long")
    return addr


def validate_description(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise ValidationFailed("description", "empty")
    if len(text) > MAX_DESCRIPTION:
        raise ValidationFailed("description", "too_long")
    return text


def validate_amount(raw: str | Decimal | int | float) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", "").replace("¥", "").replace("元", "").strip())
    except InvalidOperation:
        raise ValidationFailed("amount", "invalid") from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ValidationFailed("amount", "invalid")
    return value.quantize(Decimal("0.01"))


def validate_purchase_date(value: date, today: date) -> date:
    if value > today:
        raise ValidationFailed("purchase_date", "future")
    if (today - value).days > 366 * 10:
        raise ValidationFailed("purchase_date", "too_old")
    return value


@dataclass
class ComplaintRecord:
    description: str
    customer_name: str = ""
    phone: str = ""
    address: str = ""
    reference: str = ""
    purchase_date: date | None = None
    complaint_type: ComplaintType = ComplaintType.OTHER
    demand: Demand = Demand.OTHER
    demand_detail: str = ""
    amount: Decimal | None = None
    price: Decimal | None = None
    photos: list[int] = field(default_factory=list)  # Attachment ids

    def validated(self, today: date) -> ComplaintRecord:
        """Run every validator; raise the first failure (with its field) or return a clean copy."""
        return ComplaintRecord(
            description=validate_description(self.description),
            customer_name=validate_name(self.customer_name),
            phone=validate_phone(self.phone),
            address=validate_address(self.address),
            reference=validate_reference(self.reference),
            purchase_date=validate_purchase_date(self.purchase_date, today) if self.purchase_date else None,
            complaint_type=ComplaintType(self.complaint_type),
            demand=Demand(self.demand),
            demand_detail=self.demand_detail.strip()[:255],
            amount=validate_amount(self.amount) if self.amount is not None else None,
            price=validate_amount(self.price) if self.price is not None else None,
            photos=list(self.photos),
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["purchase_date"] = self.purchase_date.isoformat() if self.purchase_date else None
        data["amount"] = str(self.amount) if self.amount is not None else None
        data["price"] = str(self.price) if self.price is not None else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ComplaintRecord:
        values = dict(data)
        if values.get("purchase_date"):
            values["purchase_date"] = date.fromisoformat(values["purchase_date"])
        for key in ("amount", "price"):
            if values.get(key) is not None:
                values[key] = Decimal(values[key])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})
