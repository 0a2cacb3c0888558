"""The queue: next deadline first, keyset pages without gaps or repeats, filters, Chinese search."""

from __future__ import annotations

from datetime import timedelta

from backoffice.queue import QueueFilter, fetch_page
from models.ticket import Ticket


async def _numbers(staff, clock, **filters) -> list[str]:
    page = await fetch_page(staff, QueueFilter(**filters), clock.now())
    return [r["number"] for r in page.rows]


async def test_queue_is_sorted_by_next_deadline_with_undated_tickets_last(desk, clock, make_ticket):
    late = await make_ticket("甲")
    soon = await make_ticket("乙")
    undated = await make_ticket("丙")
    await Ticket.filter(id=late.id).update(next_due_at=clock.now() - timedelta(hours=1))
    await Ticket.filter(id=soon.id).update(next_due_at=clock.now() + timedelta(hours=1))
    await Ticket.filter(id=undated.id).update(next_due_at=None)
    assert await _numbers(desk.supervisor, clock) == [late.number, soon.number, undated.number]


async def test_keyset_pages_cover_every_ticket_once(desk, clock, make_ticket):
    made = []
    for i in range(23):
        ticket = await make_ticket(f"第{i}号投诉")
        due = None if i % 5 == 0 else clock.now() + timedelta(minutes=(i * 7) % 11)  # ties and nulls
        await Ticket.filter(id=ticket.id).update(next_due_at=due)
        made.append(ticket.number)
    seen, cursor = [], ""
    while True:
        page = await fetch_page(desk.supervisor, QueueFilter(cursor=cursor), clock.now(), size=4)
        seen += [r["number"] for r in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


async def test_two_character_chinese_word_finds_the_complaint(desk, clock, make_ticket):
    refund = await make_ticket("收到的衣服有破洞，要求退款")
    await make_ticket("快递太慢了")
    assert await _numbers(desk.supervisor, clock, q="退款") == [refund.number]
    assert await _numbers(desk.supervisor, clock, q="破洞 退款") == [refund.number]


async def test_search_by_phone_number_name_and_ticket_number(desk, clock, make_ticket):
    ticket = await make_ticket(name="欧阳娜娜", phone="+8613900001234")
    await make_ticket(name="张三", phone="+8613812345678")
    for query in ("13900001234", "1234", "欧阳", ticket.number):
        assert await _numbers(desk.supervisor, clock, q=query) == [ticket.number], query


async def test_search_finds_closed_tickets_too_and_punctuation_is_harmless(desk, clock, make_ticket):
    ticket = await make_ticket("发票开错了")
    await Ticket.filter(id=ticket.id).update(status="closed", next_due_at=None)
    assert await _numbers(desk.supervisor, clock, q="发票") == [ticket.number]
    assert await _numbers(desk.supervisor, clock, q="\"'; DROP TABLE ticket; --") == []
    assert await _numbers(desk.supervisor, clock, q="***") == []


async def test_filters_combine(desk, clock, make_ticket):
    a_case = await make_ticket("水壶漏电", severity="A", department=desk.quality)
    await make_ticket("态度差", severity="C", category="service_attitude")
    assert await _numbers(desk.supervisor, clock, severity="A") == [a_case.number]
    assert await _numbers(desk.supervisor, clock, department=desk.quality.id) == [a_case.number]
    assert await _numbers(desk.supervisor, clock, category="service_attitude", severity="A") == []
    await Ticket.filter(id=a_case.id).update(assignee_id=desk.supervisor.id)
    assert await _numbers(desk.supervisor, clock, assignee="mine") == [a_case.number]


async def test_overdue_filter_and_highlight(client, login, desk, clock, make_ticket):
    late = await make_ticket("超时的投诉")
    await make_ticket("未超时")
    await Ticket.filter(id=late.id).update(next_due_at=clock.now() - timedelta(minutes=1))
    assert await _numbers(desk.supervisor, clock, overdue=True) == [late.number]
    await login(desk.supervisor)
    html = await (await client.get("/tickets?overdue=1")).text()
    assert 'class="late' in html and late.number in html


async def test_garbage_cursor_means_first_page(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.supervisor)
    for cursor in ("%%%", "ZA==", "ZHx4fDE", "c3w5OTk5OTk5OTk5OTk5OTk5"):
        response = await client.get("/tickets", params={"cursor": cursor})
        assert response.status == 200
    assert ticket.number in await (await client.get("/tickets", params={"cursor": "%%%"})).text()
