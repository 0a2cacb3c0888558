"""Staff-entered complaints, staff settings (Telegram link) and the admin pages."""

from __future__ import annotations

from conftest import post_form

from models.config import CannedReply, CategoryRoute, LexiconEntry
from models.deadline import DeadlinePolicy, Holiday
from models.enums import Channel, EventKind, Role
from models.event import TicketEvent
from models.staff import Staff
from models.ticket import Ticket


async def test_new_complaint_form_shows_every_error_next_to_its_field(client, login, desk):
    await login(desk.handler)
    response = await post_form(
        client,
        "/tickets/new",
        {
            "channel": "phone",
            "customer_name": "",
            "phone": "12345",
            "description": "",
            "complaint_type": "product",
            "demand": "other",
        },
        page="/tickets/new",
    )
    assert response.status == 422
    html = await response.text()
    for field in ("customer_name", "phone", "description"):
        assert f'id="err-{field}"' in html
    assert not await Ticket.exists()


async def test_new_complaint_by_phone_is_filed_with_a_suggestion(client, login, desk):
    await login(desk.handler)
    response = await post_form(
        client,
        "/tickets/new",
        {
            "channel": "phone",
            "customer_name": "赵六",
            "phone": "021-62345678",
            "description": "买的牛奶喝了以后腹泻呕吐，要求赔偿",
            "complaint_type": "product",
            "demand": "compensation",
            "amount": "120",
        },
        page="/tickets/new",
    )
    assert response.status == 303
    ticket = await Ticket.get()
    assert ticket.channel == Channel.PHONE and ticket.phone == "+862162345678"
    assert ticket.suggestion and ticket.suggested_category is not None
    created = await TicketEvent.get(ticket_id=ticket.id, kind=EventKind.CREATED)
    assert created.actor_id == desk.handler.id


async def test_telegram_link_code_is_shown_once_generated(client, login, desk):
    await login(desk.handler)
    await post_form(client, "/account/telegram", {}, page="/account")
    staff = await Staff.get(id=desk.handler.id)
    assert (
        staff.telegram_link_code and staff.telegram_link_code in await (await client.get("/account")).text()
    )


async def test_admin_configures_staff_routing_policy_calendar_canned_replies_and_lexicon(client, login, desk):
    await login(desk.admin)
    for path in (
        "/admin",
        "/admin/staff",
        "/admin/departments",
        "/admin/policy",
        "/admin/holidays",
        "/admin/canned",
        "/admin/lexicon",
    ):
        assert (await client.get(path)).status == 200, path
    await post_form(
        client,
        "/admin/staff",
        {
            "username": "sun",
            "display_name": "孙",
            "role": "handler",
            "department": str(desk.quality.id),
            "password": "longenough1",
        },
        page="/admin/staff",
    )
    sun = await Staff.get(username="sun")
    assert sun.role == Role.HANDLER and sun.department_id == desk.quality.id
    await post_form(
        client,
        f"/admin/staff/{sun.id}",
        {"display_name": "孙", "role": "supervisor", "department": ""},
        page="/admin/staff",
    )
    sun = await Staff.get(id=sun.id)
    assert sun.role == Role.SUPERVISOR and not sun.active
    await post_form(
        client, "/admin/routing", {"product_quality": str(desk.quality.id)}, page="/admin/departments"
    )
    assert (await CategoryRoute.get(category="product_quality")).department_id == desk.quality.id
    form = {}
    for severity in "ABCD":
        for kind in ("first_contact", "solution", "resolution", "revisit"):
            form.update(
                {
                    f"{severity}.{kind}.amount": "3",
                    f"{severity}.{kind}.unit": "hours",
                    f"{severity}.{kind}.remind": "30",
                }
            )
    await post_form(client, "/admin/policy", form, page="/admin/policy")
    assert await DeadlinePolicy.filter(amount=3).count() == 16
    await post_form(
        client,
        "/admin/holidays",
        {"day": "2027-02-08", "is_workday": "1", "name": "春节调休"},
        page="/admin/holidays",
    )
    assert (await Holiday.get()).is_workday
    await post_form(
        client,
        "/admin/canned",
        {"title": "致歉", "body": "非常抱歉给您带来不便", "language": "zh"},
        page="/admin/canned",
    )
    assert await CannedReply.exists(title="致歉")
    await post_form(
        client,
        "/admin/lexicon",
        {"label": "severity:A", "word": "冒烟", "weight": "2"},
        page="/admin/lexicon",
    )
    assert (await LexiconEntry.get()).word == "冒烟"
    assert "冒烟" in await (await client.get("/admin/lexicon")).text()


async def test_supervisor_is_not_an_admin(client, login, desk):
    await login(desk.supervisor)
    assert (await client.get("/admin/policy")).status == 403
