"""`kesu demo`: a realistic demo desk — departments, routing, staff, canned replies, the holiday calendar,
and about fifty Chinese complaints in every state of the process.

Every complaint is filed and worked through models.lifecycle and models.revisit with a clock set back in
time, so numbers, events, deadlines, surveys and approvals are the real thing. The texts live in
kesu/demo_data/*.toml. Loading twice is refused politely: the first load leaves a JobRun mark, and a desk
that already has tickets of its own is never mixed with demo data.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError

from kesu import db
from kesu.clock import SystemClock
from kesu.settings import Settings
from models import lifecycle, revisit, sweeps
from models.approval import ApprovalKind
from models.config import CannedReply, CategoryRoute, JobRun
from models.customer import ChannelIdentity, Customer, customer_for_chat
from models.enums import (
    Category,
    Channel,
    CloseReason,
    ComplaintType,
    Demand,
    OutboxState,
    Role,
    RootCause,
    Severity,
    Validity,
)
from models.holidays import seed_holidays
from models.investigation import ActionKind
from models.outbox import OutboxMessage
from models.record import ComplaintRecord
from models.staff import Department, Staff, hash_password
from models.survey import Survey
from models.ticket import Ticket

DATA = Path(__file__).parent / "demo_data"
MARK = "demo:loaded"
APPROVAL_THRESHOLD = Decimal("500")

# How long ago each fate's complaints were filed (hours), so open work is recent and closed work older.
AGES: dict[str, tuple[float, float]] = {
    "new": (0.3, 60),
    "in_progress": (5, 130),
    "resolved": (40, 180),
    "reopened": (140, 340),
    "closed_satisfied": (120, 1400),
    "closed_no_response": (200, 1300),
    "invalid": (200, 1000),
    "major": (200, 700),
}
FRESH_NEW = 2
ROOT_CAUSES = {
    "product_quality": [RootCause.MATERIAL, RootCause.METHOD, RootCause.APPEARANCE, RootCause.DESIGN],
    "delivery_logistics": [RootCause.PACKAGING, RootCause.SERVICE],
    "after_sales_repair": [RootCause.SERVICE, RootCause.METHOD],
    "facilities": [RootCause.ENVIRONMENT],
}


@dataclass
class DemoResult:
    tickets: int = 0
    skipped: str = ""  # why nothing was loaded
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, role)


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


async def load_demo(settings: Settings) -> int:
    """The `kesu demo` command: migrate, load, print the logins."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with db.database(settings.database_url):
        result = await seed_demo(settings.timezone, now=SystemClock().now())
    if result.skipped:
        print(f"kesu demo: {result.skipped}")
    else:
        print(f"kesu demo: loaded {result.tickets} complaints, 5 departments and {len(result.logins)} staff")
    if result.logins:
        print("Demo logins (username / password / role):")
        for username, password, role in result.logins:
            print(f"  {username:<12} {password:<16} {role}")
    return 0


def demo_logins() -> list[tuple[str, str, str]]:
    return [(s["username"], s["password"], s["role"]) for s in _load("desk.toml")["staff"]]


async def seed_demo(tz: ZoneInfo, *, now: datetime, seed: int = 2026) -> DemoResult:
    if await JobRun.exists(key=MARK):
        return DemoResult(skipped="demo data is already loaded", logins=demo_logins())
    if await Ticket.exists():
        return DemoResult(skipped="this desk already has complaints of its own; demo data is not mixed in")
    try:
        await JobRun.create(key=MARK, started_at=now)
    except IntegrityError:  # another `kesu demo` got there first
        return DemoResult(skipped="demo data is already being loaded", logins=demo_logins())
    desk = _load("desk.toml")
    await seed_holidays()
    departments = await _departments(desk)
    staff = await _staff(desk, departments)
    for reply in desk["canned"]:
        await CannedReply.get_or_create(title=reply["title"], defaults={"body": reply["body"]})
    demo = _Demo(tz=tz, now=now, rng=random.Random(seed), text=desk["text"], roots=desk["root_detail"])
    demo.staff = staff
    demo.handlers = {s.department_id: s for s in staff.values() if s.role == Role.HANDLER}
    plan = demo.schedule(_load("complaints.toml")["complaint"])
    for filed_at, item in plan:
        await demo.play(item, filed_at)
    # The deadline sweeper catches up to now: missed deadlines of open complaints become overdue.
    while await sweeps.run_due(now, tz=tz):
        pass
    # The demo chats are not real: what the desk "sent" them is history, not work for the sender.
    await OutboxMessage.filter(state=OutboxState.PENDING).update(state=OutboxState.SENT, sent_at=now)
    await JobRun.filter(key=MARK).update(finished_at=now, result={"tickets": len(plan)})
    return DemoResult(tickets=len(plan), logins=demo_logins())


