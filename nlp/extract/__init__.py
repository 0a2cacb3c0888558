"""Fields the intake dialogue pre-fills from the customer's first message."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from nlp.extract.amounts import Amount, find_amounts
from nlp.extract.dates import FoundDate, find_dates, purchase_date
from nlp.extract.demand import find_demands
from nlp.extract.identifiers import Identifier, find_identifiers
from nlp.extract.phones import Phone, find_phones, phone_spans
from nlp.text import to_simplified

__all__ = [
    "Amount",
    "Extracted",
    "FoundDate",
    "Identifier",
    "Phone",
    "extract",
    "find_amounts",
    "find_dates",
    "find_demands",
    "find_identifiers",
    "find_phones",
    "purchase_date",
]


@dataclass(frozen=True)
class Extracted:
    phones: tuple[Phone, ...]
    identifiers: tuple[Identifier, ...]
    amounts: tuple[Amount, ...]
    dates: tuple[FoundDate, ...]
    purchase_date: date | None
    demands: tuple[str, ...]

    @property
    def demand(self) -> str | None:
        """The first demand stated: the intake form holds one."""
        return self.demands[0] if self.demands else None

    @property
    def amount(self) -> Decimal | None:
        """The largest amount mentioned: usually the price or the sum in dispute."""
        return max((a.value for a in self.amounts), default=None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["amounts"] = [{"value": str(a.value), "raw": a.raw} for a in self.amounts]
        data["dates"] = [{"value": d.value.isoformat(), "raw": d.raw} for d in self.dates]
        data["purchase_date"] = self.purchase_date.isoformat() if self.purchase_date else None
        data["demand"] = self.demand
        data["amount"] = str(self.amount) if self.amount is not None else None
        return data


def extract(text: str, *, today: date) -> Extracted:
    """Pre-fill values found in `text`; `today` anchors relative dates (昨天, 3号, 11月25日)."""
    text = to_simplified(text)
    phones = phone_spans(text)
    return Extracted(
        phones=find_phones(text),
        identifiers=find_identifiers(text, exclude=phones),
        amounts=find_amounts(_outside(text, phones)),
        dates=find_dates(_outside(text, phones), today=today),
        purchase_date=purchase_date(_outside(text, phones), today=today),
        demands=find_demands(text),
    )


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    # Blank out phone numbers (same length, so offsets hold) so their digits are not read as money or dates.
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text
