"""Fixtures of the 三包 desk tests: a firm's rules file, a shoe complaint, staff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kesu.clock import FrozenClock
from models.customer import customer_for_chat
from models.enums import Channel, Demand, Role
from models.lifecycle import file_ticket
from models.record import ComplaintRecord
from models.staff import Department, Staff
from models.ticket import Ticket

TZ = ZoneInfo("Asia/Shanghai")

# A firm that sells hiking boots only: its own class, rates and glue threshold.
FIRM_RULES = """
[policy]
exchange_rate_per_day = 0.2
refund_rate_per_day = 1
repair_turnaround_days = 3

[[classes]]
id = "hiking_boots"
zh = "登山靴"
en = "hiking boots"
window_months = 6
aliases = ["登山靴"]

[[faults]]
id = "glue_open"
zh = "开胶"
en = "glue open"
unit = "cm"

[[rules]]
id = "boots_glue_small"
zh = "开胶3厘米以内包修"
en = "glue open up to 3 cm is repaired"
applies_to = ["hiking_boots"]
faults = ["glue_open"]
measure_at_most = 3
remedies = ["repair"]

[[rules]]
id = "boots_glue_large"
zh = "开胶超过3厘米可换可退"
en = "glue open over 3 cm is exchanged or refunded"
applies_to = ["hiking_boots"]
faults = ["glue_open"]
measure_more_than = 3
remedies = ["exchange", "refund"]
"""


@pytest.fixture
def firm_rules() -> str:
    return FIRM_RULES


@pytest.fixture
def make_ticket(db, clock):
    async def make(**kwargs) -> Ticket:
        return await shoe_ticket(clock, **kwargs)

    return make


@pytest.fixture
def make_staff(db):
    return staff


async def shoe_ticket(
    clock: FrozenClock,
    *,
    price: str | None = "800.00",
    sold: date | None = date(2026, 11, 6),
    demand: Demand = Demand.RETURN,
    department: Department | None = None,
    chat: str = "2001",
) -> Ticket:
    customer = await customer_for_chat(Channel.TELEGRAM, chat)
    record = ComplaintRecord(
        description="新买的皮鞋鞋底断了",
        customer_name="王五",
        phone="+8613812345678",
        reference="真皮鞋 A-17",
        purchase_date=sold,
        demand=demand,
        price=Decimal(price) if price is not None else None,
    )
    ticket = await file_ticket(
        record,
        customer=customer,
        channel=Channel.TELEGRAM,
        chat_id=chat,
        now=clock.now(),
        tz=TZ,
        suggestion={"category": "product_quality", "severity": "C", "keywords": [], "confidence": 0.9},
    )
    if department is not None:
        ticket.department = department
        await ticket.save(update_fields=["department_id"])
    return ticket


async def staff(username: str, role: Role = Role.HANDLER, department: Department | None = None) -> Staff:
    return await Staff.create(username=username, display_name=username, role=role, department=department)


# The back office's own fixtures (engineer D): the app on a loopback server, a desk of staff, sign-in.
from tests.backoffice.conftest import (  # noqa: E402, F401
    Desk,
    app,
    client,
    csrf_of,
    desk,
    login,
    post_form,
)
