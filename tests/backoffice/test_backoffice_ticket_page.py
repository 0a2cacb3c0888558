"""The ticket page: audited phone, delivery state and retry, unreachable customers, assessment actions."""

from __future__ import annotations

from conftest import post_form

from models.approval import Approval, ApprovalDecision
from models.config import ClassifierOverride
from models.enums import EventKind, OutboxState, Severity
from models.event import TicketEvent
from models.outbox import OutboxMessage
from models.ticket import Ticket


async def test_full_phone_is_shown_only_after_an_audited_reveal(client, login, desk, make_ticket):
    ticket = await make_ticket(phone="+8613812345678")
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    html = await (await client.get(page)).text()
    assert "13812345678" not in html and "138****5678" in html
    assert "13812345678" not in await (await client.get("/tickets")).text()
    await post_form(client, f"{page}/actions/reveal", {}, page=page)
    assert "13812345678" in await (await client.get(page)).text()
    viewed = await TicketEvent.get(ticket_id=ticket.id, kind=EventKind.VIEWED)
    assert viewed.actor_id == desk.handler.id and viewed.data == {"what": "phone"}


async def test_failed_delivery_is_visible_and_retryable(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    await post_form(client, f"{page}/actions/reply", {"text": "您好"}, page=page)
    message = await OutboxMessage.get(ticket_id=ticket.id, text="您好")
    await OutboxMessage.filter(id=message.id).update(state=OutboxState.FAILED, last_error="bot was blocked")
    html = await (await client.get(page)).text()
    assert "发送失败" in html and "bot was blocked" in html
    await post_form(client, f"{page}/actions/retry", {"message": str(message.id)}, page=page)
    await message.refresh_from_db()
    assert message.state == OutboxState.PENDING


async def test_unreachable_customer_is_flagged_on_the_page(client, login, desk, make_ticket):
    ticket = await make_ticket()
    customer = await ticket.customer
    customer.unreachable, customer.unreachable_reason = True, "Forbidden: bot was blocked by the user"
    await customer.save()
    await login(desk.handler)
    html = await (await client.get(f"/tickets/{ticket.number}")).text()
    assert 'class="alert"' in html and "客户无法联系" in html


async def test_internal_notes_are_marked_and_never_queued_to_the_customer(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    await post_form(client, f"{page}/actions/note", {"text": "客户情绪激动，注意措辞"}, page=page)
    html = await (await client.get(page)).text()
    assert 'class="note"' in html and "客户情绪激动" in html
    assert not await OutboxMessage.filter(ticket_id=ticket.id, text__contains="客户情绪激动").exists()


async def test_rejection_sends_the_polite_explanation(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    refused = await post_form(
        client, f"{page}/actions/validity", {"validity": "invalid", "reason": ""}, page=page
    )
    assert refused.status == 303
    assert "判定不成立时必须填写说明" in await (await client.get(page)).text()
    await post_form(
        client, f"{page}/actions/validity", {"validity": "invalid", "reason": "商品已超过保修期"}, page=page
    )
    message = await OutboxMessage.get(ticket_id=ticket.id)
    assert "商品已超过保修期" in message.text and ticket.number in message.text


async def test_overriding_the_classifier_is_stored(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    await post_form(
        client, f"{page}/actions/classify", {"category": "after_sales_repair", "severity": "B"}, page=page
    )
    override = await ClassifierOverride.get(ticket_id=ticket.id)
    assert (override.final_category, override.final_severity) == ("after_sales_repair", Severity.B)


async def test_remedy_above_threshold_needs_and_gets_supervisor_approval(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    await post_form(client, f"{page}/actions/remedy", {"summary": "赔偿 800 元", "amount": "800"}, page=page)
    approval = await Approval.get(ticket_id=ticket.id)
    handler_try = await post_form(
        client, f"{page}/actions/decide-approval", {"approval": str(approval.id), "approve": "1"}, page=page
    )
    assert handler_try.status == 303
    await approval.refresh_from_db()
    assert approval.decision == ApprovalDecision.PENDING
    await client.post("/logout", data={"csrf_token": "x"})
    client.session.cookie_jar.clear()
    await login(desk.supervisor)
    await post_form(
        client, f"{page}/actions/decide-approval", {"approval": str(approval.id), "approve": "1"}, page=page
    )
    await approval.refresh_from_db()
    assert approval.decision == ApprovalDecision.APPROVED and approval.decided_by_name == "wang"


async def test_transfer_moves_the_ticket_out_of_the_handlers_reach(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    await post_form(
        client,
        f"{page}/actions/transfer",
        {"department": str(desk.quality.id), "reason": "质量问题"},
        page=page,
    )
    assert (await Ticket.get(id=ticket.id)).department_id == desk.quality.id
    assert (await client.get(page)).status == 403


async def test_ten_thousand_characters_and_emoji_are_kept_verbatim(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    page = f"/tickets/{ticket.number}"
    text = ("投诉😀<b>粗体</b>" * 500)[:4000]
    await post_form(client, f"{page}/actions/note", {"text": text}, page=page)
    assert (await TicketEvent.get(ticket_id=ticket.id, kind=EventKind.NOTE)).body == text
    too_long = await post_form(client, f"{page}/actions/note", {"text": "长" * 10_000}, page=page)
    assert too_long.status == 303