async def _departments(desk: dict[str, Any]) -> dict[str, Department]:
    departments = {}
    for name in desk["departments"]:
        departments[name], _ = await Department.get_or_create(name=name)
    for category, name in desk["routes"].items():
        await CategoryRoute.update_or_create(
            category=Category(category), defaults={"department": departments[name]}
        )
    return departments


async def _staff(desk: dict[str, Any], departments: dict[str, Department]) -> dict[str, Staff]:
    staff = {}
    for row in desk["staff"]:
        member = await Staff.get_or_none(username=row["username"])
        if member is None:  # an existing account keeps its own password
            member = await Staff.create(
                username=row["username"],
                display_name=row["name"],
                password_hash=hash_password(row["password"]),
                role=Role(row["role"]),
                department=departments.get(row.get("department", "")),
            )
        staff[row["username"]] = member
    return staff


def _suggest(text: str, category: str, severity: str) -> dict[str, Any]:
    """The classifier's suggestion when it is installed; otherwise the demo's own answer."""
    try:
        from nlp import classify
    except ImportError:
        return {"category": category, "severity": severity, "keywords": [], "confidence": 1.0}
    return classify(text).to_dict()


@dataclass
class _Demo:
    tz: ZoneInfo
    now: datetime
    rng: random.Random
    text: dict[str, Any]
    roots: dict[str, str]
    staff: dict[str, Staff] = field(default_factory=dict)
    handlers: dict[int | None, Staff] = field(default_factory=dict)

    def schedule(self, items: list[dict[str, Any]]) -> list[tuple[datetime, dict[str, Any]]]:
        """A filing time for each complaint, oldest first (the sweeps then see a consistent past)."""
        plan = []
        fresh = FRESH_NEW
        for item in items:
            lo, hi = AGES[item["fate"]]
            if item["fate"] == "new" and fresh:  # a couple just in, their first contact not yet due
                fresh -= 1
                lo, hi = 0.1, 1.0
            filed = self.now - timedelta(hours=item.get("age") or self.rng.uniform(lo, hi))
            local = filed.astimezone(self.tz)
            if local.hour < 8 and lo > 1:  # people complain in the daytime and the evening
                filed += timedelta(hours=8 - local.hour + self.rng.uniform(0, 3))
            plan.append((min(filed, self.now - timedelta(minutes=5)), item))
        return sorted(plan, key=lambda pair: pair[0])

    def pick(self, key: str) -> str:
        return self.rng.choice(self.text[key])

    # --- one complaint ---------------------------------------------------------------------------

    async def play(self, item: dict[str, Any], filed: datetime) -> None:
        ticket = await self._file(item, filed)
        fate = item["fate"]
        handler = self.handlers.get(ticket.department_id) or self.staff["lina"]
        me = lifecycle.Actor(staff=handler)
        if fate == "new":
            return
        t = filed + timedelta(minutes=self.rng.uniform(2, 25))
        if item["severity"] == "A":
            t = filed + timedelta(minutes=self.rng.uniform(2, 6))
        t = min(t, self.now - timedelta(minutes=4))
        await lifecycle.classify(
            ticket, Category(item["category"]), Severity(item["severity"]), me, t, tz=self.tz
        )
        await lifecycle.take_over(ticket, me, t)
        if item["severity"] == "A":
            await lifecycle.add_note(ticket, self.text["major_note"], me, t)
        t = await self._first_contact(ticket, item, me, t)
        if fate != "invalid":
            await lifecycle.set_validity(ticket, Validity.VALID, "", me, t)
        if self.rng.random() < 0.5:
            await lifecycle.add_note(ticket, self.pick("note"), me, self._later(t, 0.2, 2))
        if fate == "in_progress":
            await self._in_progress_extras(ticket, item, me, t)
            return
        if fate == "invalid":
            await self._invalid(ticket, item, me, t)
            return
        t = await self._propose(ticket, item, me, t)
        await self._investigate(ticket, item, me, t)
        await self._resolve_and_revisit(ticket, item, me, t, filed)

    async def _file(self, item: dict[str, Any], filed: datetime) -> Ticket:
        channel = Channel(item["channel"])
        customer, chat_id = await self._customer(item, channel)
        record = ComplaintRecord(
            description=item["text"],
            customer_name=item["name"],
            phone=item["phone"],
            reference=item.get("reference", ""),
            complaint_type=ComplaintType(item.get("type", "other")),
            demand=Demand(item.get("demand", "other")),
            amount=Decimal(str(item["amount"])) if "amount" in item else None,
            price=Decimal(str(item["price"])) if "price" in item else None,
        )
        clerk = None if channel.is_chat else self.staff["lina"]
        return await lifecycle.file_ticket(
            record,
            customer=customer,
            channel=channel,
            chat_id=chat_id,
            now=filed,
            tz=self.tz,
            suggestion=_suggest(item["text"], item["category"], item["severity"]),
            entered_by=clerk,
        )

    async def _customer(self, item: dict[str, Any], channel: Channel) -> tuple[Customer, str]:
        digits = item["phone"][-8:]
        if channel is Channel.TELEGRAM:
            chat_id = f"7{digits}"
        elif channel is Channel.WEBCHAT:
            chat_id = f"web-{digits}"
        else:
            chat_id = ""
        if chat_id:
            known = await Customer.filter(phone=item["phone"]).first()
            if known is not None:  # the same person on another channel: one customer
                await ChannelIdentity.get_or_create(
                    customer=known, channel=channel, external_id=chat_id, defaults={}
                )
                return known, chat_id
            return await customer_for_chat(channel, chat_id), chat_id
        customer = await Customer.filter(phone=item["phone"]).first()
        return customer or await Customer.create(name=item["name"], phone=item["phone"]), chat_id

    def _later(self, t: datetime, lo_hours: float, hi_hours: float) -> datetime:
        return min(t + timedelta(hours=self.rng.uniform(lo_hours, hi_hours)), self.now - timedelta(minutes=3))

    async def _first_contact(
        self, ticket: Ticket, item: dict[str, Any], me: lifecycle.Actor, t: datetime
    ) -> datetime:
        # Mostly within the promise, sometimes late: the on-time rate should look like a real desk's.
        hours = {"A": (0.02, 0.2), "B": (0.1, 1.0), "C": (0.3, 5.5), "D": (0.5, 10)}[item["severity"]]
        t = self._later(t, *hours)
        if Channel(item["channel"]).is_chat:
            await lifecycle.staff_reply(ticket, self.pick("first_reply"), me, t)
        else:
            await lifecycle.log_contact(ticket, self.pick("contact"), me, t, method="phone")
        return t

    async def _propose(
        self, ticket: Ticket, item: dict[str, Any], me: lifecycle.Actor, t: datetime
    ) -> datetime:
        t = self._later(t, 1, 20 if item["severity"] in "CD" else 3)
        amount = Decimal(str(item["amount"])) if "amount" in item else None
        if item["fate"] == "major" and amount is not None:
            approval = await lifecycle.propose_remedy(
                ticket, self.text["remedy"], me, t, amount=amount, threshold=APPROVAL_THRESHOLD
            )
            if approval is not None:
                chief = lifecycle.Actor(staff=self.staff["supervisor"])
                await lifecycle.decide_approval(
                    approval, True, chief, t + timedelta(minutes=20), self.text["approve_note"]
                )
        else:
            await lifecycle.log_contact(ticket, self.pick("proposal"), me, t, accepted=True, proposal=True)
        return t

    async def _investigate(
        self, ticket: Ticket, item: dict[str, Any], me: lifecycle.Actor, t: datetime
    ) -> None:
        causes = ROOT_CAUSES.get(item["category"], [RootCause.SERVICE])
        cause = self.rng.choice(causes)
        await lifecycle.set_root_cause(ticket, cause, self.roots[cause.value], me, t)
        if item["fate"] == "major" or self.rng.random() < 0.4:
            await lifecycle.add_action(
                ticket,
                ActionKind.CORRECTIVE,
                self.pick("corrective"),
                me,
                t,
                owner=me.staff,
                due_date=(t + timedelta(days=14)).astimezone(self.tz).date(),
            )

    async def _in_progress_extras(
        self, ticket: Ticket, item: dict[str, Any], me: lifecycle.Actor, t: datetime
    ) -> None:
        amount = Decimal(str(item["amount"])) if "amount" in item else None
        if amount is not None and amount > APPROVAL_THRESHOLD:
            t = self._later(t, 0.5, 3)
            approval = await lifecycle.propose_remedy(
                ticket, self.pick("proposal"), me, t, amount=amount, threshold=APPROVAL_THRESHOLD
            )
            if approval is not None and item["severity"] != "A" and self.rng.random() < 0.5:
                chief = lifecycle.Actor(staff=self.staff["supervisor"])
                await lifecycle.decide_approval(
                    approval, True, chief, self._later(t, 0.2, 2), self.text["approve_note"]
                )

    async def _invalid(self, ticket: Ticket, item: dict[str, Any], me: lifecycle.Actor, t: datetime) -> None:
        t = self._later(t, 0.5, 6)
        await lifecycle.set_validity(ticket, Validity.INVALID, item["reason"], me, t)
        await lifecycle.set_root_cause(ticket, RootCause.MISUSE, self.roots["misuse"], me, t)
        t = self._later(t, 1, 24)
        await lifecycle.resolve(ticket, item["reason"], me, t, tz=self.tz)
        await self._revisit(ticket, item, me, self._later(t, 0.5, 3), satisfied=True, rating=3)

    async def _resolve_and_revisit(
        self, ticket: Ticket, item: dict[str, Any], me: lifecycle.Actor, t: datetime, filed: datetime
    ) -> None:
        fate = item["fate"]
        if fate == "resolved":
            t = self.now - timedelta(hours=self.rng.uniform(2, 18))
        elif fate == "reopened":
            t = self.now - timedelta(hours=self.rng.uniform(60, 110))
        else:
            t = self._later(t, 2, 48 if item["severity"] in "CD" else 12)
        t = max(t, filed + timedelta(hours=1))
        await lifecycle.resolve(ticket, self.pick("resolve"), me, t, tz=self.tz)
        answer_at = t + timedelta(hours=self.rng.uniform(0.3, 6))
        if fate == "resolved":
            return  # the revisit is under way: survey asked, no answer yet
        if fate == "closed_no_response":
            await self._silence(ticket, t)
            return
        if fate == "reopened":
            await self._revisit(ticket, item, me, answer_at, satisfied=False, rating=self.rng.choice([1, 2]))
            ticket = await Ticket.get(id=ticket.id)
            if Channel(item["channel"]).is_chat:
                await lifecycle.staff_reply(
                    ticket, self.text["reopen_reply"], me, answer_at + timedelta(minutes=30)
                )
            return
        await self._revisit(ticket, item, me, answer_at, satisfied=True, rating=int(item.get("rating", 5)))
        if fate == "major":
            ticket = await Ticket.get(id=ticket.id)
            closing = await lifecycle.request_approval(ticket, ApprovalKind.CLOSE_MAJOR, me, answer_at)
            chief = lifecycle.Actor(staff=self.staff["supervisor"])
            await lifecycle.decide_approval(
                closing, True, chief, answer_at + timedelta(hours=1), self.text["close_note"]
            )

    async def _revisit(
        self,
        ticket: Ticket,
        item: dict[str, Any],
        me: lifecycle.Actor,
        at: datetime,
        *,
        satisfied: bool,
        rating: int,
    ) -> None:
        at = min(at, self.now - timedelta(minutes=2))
        comment = item.get("comment", "" if satisfied else self.text["unsatisfied_comment"])
        ticket = await Ticket.get(id=ticket.id)
        survey = await Survey.filter(ticket=ticket).order_by("-round").first()
        if survey is None or not Channel(ticket.channel).is_chat:
            await revisit.record_staff_revisit(
                ticket, me, at, tz=self.tz, satisfied=satisfied, rating=rating, comment=comment
            )
            return
        channel, chat = Channel(ticket.channel), ticket.chat_id
        await revisit.on_button(
            channel, chat, f"sv:{survey.id}:{'yes' if satisfied else 'no'}", now=at, tz=self.tz
        )
        await revisit.on_button(
            channel, chat, f"sv:{survey.id}:r{rating}", now=at + timedelta(minutes=1), tz=self.tz
        )
        survey = await Survey.get(id=survey.id)
        if comment:
            await revisit.on_comment(survey, comment, now=at + timedelta(minutes=2))
        else:
            await revisit.on_button(
                channel, chat, f"sv:{survey.id}:skip", now=at + timedelta(minutes=2), tz=self.tz
            )

    async def _silence(self, ticket: Ticket, resolved_at: datetime) -> None:
        """The customer never answers: one reminder after a day, closed as "no response" after three."""
        if not Channel(ticket.channel).is_chat:
            await lifecycle.close(
                ticket, CloseReason.NO_RESPONSE, lifecycle.SYSTEM, resolved_at + revisit.EXPIRE_AFTER
            )
            return
        # Never sweep past "now": that would answer for surveys that are still waiting.
        for delay in (revisit.REMIND_AFTER, revisit.EXPIRE_AFTER):
            await revisit.run_due(min(resolved_at + delay + timedelta(minutes=1), self.now), tz=self.tz)
