"""The 三包 panel on the ticket page: a signed-in handler judges a complaint and attaches the remedy."""

from __future__ import annotations

import pytest

from models.approval import Approval, ApprovalDecision, ApprovalKind
from models.enums import EventKind
from models.event import TicketEvent
from tests.sanbao.conftest import csrf_of, shoe_ticket

SOLE = "sb=1&sb_class=leather_shoes&sb_fault=sole_broken"
FIELDS = {"sb": "1", "sb_class": "leather_shoes", "sb_fault": "sole_broken"}


@pytest.fixture
async def ticket(desk, clock):
    # 真皮鞋 bought for ¥800 on 2026-11-06, ten days before the clock's 2026-11-16; the customer wants a refund.
    return await shoe_ticket(clock, department=desk.service)


async def test_the_ticket_page_shows_the_panel_with_the_demand_and_a_guessed_class(
    client, login, desk, ticket
):
    await login(desk.handler)

    page = await (await client.get(f"/tickets/{ticket.number}")).text()

    assert 'id="sanbao"' in page and "三包判定" in page
    assert "顾客诉求：<strong>退货</strong>" in page
    assert '<option value="leather_shoes" selected>' in page  # from the reference 真皮鞋 A-17
    assert 'value="800.00"' in page and 'value="2026-11-06"' in page


async def test_judging_shows_remedies_with_amounts_dates_and_the_demand_against_the_rules(
    client, login, desk, ticket
):
    await login(desk.handler)

    page = await (await client.get(f"/tickets/{ticket.number}?{SOLE}")).text()

    assert "退还顾客 ¥760.00" in page  # 800 less 0.5 % a day × 10 days
    assert "顾客需付 ¥24.00" in page  # exchange: 0.3 % a day × 10 days
    assert "2027-02-06" in page  # leather shoes: 3 months from sale
    assert "三包规则允许" in page
    assert "超过审批额度 ¥500，需主管审批" in page
    assert "依据「鞋类三包：断底、断帮，可换可退」" in page
    assert page.count('name="sb_kind"') == 2  # exchange and refund can be attached


async def test_a_demand_the_rules_do_not_grant_is_flagged_with_what_is_open_instead(
    client, login, desk, ticket
):
    await login(desk.handler)

    page = await (
        await client.get(f"/tickets/{ticket.number}?sb=1&sb_class=leather_shoes&sb_fault=heel_off")
    ).text()

    assert "三包规则不支持" in page and "可提供：修理" in page


async def test_the_panel_speaks_english_first_when_the_ui_is_english(client, login, desk, ticket):
    await login(desk.handler)
    token = await csrf_of(client, "/tickets")
    await client.post("/lang", data={"lang": "en", "next": "/tickets", "csrf_token": token})

    page = await (await client.get(f"/tickets/{ticket.number}?{SOLE}")).text()

    assert "Customer receives ¥760.00" in page
    assert "Refund: depreciation of 0.5% a day for 10 day(s)" in page
    assert "可退货：按每日0.5%扣除折旧费" in page  # the Chinese sentence stays, for reading out


async def test_a_measured_fault_without_its_measure_is_explained_not_judged(client, login, desk, ticket):
    await login(desk.handler)

    page = await (
        await client.get(f"/tickets/{ticket.number}?sb=1&sb_class=leather_shoes&sb_fault=glue_open")
    ).text()

    assert "「开胶」需要填写测量值（cm）" in page
    assert 'name="sb_kind"' not in page


async def test_the_evaluation_is_available_as_json(client, login, desk, ticket):
    await login(desk.handler)

    response = await client.get(f"/tickets/{ticket.number}/sanbao?{SOLE}")
    body = await response.json()

    assert response.status == 200
    assert body["demand"] == "return" and body["demand_remedy"] == "refund" and body["demand_allowed"]
    refund = next(r for r in body["verdict"]["remedies"] if r["kind"] == "refund")
    assert (refund["customer_receives"], refund["open_until"]) == ("760.00", "2027-02-06")
    assert body["rules"]["origin"] == "default"


async def test_attaching_a_refund_above_the_threshold_records_it_and_asks_a_supervisor(
    client, login, desk, ticket
):
    await login(desk.handler)
    token = await csrf_of(client, f"/tickets/{ticket.number}?{SOLE}")

    response = await client.post(
        f"/tickets/{ticket.number}/sanbao",
        data={**FIELDS, "sb_kind": "refund", "csrf_token": token},
        allow_redirects=False,
    )

    assert response.status == 303
    assert response.headers["Location"] == f"/tickets/{ticket.number}#approvals"
    event = await TicketEvent.get(ticket_id=ticket.id, kind=EventKind.REMEDY)
    assert event.actor_id == desk.handler.id
    assert event.data["amount"] == "760.00" and event.data["detail"]["kind"] == "refund"
    approval = await Approval.get(ticket_id=ticket.id)
    assert (approval.kind, approval.decision) == (ApprovalKind.REMEDY, ApprovalDecision.PENDING)
    page = await (await client.get(f"/tickets/{ticket.number}")).text()
    assert "金额超过审批额度，已提交主管审批" in page


async def test_attaching_a_repair_needs_no_approval(client, login, desk, ticket):
    await login(desk.handler)
    token = await csrf_of(client, f"/tickets/{ticket.number}")

    response = await client.post(
        f"/tickets/{ticket.number}/sanbao",
        data={**FIELDS, "sb_fault": "heel_off", "sb_kind": "repair", "csrf_token": token},
        allow_redirects=False,
    )

    assert response.status == 303
    assert await TicketEvent.filter(ticket_id=ticket.id, kind=EventKind.REMEDY).count() == 1
    assert await Approval.filter(ticket_id=ticket.id).count() == 0


async def test_a_remedy_the_rules_do_not_open_is_refused_and_nothing_recorded(client, login, desk, ticket):
    await login(desk.handler)
    token = await csrf_of(client, f"/tickets/{ticket.number}")

    response = await client.post(
        f"/tickets/{ticket.number}/sanbao",
        data={**FIELDS, "sb_fault": "heel_off", "sb_kind": "refund", "csrf_token": token},
        allow_redirects=False,
    )

    assert response.status == 303 and "sb_fault=heel_off" in response.headers["Location"]
    assert await TicketEvent.filter(ticket_id=ticket.id, kind=EventKind.REMEDY).count() == 0
    page = await (await client.get(response.headers["Location"])).text()
    assert "所选补救方式今天不可用" in page


async def test_attaching_without_the_csrf_token_is_refused(client, login, desk, ticket):
    await login(desk.handler)

    response = await client.post(
        f"/tickets/{ticket.number}/sanbao", data={**FIELDS, "sb_kind": "refund"}, allow_redirects=False
    )

    assert response.status == 403
    assert await TicketEvent.filter(ticket_id=ticket.id, kind=EventKind.REMEDY).count() == 0


async def test_a_handler_of_another_department_cannot_judge_or_attach(client, login, desk, ticket):
    await login(desk.other_handler)

    assert (await client.get(f"/tickets/{ticket.number}/sanbao?{SOLE}")).status == 403
    token = await csrf_of(client, "/tickets")
    response = await client.post(
        f"/tickets/{ticket.number}/sanbao",
        data={**FIELDS, "sb_kind": "refund", "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status in (303, 403)
    assert await TicketEvent.filter(ticket_id=ticket.id, kind=EventKind.REMEDY).count() == 0


async def test_signed_out_visitors_get_nothing(client, ticket):
    response = await client.get(f"/tickets/{ticket.number}/sanbao?{SOLE}", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"].startswith("/login")
