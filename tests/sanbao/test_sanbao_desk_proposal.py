"""Attaching a 三包 remedy to a ticket: a REMEDY event with the decision, approval above the threshold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.approval import Approval, ApprovalDecision, ApprovalKind
from models.enums import Demand, EventKind
from models.errors import ValidationFailed
from models.event import TicketEvent
from models.lifecycle import Actor
from models.sanbao import Fault, Purchase, RemedyKind, default_rules
from models.sanbao.proposal import check_demand, judge, propose

TODAY = date(2026, 11, 16)  # the clock fixture's local date
SOLD = date(2026, 11, 6)  # 10 days before


def broken_sole(price: str = "800.00", **kwargs) -> Purchase:
    return Purchase("leather_shoes", Decimal(price), SOLD, (Fault("sole_broken"),), **kwargs)


async def test_a_refund_above_the_threshold_is_recorded_and_sent_for_approval(
    db, clock, make_ticket, make_staff
):
    ticket = await make_ticket()
    handler = await make_staff("li")

    approval = await propose(
        ticket,
        default_rules(),
        broken_sole(),
        "refund",
        Actor(staff=handler),
        clock.now(),
        today=TODAY,
        threshold=Decimal(500),
        rules_sha256="abc",
    )

    event = await TicketEvent.get(ticket=ticket, kind=EventKind.REMEDY)
    detail = event.data["detail"]
    assert event.data["amount"] == "760.00"  # 800 less 0.5 % a day × 10 days
    assert (detail["kind"], detail["rule_id"], detail["customer_receives"]) == (
        "refund",
        "shoes_broken_sole_or_upper",
        "760.00",
    )
    assert detail["open_until"] == "2027-02-06" and detail["rules_sha256"] == "abc"
    assert event.body.startswith("三包建议：退货。")
    assert event.actor_id == handler.id
    assert approval is not None
    stored = await Approval.get(ticket=ticket)
    assert (stored.kind, stored.decision, stored.amount) == (
        ApprovalKind.REMEDY,
        ApprovalDecision.PENDING,
        Decimal("760.00"),
    )


async def test_a_repair_needs_no_approval(db, clock, make_ticket, make_staff):
    ticket = await make_ticket()
    purchase = Purchase("leather_shoes", Decimal("800"), SOLD, (Fault("heel_off"),))

    approval = await propose(
        ticket,
        default_rules(),
        purchase,
        "repair",
        Actor(staff=await make_staff("li")),
        clock.now(),
        today=TODAY,
        threshold=Decimal(500),
    )

    assert approval is None
    assert await Approval.filter(ticket=ticket).count() == 0
    event = await TicketEvent.get(ticket=ticket, kind=EventKind.REMEDY)
    assert event.data["amount"] is None and event.data["detail"]["repair_within_days"] == 7


async def test_an_exchange_is_weighed_by_the_value_handed_over(db, clock, make_ticket, make_staff):
    ticket = await make_ticket()

    approval = await propose(
        ticket,
        default_rules(),
        broken_sole("300.00"),
        "exchange",
        Actor(staff=await make_staff("li")),
        clock.now(),
        today=TODAY,
        threshold=Decimal(250),
    )

    event = await TicketEvent.get(ticket=ticket, kind=EventKind.REMEDY)
    assert event.data["detail"]["customer_pays"] == "9.00"  # 0.3 % a day × 10 days
    assert event.data["amount"] == "291.00"
    assert approval is not None


async def test_a_remedy_the_rules_do_not_open_cannot_be_attached(db, clock, make_ticket, make_staff):
    ticket = await make_ticket()
    heel_off = Purchase("leather_shoes", Decimal("800"), SOLD, (Fault("heel_off"),))

    with pytest.raises(ValidationFailed) as refused:
        await propose(
            ticket,
            default_rules(),
            heel_off,
            RemedyKind.REFUND,
            Actor(staff=await make_staff("li")),
            clock.now(),
            today=TODAY,
            threshold=Decimal(500),
        )

    assert refused.value.message == "not_open"
    assert await TicketEvent.filter(ticket=ticket, kind=EventKind.REMEDY).count() == 0


def test_the_customer_demand_is_set_against_what_the_rules_allow():
    verdict = judge(
        default_rules(), Purchase("leather_shoes", Decimal("800"), SOLD, (Fault("heel_off"),)), TODAY
    )

    assert check_demand(Demand.REPAIR, verdict).allowed
    refund = check_demand(Demand.RETURN, verdict)
    assert refund.asked is RemedyKind.REFUND and not refund.allowed
    assert check_demand(Demand.APOLOGY, verdict).asked is None


def test_a_purchase_the_rules_cannot_judge_is_a_validation_failure():
    with pytest.raises(ValidationFailed) as refused:
        judge(default_rules(), Purchase("spaceships", Decimal("1"), SOLD), TODAY)
    assert "unknown product class 'spaceships'" in refused.value.message
