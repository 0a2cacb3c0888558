"""`kesu demo` loads a realistic desk: complaints in every state, the real process behind each of them."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from kesu.demo import seed_demo
from models.approval import Approval, ApprovalDecision
from models.config import CannedReply, CategoryRoute
from models.deadline import Deadline, Holiday
from models.enums import CloseReason, DeadlineState, EventKind, Status, Validity
from models.event import TicketEvent
from models.staff import Department, Staff, verify_password
from models.survey import Survey
from models.ticket import Ticket

TZ = ZoneInfo("Asia/Shanghai")


async def test_demo_fills_an_empty_desk_with_complaints_in_every_state_with_their_history(db, clock):
    result = await seed_demo(TZ, now=clock.now())
    assert 40 <= result.tickets <= 60 and not result.skipped
    statuses = Counter(await Ticket.all().values_list("status", flat=True))
    assert set(statuses) == set(Status)
    reasons = set(await Ticket.filter(status=Status.CLOSED).values_list("close_reason", flat=True))
    assert {CloseReason.SATISFIED, CloseReason.NO_RESPONSE} <= reasons
    assert set(await Ticket.all().values_list("severity", flat=True)) == {"A", "B", "C", "D"}
    assert len(set(await Ticket.all().values_list("channel", flat=True))) >= 5
    assert await Ticket.filter(validity=Validity.INVALID).exists()
    assert await Ticket.filter(root_cause__not_isnull=True).count() >= 20
    # …each with a real history behind it.
    kinds = set(await TicketEvent.all().values_list("kind", flat=True))
    for kind in (
        EventKind.STAFF_REPLY,
        EventKind.NOTE,
        EventKind.CONTACT,
        EventKind.ROOT_CAUSE,
        EventKind.ACTION,
        EventKind.APPROVAL_DECIDED,
        EventKind.SURVEY_ANSWER,
        EventKind.OVERDUE,
    ):
        assert kind in kinds, kind
    assert await Deadline.filter(state=DeadlineState.OVERDUE).exists()
    assert await Approval.filter(decision=ApprovalDecision.PENDING).exists()
    assert await Survey.filter(comment__not="").exists()
    assert not await TicketEvent.filter(created_at__gt=clock.now()).exists()
    assert await Ticket.filter(created_at__lt=clock.now() - timedelta(days=30)).exists()


async def test_demo_sets_up_departments_routes_staff_and_canned_replies_once(db, clock):
    result = await seed_demo(TZ, now=clock.now())
    assert set(await Department.all().values_list("name", flat=True)) == {
        "客服部",
        "质量部",
        "物流部",
        "售后服务部",
        "门店运营部",
    }
    assert await CategoryRoute.all().count() == 8
    assert await CannedReply.all().count() >= 5
    assert await Holiday.exists()
    for username, password, role in result.logins:
        staff = await Staff.get(username=username)
        assert verify_password(staff, password) and staff.role == role
    # Loading again changes nothing.
    again = await seed_demo(TZ, now=clock.now())
    assert again.skipped and again.tickets == 0 and again.logins == result.logins
    assert await Ticket.all().count() == result.tickets


async def test_kesu_demo_command_loads_a_fresh_database_and_prints_the_logins(tmp_path):
    env = {**os.environ, "KESU_DATA_DIR": str(tmp_path / "data"), "KESU_SECRET_KEY": "s" * 40}
    env.pop("KESU_DATABASE_URL", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kesu.cli",
        "demo",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out = (await proc.communicate())[0].decode()
    assert proc.returncode == 0, out
    assert "supervisor" in out and "supervisor-demo" in out and "loaded" in out
    assert (tmp_path / "data" / "kesu.db").exists()
