"""A 三包 verdict on a ticket: set next to the customer's demand, and attached as the proposed remedy.

The remedy is evaluated again on the server when it is attached, so what is recorded is what the rules in
force say today, never amounts a browser sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from models import lifecycle
from models.approval import Approval
from models.enums import Demand
from models.errors import ValidationFailed
from models.lifecycle import Actor
from models.sanbao.errors import InvalidPurchase
from models.sanbao.evaluate import Purchase, Remedy, Verdict, evaluate
from models.sanbao.messages import Text, render
from models.sanbao.rulebook import RemedyKind, RuleBook
from models.ticket import Ticket

DEMAND_REMEDY: dict[str, RemedyKind] = {
    Demand.RETURN: RemedyKind.REFUND,
    Demand.EXCHANGE: RemedyKind.EXCHANGE,
    Demand.REPAIR: RemedyKind.REPAIR,
}


@dataclass(frozen=True)
class DemandCheck:
    """What the customer asked for, and whether the rules grant that remedy today."""

    demand: str
    asked: RemedyKind | None  # None: the demand is not a 三包 remedy (apology, compensation, other)
    allowed: bool


def judge(book: RuleBook, purchase: Purchase, today: date) -> Verdict:
    """evaluate() with its refusals as ValidationFailed, the error the edges already translate."""
    try:
        return evaluate(book, purchase, today)
    except InvalidPurchase as exc:
        raise ValidationFailed("sanbao", str(exc)) from None


def check_demand(demand: str, verdict: Verdict) -> DemandCheck:
    asked = DEMAND_REMEDY.get(demand)
    return DemandCheck(str(demand), asked, asked is not None and verdict.remedy(asked) is not None)


def remedy_value(remedy: Remedy, price: Decimal) -> Decimal | None:
    """What the desk gives away, compared with the approval threshold.

    A refund is the money returned; an exchange hands over a new item worth the price less the
    depreciation the customer pays; a repair has no amount.
    """
    if remedy.kind is RemedyKind.REFUND:
        return remedy.customer_receives
    if remedy.kind is RemedyKind.EXCHANGE:
        return max(price - remedy.customer_pays, Decimal("0.00")).quantize(Decimal("0.01"))
    return None


def remedy_record(
    verdict: Verdict, remedy: Remedy, purchase: Purchase, *, rules_sha256: str = ""
) -> dict[str, Any]:
    """JSON-safe record of the decision: the facts judged, the rule applied and the money."""
    return {
        "source": "sanbao",
        "kind": remedy.kind.value,
        "rule_id": remedy.rule_id,
        "product_class": purchase.product_class,
        "faults": [
            {
                "id": fault.id,
                "measure": None if fault.measure is None else str(fault.measure),
                "prior_repairs": fault.prior_repairs_for_same_fault,
            }
            for fault in purchase.faults
        ],
        "price": str(purchase.price),
        "sale_date": purchase.sale_date.isoformat(),
        "today": verdict.today.isoformat(),
        "days_since_sale": verdict.days_since_sale,
        "out_of_town": purchase.out_of_town,
        "unworn": purchase.unworn,
        "equivalent_available": purchase.equivalent_available,
        "customer_pays": str(remedy.customer_pays),
        "customer_receives": str(remedy.customer_receives),
        "depreciation": str(remedy.depreciation),
        "depreciation_waived": remedy.depreciation_waived,
        "open_until": remedy.open_until.isoformat() if remedy.open_until else None,
        "repair_within_days": remedy.repair_within_days,
        "explanation": remedy.explanation,
        "explanation_en": remedy.explanation_en,
        "rules_sha256": rules_sha256,
    }


def summary_text(remedy: Remedy) -> Text:
    return render(
        "proposal",
        kind=render(f"kind.{remedy.kind.value}"),
        explanation=Text(remedy.explanation, remedy.explanation_en),
    )


async def propose(
    ticket: Ticket,
    book: RuleBook,
    purchase: Purchase,
    kind: RemedyKind | str,
    actor: Actor,
    now: datetime,
    *,
    today: date,
    threshold: Decimal,
    rules_sha256: str = "",
) -> Approval | None:
    """Attach the open remedy `kind` as the ticket's proposed remedy (a REMEDY event).

    Above the approval threshold a supervisor's approval is requested, as for any remedy.
    """
    verdict = judge(book, purchase, today)
    try:
        kind = RemedyKind(kind)
    except ValueError:
        raise ValidationFailed("remedy", "invalid") from None
    remedy = verdict.remedy(kind) if kind is not RemedyKind.NONE else None
    if remedy is None:
        raise ValidationFailed("remedy", "not_open")
    return await lifecycle.propose_remedy(
        ticket,
        summary_text(remedy).zh,
        actor,
        now,
        amount=remedy_value(remedy, purchase.price),
        threshold=threshold,
        data=remedy_record(verdict, remedy, purchase, rules_sha256=rules_sha256),
    )
