"""The draft complaint a chat is filling in: a plain dict stored in IntakeSession.draft.

Keys mirror models.record.ComplaintRecord; `done` lists the questions already answered, skipped or
pre-filled, so the dialogue asks only what is still missing, one question at a time.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from models.enums import Category, ComplaintType, Demand
from models.errors import ValidationFailed
from models.record import ComplaintRecord, validate_phone, validate_reference
from nlp import Extracted

Draft = dict[str, Any]

# The questions in the order they are asked; each is also a dialogue step of the same name.
QUESTIONS = ("customer_name", "phone", "reference", "purchase_date", "demand", "amount", "photos")
# Read-back edit buttons, in display order.
EDITABLE = ("description", "complaint_type", *QUESTIONS)
STEP_OF_FIELD = {"description": "describe", "complaint_type": "complaint_type"} | {q: q for q in QUESTIONS}

TYPE_OF_CATEGORY: dict[str, ComplaintType] = {
    Category.PRODUCT_QUALITY: ComplaintType.PRODUCT,
    Category.AFTER_SALES_REPAIR: ComplaintType.PRODUCT,
    Category.SERVICE_ATTITUDE: ComplaintType.SERVICE,
    Category.DELIVERY_LOGISTICS: ComplaintType.SERVICE,
    Category.BILLING_PRICE: ComplaintType.SERVICE,
    Category.PROMOTION: ComplaintType.PROMOTION,
    Category.FACILITIES: ComplaintType.FACILITIES,
    Category.OTHER: ComplaintType.OTHER,
}


def new_draft(*, name: str = "", phone: str = "") -> Draft:
    """A fresh draft; a returning customer's name and phone are reused, not asked twice."""
    draft: Draft = {"nonce": secrets.token_hex(4), "photos": [], "done": [], "description": ""}
    if name:
        draft["customer_name"] = name
        mark_done(draft, "customer_name")
    if phone:
        draft["phone"] = phone
        mark_done(draft, "phone")
    return draft


def mark_done(draft: Draft, question: str) -> None:
    if question not in draft["done"]:
        draft["done"].append(question)


def next_question(draft: Draft) -> str | None:
    return next((q for q in QUESTIONS if q not in draft["done"]), None)


def prefill(draft: Draft, found: Extracted) -> list[str]:
    """Take what the first message already says (phone, order number, amount, date, demand)."""
    filled = []
    phone = next((p.e164 for p in found.phones if _valid_phone(p.e164)), None)
    if phone and "phone" not in draft["done"]:
        draft["phone"] = phone
        filled.append("phone")
    if found.identifiers and "reference" not in draft["done"]:
        try:
            draft["reference"] = validate_reference(found.identifiers[0].value)
            filled.append("reference")
        except ValidationFailed:
            pass  # an absurdly long "order number" is asked for properly instead
    if found.purchase_date and "purchase_date" not in draft["done"]:
        draft["purchase_date"] = found.purchase_date.isoformat()
        filled.append("purchase_date")
    if found.amount is not None and "amount" not in draft["done"] and Decimal(0) < found.amount:
        draft["amount"] = str(found.amount)
        filled.append("amount")
    if found.demand and "demand" not in draft["done"]:
        draft["demand"] = Demand(found.demand).value
        filled.append("demand")
    for question in filled:
        mark_done(draft, question)
    return filled


def _valid_phone(e164: str) -> bool:
    try:
        validate_phone(e164)
    except ValidationFailed:
        return False
    return True


def apply_suggestion(draft: Draft, suggestion: dict[str, Any]) -> None:
    draft["suggestion"] = suggestion
    if "complaint_type_chosen" not in draft:
        draft["complaint_type"] = TYPE_OF_CATEGORY.get(suggestion["category"], ComplaintType.OTHER).value


def to_record(draft: Draft) -> ComplaintRecord:
    return ComplaintRecord(
        description=draft.get("description", ""),
        customer_name=draft.get("customer_name", ""),
        phone=draft.get("phone", ""),
        reference=draft.get("reference", ""),
        purchase_date=date.fromisoformat(draft["purchase_date"]) if draft.get("purchase_date") else None,
        complaint_type=ComplaintType(draft.get("complaint_type", ComplaintType.OTHER)),
        demand=Demand(draft.get("demand", Demand.OTHER)),
        amount=Decimal(draft["amount"]) if draft.get("amount") else None,
        photos=list(draft.get("photos", [])),
    )
