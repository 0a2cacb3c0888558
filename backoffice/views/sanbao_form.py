"""The 三包 panel's inputs: read from a query string or form (sb_* fields), checked, and written back.

Ticket facts (price, purchase date) are the defaults; what staff type overrides them for this check only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from models.sanbao import Fault, Purchase, RuleBook
from models.ticket import Ticket

MAX_FAULTS = 8
MAX_PRICE = Decimal("1000000000")
MAX_MEASURE = Decimal("100000")


@dataclass(frozen=True)
class Problem:
    """A catalogue key under `error.` and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class PanelInput:
    class_id: str = ""
    faults: list[Fault] = field(default_factory=list)
    price: Decimal | None = None
    sold: date | None = None
    out_of_town: bool = False
    unworn: bool = False
    equivalent: bool = True
    submitted: bool = False
    problems: list[Problem] = field(default_factory=list)

    def fault(self, fault_id: str) -> Fault | None:
        return next((f for f in self.faults if f.id == fault_id), None)

    def purchase(self) -> Purchase | None:
        if self.problems or not self.class_id or self.price is None or self.sold is None:
            return None
        return Purchase(
            product_class=self.class_id,
            price=self.price,
            sale_date=self.sold,
            faults=tuple(self.faults),
            out_of_town=self.out_of_town,
            unworn=self.unworn,
            equivalent_available=self.equivalent,
        )

    def fields(self) -> list[tuple[str, str]]:
        """The checked inputs as form fields, replayed by the attach form and links back to the panel."""
        out = [("sb", "1"), ("sb_class", self.class_id)]
        if self.price is not None:
            out.append(("sb_price", str(self.price)))
        if self.sold is not None:
            out.append(("sb_sold", self.sold.isoformat()))
        for fault in self.faults:
            out.append(("sb_fault", fault.id))
            if fault.measure is not None:
                out.append((f"sb_measure_{fault.id}", str(fault.measure)))
            if fault.prior_repairs_for_same_fault:
                out.append((f"sb_repairs_{fault.id}", str(fault.prior_repairs_for_same_fault)))
        out += [
            (name, "1")
            for name, on in (
                ("sb_out_of_town", self.out_of_town),
                ("sb_unworn", self.unworn),
                ("sb_equivalent", self.equivalent),
            )
            if on
        ]
        return out


def read_input(form: Any, ticket: Ticket, book: RuleBook) -> PanelInput:
    """`form` is a MultiDict (query or POST body); unknown classes and faults are dropped, never trusted."""
    submitted = _one(form, "sb") == "1"
    data = PanelInput(submitted=submitted)
    class_id = _one(form, "sb_class")
    if class_id and book.product_class(class_id) is not None:
        data.class_id = class_id
    elif submitted:
        data.problems.append(Problem("class"))
    else:
        data.class_id = guess_class(ticket, book)
    data.price = _price(form, ticket, data)
    data.sold = _sold(form, ticket, data)
    if submitted:
        data.out_of_town = _one(form, "sb_out_of_town") == "1"
        data.unworn = _one(form, "sb_unworn") == "1"
        data.equivalent = _one(form, "sb_equivalent") == "1"
    data.faults = _faults(form, book, data)
    return data


def guess_class(ticket: Ticket, book: RuleBook) -> str:
    """The class an alias in the product reference (else the description) names, when exactly one does."""
    for text in (ticket.reference, ticket.description[:2000]):
        found = book.classify(text or "")
        if found is not None:
            return found.id
    return ""


def _one(form: Any, name: str) -> str:
    value = form.get(name, "")
    return value.strip()[:64] if isinstance(value, str) else ""


def _price(form: Any, ticket: Ticket, data: PanelInput) -> Decimal | None:
    raw = _one(form, "sb_price").replace(",", "").replace("¥", "").replace("元", "")
    if not raw:
        fallback = ticket.price if ticket.price is not None else ticket.amount
        if fallback is None and data.submitted:
            data.problems.append(Problem("price"))
        return None if fallback is None else Decimal(fallback)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value >= MAX_PRICE:
        data.problems.append(Problem("price"))
        return None
    return value.quantize(Decimal("0.01"))


def _sold(form: Any, ticket: Ticket, data: PanelInput) -> date | None:
    raw = _one(form, "sb_sold")
    if not raw:
        if ticket.purchase_date is None and data.submitted:
            data.problems.append(Problem("sold"))
        return ticket.purchase_date
    try:
        return date.fromisoformat(raw)
    except ValueError:
        data.problems.append(Problem("sold"))
        return None


def _faults(form: Any, book: RuleBook, data: PanelInput) -> list[Fault]:
    ids = form.getall("sb_fault", []) if hasattr(form, "getall") else []
    known = list(dict.fromkeys(i for i in ids if isinstance(i, str) and book.fault(i) is not None))
    if len(known) > MAX_FAULTS:
        data.problems.append(Problem("too_many_faults", {"count": MAX_FAULTS}))
        known = known[:MAX_FAULTS]
    faults = []
    for fault_id in known:
        fault_type = book.fault(fault_id)
        assert fault_type is not None
        measure = None
        if fault_type.is_measured:
            measure = _measure(_one(form, f"sb_measure_{fault_id}"))
            if measure is None:
                data.problems.append(Problem("measure", {"fault_id": fault_id}))
        repairs = _repairs(_one(form, f"sb_repairs_{fault_id}"), data)
        faults.append(Fault(fault_id, measure=measure, prior_repairs_for_same_fault=repairs))
    return faults


def _measure(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value < MAX_MEASURE else None


def _repairs(raw: str, data: PanelInput) -> int:
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > 99:
        data.problems.append(Problem("prior_repairs"))
        return 0
    return int(raw)
