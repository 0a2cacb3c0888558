"""Staff-entered complaints (phone calls, visits, letters, email) with the chat dialogue's validators."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from aiohttp import web

from backoffice.i18n import t
from backoffice.keys import STAFF
from backoffice.middlewares import describe
from backoffice.render import render
from backoffice.roles import ANY_STAFF, require_role
from backoffice.sessions import flash
from kesu.context import CLOCK, SETTINGS
from models import record as rec
from models.customer import Customer
from models.enums import STAFF_ENTRY_CHANNELS, Channel, ComplaintType, Demand
from models.errors import ValidationFailed
from models.lexicon_store import desk_lexicon
from models.lifecycle import file_ticket
from models.record import ComplaintRecord
from nlp import Lexicon

FIELDS = (
    "channel",
    "customer_name",
    "phone",
    "address",
    "reference",
    "purchase_date",
    "complaint_type",
    "description",
    "demand",
    "demand_detail",
    "amount",
    "price",
)


def _suggest(text: str, lexicon: Lexicon) -> dict[str, Any] | None:
    from nlp import classify

    return classify(text, lexicon=lexicon).to_dict()


async def suggestion_for(request: web.Request, text: str) -> dict[str, Any] | None:
    """The desk lexicon's suggestion, off the event loop (jieba is CPU-bound); no text, no suggestion."""
    if not text.strip():
        return None
    lexicon = await desk_lexicon(request.app[SETTINGS].data_dir / "cache")
    return await asyncio.to_thread(_suggest, text[: rec.MAX_DESCRIPTION], lexicon)


def parse_record(
    form: Mapping[str, Any], today: date
) -> tuple[ComplaintRecord | None, dict[str, ValidationFailed]]:
    """Validate every field (so all errors show at once), then let ComplaintRecord.validated decide."""
    raw = {name: str(form.get(name, "")).strip() for name in FIELDS}
    errors: dict[str, ValidationFailed] = {}

    def check(field: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ValidationFailed as exc:
            errors[field] = exc
            return None

    check("customer_name", lambda: rec.validate_name(raw["customer_name"]))
    check("phone", lambda: rec.validate_phone(raw["phone"]))
    check("address", lambda: rec.validate_address(raw["address"]))
    check("reference", lambda: rec.validate_reference(raw["reference"]))
    check("description", lambda: rec.validate_description(raw["description"]))
    amount = check("amount", lambda: rec.validate_amount(raw["amount"])) if raw["amount"] else None
    price = check("price", lambda: rec.validate_amount(raw["price"])) if raw["price"] else None
    purchase = None
    if raw["purchase_date"]:
        try:
            purchase = rec.validate_purchase_date(date.fromisoformat(raw["purchase_date"]), today)
        except ValueError:
            errors["purchase_date"] = ValidationFailed("purchase_date", "invalid")
        except ValidationFailed as exc:
            errors["purchase_date"] = exc
    if raw["complaint_type"] not in set(ComplaintType):
        errors["complaint_type"] = ValidationFailed("complaint_type", "invalid")
    if raw["demand"] not in set(Demand):
        errors["demand"] = ValidationFailed("demand", "invalid")
    if raw["channel"] not in {c.value for c in STAFF_ENTRY_CHANNELS}:
        errors["channel"] = ValidationFailed("channel", "invalid")
    if errors:
        return None, errors  # type: ignore[return-value]
    record = ComplaintRecord(
        description=raw["description"],
        customer_name=raw["customer_name"],
        phone=raw["phone"],
        address=raw["address"],
        reference=raw["reference"],
        purchase_date=purchase,
        complaint_type=ComplaintType(raw["complaint_type"]),
        demand=Demand(raw["demand"]),
        demand_detail=raw["demand_detail"],
        amount=amount,
        price=price,
    )
    return record.validated(today), {}


async def customer_by_phone(phone: str) -> Customer:
    """A caller who complained before is the same customer (repeat-customer reports count them)."""
    existing = await Customer.filter(phone=phone, purged_at=None).order_by("id").first()
    return existing or await Customer.create(phone=phone)


async def file_staff_complaint(record: ComplaintRecord, channel: Channel, request: web.Request) -> Any:
    settings = request.app[SETTINGS]
    customer = await customer_by_phone(record.phone)
    return await file_ticket(
        record,
        customer=customer,
        channel=channel,
        now=request.app[CLOCK].now(),
        tz=settings.timezone,
        suggestion=await suggestion_for(request, record.description),
        entered_by=request[STAFF],
    )


def _context(values: Mapping[str, Any], errors: Mapping[str, str], suggestion: Any) -> dict[str, Any]:
    return {
        "values": {name: str(values.get(name, "")) for name in FIELDS},
        "errors": errors,
        "suggestion": suggestion,
        "channels": STAFF_ENTRY_CHANNELS,
        "complaint_types": list(ComplaintType),
        "demands": list(Demand),
    }


@require_role(ANY_STAFF)
async def new_form(request: web.Request) -> web.Response:
    defaults = {"channel": "phone", "complaint_type": "product", "demand": "other"}
    return await render(request, "tickets/new.html", _context(defaults, {}, None))


@require_role(ANY_STAFF)
async def new_submit(request: web.Request) -> web.Response:
    form = await request.post()
    settings = request.app[SETTINGS]
    today = request.app[CLOCK].now().astimezone(settings.timezone).date()
    suggestion = await suggestion_for(request, str(form.get("description", "")))
    record, errors = parse_record(form, today)
    if record is None or form.get("preview") == "1":
        messages = {field: describe(request, exc) for field, exc in errors.items()}
        return await render(
            request, "tickets/new.html", _context(form, messages, suggestion), status=422 if errors else 200
        )
    ticket = await file_staff_complaint(record, Channel(str(form["channel"])), request)
    await flash(request, t(request, "done.created", number=ticket.number))
    raise web.HTTPSeeOther(f"/tickets/{ticket.number}")
