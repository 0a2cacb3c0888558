"""A handler signs in, sees the queue, opens a ticket and works it through to resolution."""

from __future__ import annotations

from conftest import post_form

from models.enums import EventKind, Status
from models.event import TicketEvent
from models.outbox import OutboxMessage
from models.ticket import Ticket


async def test_handler_takes_over_replies_and_resolves(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    queue = await client.get("/tickets")
    assert queue.status == 200
    assert ticket.number in await queue.text()
    page = await client.get(f"/tickets/{ticket.number}")
    assert page.status == 200, await page.text()
    base = f"/tickets/{ticket.number}/actions"
    page_path = f"/tickets/{ticket.number}"
    r = await post_form(client, f"{base}/take-over", {}, page=page_path)
    assert r.status == 303, await r.text()
    r = await post_form(client, f"{base}/reply", {"text": "您好，我们马上处理"}, page=page_path)
    assert r.status == 303
    r = await post_form(
        client, f"{base}/root-cause", {"cause": "material", "detail": "密封圈老化"}, page=page_path
    )
    assert r.status == 303
    r = await post_form(
        client,
        f"{base}/action",
        {"kind": "corrective", "description": "更换供应商", "owner": str(desk.handler.id)},
        page=page_path,
    )
    assert r.status == 303
    r = await post_form(client, f"{base}/resolve", {"summary": "已退款"}, page=page_path)
    assert r.status == 303
    await ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert await OutboxMessage.filter(ticket_id=ticket.id, text="您好，我们马上处理").exists()
    kinds = set(await TicketEvent.filter(ticket_id=ticket.id).values_list("kind", flat=True))
    assert {EventKind.STAFF_REPLY, EventKind.ROOT_CAUSE, EventKind.ACTION} <= kinds
    final = await client.get(page_path)
    assert "已退款" in await final.text()
    assert (await Ticket.get(id=ticket.id)).assignee_id == desk.handler.id
