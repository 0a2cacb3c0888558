"""A known desk for the report tests: October 2026 (国庆 holidays, a 调休 Saturday), built with a fake clock.

Tickets are filed and handled through models.lifecycle and models.revisit so events, deadline rows and
surveys are real; only the deadline sweeper's "overdue" mark on T5 is written directly.
Every expected figure in the tests is worked out by hand in the comments below.

    T1  09-30 10:00  C  product  P   — September, outside the report
    T2  10-01 00:30  C  product  P   webchat  holiday filing; contact 02:00; proposal 10-08 15:00;
                                             resolved 10-13 10:00; satisfied 5 "很满意"; closed
    T3  10-09 17:00  B  service  P   telegram contact 18:00 (late); proposal 10-11 10:00 (late: 10-10 is
                                             a make-up workday); resolved 10-11 12:00; unsatisfied 2 →
                                             reopened; round 1 proposal 10-13 10:00 (late, due 09:00);
                                             resolved 10-13 11:00; no response → closed
    T4  10-12 09:00  A  product  Q   phone    contact 09:05; remedy 12:00 (¥800, approved);
                                             resolved 10-13 10:00 (late, due 09:00); satisfied 3; closed
    T5  10-20 14:00  D  billing  R   email    never handled; first contact marked overdue by the sweeper
    T6  10-31 23:30  C  delivery S   webchat  replied 11-01 09:10 (late); still in progress
    T7  11-01 00:10  D  other    S   webchat  November in Shanghai (still October in UTC) — outside
    T8  10-15 10:00  C  product  Q   visit    invalid; contact 11:00; resolved 10-16 10:00; satisfied 4
    T9  11-04 09:30  C  product  U   phone    filed just before the report: open, not overdue

The report is taken at 11-04 10:00 Shanghai time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kesu.clock import FrozenClock
from models import revisit
from models.approval import ApprovalKind
from models.config import CategoryRoute
from models.customer import Customer
from models.deadline import Deadline, Holiday
from models.enums import (
    Category,
    Channel,
    DeadlineKind,
    DeadlineState,
    Role,
    RootCause,
    Severity,
    Validity,
)
from models.lifecycle import (
    Actor,
    decide_approval,
    file_ticket,
    log_contact,
    propose_remedy,
    request_approval,
    resolve,
    set_root_cause,
    set_validity,
    staff_reply,
    take_over,
)
from models.record import ComplaintRecord
from models.staff import Department, Staff
from models.survey import Survey
from models.ticket import Ticket

TZ = ZoneInfo("Asia/Shanghai")
REPORT_NOW = datetime(2026, 11, 4, 10, 0, tzinfo=TZ)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


@dataclass
class OctoberDesk:
    clock: FrozenClock
    quality: Department
    service: Department
    logistics: Department
    handler: Staff
    boss: Staff
    tickets: dict[str, Ticket]


async def _customer(name: str, phone: str) -> Customer:
    return await Customer.create(name=name, phone=phone)


async def _file(
    clock: FrozenClock,
    when: datetime,
    customer: Customer,
    channel: Channel,
    category: Category,
    severity: Severity,
    text: str,
) -> Ticket:
    clock.set(when)
    record = ComplaintRecord(description=text, customer_name=customer.name, phone=customer.phone)
    return await file_ticket(
        record,
        customer=customer,
        channel=channel,
        chat_id=f"chat-{customer.id}" if channel.is_chat else "",
        now=when,
        tz=TZ,
        suggestion={
            "category": category.value,
            "severity": severity.value,
            "keywords": [],
            "confidence": 0.9,
        },
    )


async def _answer_in_chat(
    ticket: Ticket, when: datetime, *, satisfied: bool, rating: int, comment: str = ""
) -> None:
    """The customer taps 满意/不满意, a rating, and maybe writes a comment (the revisit dialogue)."""
    survey = await Survey.filter(ticket=ticket).order_by("-round").first()
    channel = Channel(ticket.channel)
    answer = "yes" if satisfied else "no"
    await revisit.on_button(channel, ticket.chat_id, f"sv:{survey.id}:{answer}", now=when, tz=TZ)
    await revisit.on_button(channel, ticket.chat_id, f"sv:{survey.id}:r{rating}", now=when, tz=TZ)
    if comment:
        await revisit.on_comment(await Survey.get(id=survey.id), comment, now=when)


async def _holidays() -> None:
    for day in (1, 2, 3, 4, 5, 6, 7):
        await Holiday.create(day=date(2026, 10, day), is_workday=False, name="国庆节")
    await Holiday.create(day=date(2026, 10, 10), is_workday=True, name="国庆节调休")


@pytest.fixture
async def october(db) -> OctoberDesk:
    clock = FrozenClock(at(9, 1, 9))
    await _holidays()
    quality = await Department.create(name="质量部")
    service = await Department.create(name="客服部")
    logistics = await Department.create(name="物流部")
    for category, dept in (
        (Category.PRODUCT_QUALITY, quality),
        (Category.SERVICE_ATTITUDE, service),
        (Category.BILLING_PRICE, service),
        (Category.DELIVERY_LOGISTICS, logistics),
    ):
        await CategoryRoute.create(category=category, department=dept)
    handler = await Staff.create(username="li", display_name="李娜", role=Role.HANDLER, department=quality)
    boss = await Staff.create(username="wang", display_name="王主管", role=Role.SUPERVISOR)
    me, chief = Actor(staff=handler), Actor(staff=boss)
    p = await _customer("张伟", "+8613812345678")
    q = await _customer("刘洋", "+8613987654321")
    r = await _customer("陈静", "+8613700001111")
    s = await _customer("赵磊", "+8613600002222")
    u = await _customer("周敏", "+8613500003333")
    tickets: dict[str, Ticket] = {}

    # T1 — September, closed: must not count (its survey neither).
    t1 = tickets["T1"] = await _file(
        clock, at(9, 30, 10), p, Channel.TELEGRAM, Category.PRODUCT_QUALITY, Severity.C, "九月的投诉"
    )
    await take_over(t1, me, at(9, 30, 10, 30))
    await resolve(t1, "已处理", me, at(9, 30, 11), tz=TZ)
    await _answer_in_chat(t1, at(9, 30, 12), satisfied=True, rating=1, comment="九月")

    # T2 — filed on a holiday: working-day deadlines count from 10-08 09:00.
    t2 = tickets["T2"] = await _file(
        clock, at(10, 1, 0, 30), p, Channel.WEBCHAT, Category.PRODUCT_QUALITY, Severity.C, "电水壶漏水"
    )
    await take_over(t2, me, at(10, 1, 1))
    await staff_reply(t2, "您好，我们已收到，马上处理。", me, at(10, 1, 2))  # 5400 s, due 04:30
    await log_contact(t2, "提出换货方案", me, at(10, 8, 15), accepted=True, proposal=True)  # due 10-09 09:00
    await set_validity(t2, Validity.VALID, "", me, at(10, 8, 15))
    await set_root_cause(t2, RootCause.MATERIAL, "密封圈老化", me, at(10, 9, 10))
    await resolve(t2, "已换新", me, at(10, 13, 10), tz=TZ)  # due 10-14 09:00 (10-10 is a workday)
    await _answer_in_chat(t2, at(10, 13, 12), satisfied=True, rating=5, comment="很满意")  # closes it

    # T3 — B case, reopened once.
    t3 = tickets["T3"] = await _file(
        clock, at(10, 9, 17), p, Channel.TELEGRAM, Category.SERVICE_ATTITUDE, Severity.B, "店员态度恶劣"
    )
    await take_over(t3, me, at(10, 9, 17, 5))
    await log_contact(t3, "电话致歉", me, at(10, 9, 18))  # 3600 s, due 17:30: late
    await set_validity(t3, Validity.VALID, "", me, at(10, 9, 18))
    await set_root_cause(t3, RootCause.SERVICE, "培训不足", me, at(10, 10, 9))
    await log_contact(t3, "提出补偿方案", me, at(10, 11, 10), proposal=True)  # due 10-10 17:00 (调休): late
    await resolve(t3, "已道歉并补偿", me, at(10, 11, 12), tz=TZ)  # B: 2 days → due 10-11 17:00
    await _answer_in_chat(t3, at(10, 11, 13), satisfied=False, rating=2, comment="态度还是不好")  # reopens
    t3 = await Ticket.get(id=t3.id)
    # Round 1 starts on a Sunday: solution due 10-13 09:00, resolution (2 calendar days) 10-13 13:00.
    await log_contact(t3, "再次沟通方案", me, at(10, 13, 10), proposal=True)  # late
    await resolve(t3, "店长上门致歉", me, at(10, 13, 11), tz=TZ)  # on time; 324000 s after filing
    await revisit.run_due(at(10, 16, 11, 1), tz=TZ)  # 72 h without an answer: closed as no response

    # T4 — A case: remedy above the threshold, close approval, resolution an hour late.
    t4 = tickets["T4"] = await _file(
        clock, at(10, 12, 9), q, Channel.PHONE, Category.PRODUCT_QUALITY, Severity.A, "充电器冒烟起火"
    )
    await take_over(t4, me, at(10, 12, 9, 1))
    await log_contact(t4, "电话安抚", me, at(10, 12, 9, 5))  # 300 s, due 09:10
    await set_validity(t4, Validity.VALID, "", me, at(10, 12, 9, 30))
    approval = await propose_remedy(
        t4, "赔偿800元", me, at(10, 12, 12), amount=Decimal("800"), threshold=Decimal("500")
    )
    await decide_approval(approval, True, chief, at(10, 12, 12, 30))
    await set_root_cause(t4, RootCause.MATERIAL, "电池批次缺陷", me, at(10, 12, 15))
    await resolve(t4, "已赔偿", me, at(10, 13, 10), tz=TZ)  # 24 h → due 10-13 09:00: late
    # No chat: the handler phones the customer for the revisit. An A case then waits for approval.
    await revisit.record_staff_revisit(t4, me, at(10, 13, 11), tz=TZ, satisfied=True, rating=3)
    close_ok = await request_approval(t4, ApprovalKind.CLOSE_MAJOR, me, at(10, 13, 11))
    await decide_approval(close_ok, True, chief, at(10, 13, 11, 30))  # closes it

    # T5 — nobody touched it; the sweeper marked the first contact overdue.
    t5 = tickets["T5"] = await _file(
        clock, at(10, 20, 14), r, Channel.EMAIL, Category.BILLING_PRICE, Severity.D, "多收了运费"
    )
    await Deadline.filter(ticket=t5, kind=DeadlineKind.FIRST_CONTACT).update(
        state=DeadlineState.OVERDUE, escalated_at=at(10, 20, 22), next_action_at=None
    )

    # T6 — filed late on the last evening of October (Shanghai), answered the next morning.
    t6 = tickets["T6"] = await _file(
        clock, at(10, 31, 23, 30), s, Channel.WEBCHAT, Category.DELIVERY_LOGISTICS, Severity.C, "快递三天没动"
    )
    await take_over(t6, me, at(11, 1, 9))
    await staff_reply(t6, "正在联系快递公司。", me, at(11, 1, 9, 10))  # 34800 s, due 03:30: late

    # T7 — ten minutes into November in Shanghai (16:10 UTC on 10-31): not October.
    tickets["T7"] = await _file(
        clock, at(11, 1, 0, 10), s, Channel.WEBCHAT, Category.OTHER, Severity.D, "又一个问题"
    )

    # T8 — rejected (不成立); resolved exactly at the solution deadline.
    t8 = tickets["T8"] = await _file(
        clock, at(10, 15, 10), q, Channel.VISIT, Category.PRODUCT_QUALITY, Severity.C, "鞋子开胶"
    )
    await take_over(t8, me, at(10, 15, 10, 30))
    await log_contact(t8, "解释使用说明", me, at(10, 15, 11))  # 3600 s
    await set_validity(t8, Validity.INVALID, "人为损坏，不属质量问题", me, at(10, 15, 12))
    await set_root_cause(t8, RootCause.MISUSE, "", me, at(10, 15, 12))
    await resolve(t8, "已解释", me, at(10, 16, 10), tz=TZ)  # solution due 10-16 10:00: on time
    await revisit.record_staff_revisit(t8, me, at(10, 16, 11), tz=TZ, satisfied=True, rating=4)

    # T9 — filed half an hour before the report: open, first contact not yet due.
    tickets["T9"] = await _file(
        clock, at(11, 4, 9, 30), u, Channel.PHONE, Category.PRODUCT_QUALITY, Severity.C, "刚买的锅有裂纹"
    )

    clock.set(REPORT_NOW)
    for key, ticket in tickets.items():
        tickets[key] = await Ticket.get(id=ticket.id)
    return OctoberDesk(clock, quality, service, logistics, handler, boss, tickets)


@pytest.fixture
def report_now() -> datetime:
    return REPORT_NOW


def hours(n: float) -> float:
    return timedelta(hours=n).total_seconds()


PASSWORD = "report-test-password"


@pytest.fixture
async def report_client(october, settings):
    """The back office on a loopback server, the clock at REPORT_NOW; call `sign_in(username)`."""
    import re

    from aiohttp.test_utils import TestClient, TestServer

    from backoffice.app import create_app
    from models.staff import hash_password

    await Staff.filter(id__in=[october.boss.id, october.handler.id]).update(
        password_hash=hash_password(PASSWORD)
    )
    app = create_app(settings, clock=FrozenClock(REPORT_NOW))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:

        async def sign_in(username: str) -> None:
            page = await (await client.get("/login")).text()
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            response = await client.post(
                "/login",
                data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/reports"},
                allow_redirects=False,
            )
            assert response.status == 303, await response.text()

        client.sign_in = sign_in
        yield client
