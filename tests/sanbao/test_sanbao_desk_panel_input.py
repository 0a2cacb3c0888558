"""The panel's inputs: missing ticket facts typed in by staff, and hostile query strings that never crash it."""

from __future__ import annotations

from urllib.parse import urlencode

from backoffice.views.sanbao_text import FOLDER
from models.i18n import Catalogue
from tests.sanbao.conftest import shoe_ticket


def test_every_panel_message_exists_in_chinese_and_english():
    catalogue = Catalogue.load(FOLDER)
    assert catalogue.keys("zh") == catalogue.keys("en")


async def test_without_a_purchase_date_or_price_staff_type_them_in(client, login, desk, clock):
    ticket = await shoe_ticket(clock, department=desk.service, price=None, sold=None)
    await login(desk.handler)

    first = await (await client.get(f"/tickets/{ticket.number}")).text()
    missing = await (await client.get(f"/tickets/{ticket.number}?sb=1&sb_class=leather_shoes")).text()
    typed = await (
        await client.get(
            f"/tickets/{ticket.number}?sb=1&sb_class=leather_shoes&sb_fault=sole_broken"
            "&sb_price=300&sb_sold=2026-11-14"
        )
    ).text()

    assert "工单缺少购买日期或商品价格" in first
    assert "请填写有效的商品价格。" in missing and "请填写有效的售出日期" in missing
    assert "退还顾客 ¥297.00" in typed  # 300 less 0.5 % a day × 2 days


HOSTILE = [
    [("sb", "1"), ("sb_class", "leather_shoes"), ("sb_price", "1e999")],
    [("sb", "1"), ("sb_class", "leather_shoes"), ("sb_price", "-5"), ("sb_sold", "2026-13-40")],
    [("sb", "1"), ("sb_class", "<script>alert(1)</script>"), ("sb_fault", "'; DROP TABLE ticket; --")],
    [("sb", "1"), ("sb_class", "leather_shoes"), ("sb_sold", "2027-01-01")],  # after today
    [("sb", "1"), ("sb_class", "leather_shoes")] + [("sb_fault", "heel_off")] * 200,
    [
        ("sb", "1"),
        ("sb_class", "leather_shoes"),
        ("sb_fault", "glue_open"),
        ("sb_measure_glue_open", "NaN"),
    ],
    [("sb", "1"), ("sb_class", "😀" * 300), ("sb_price", "¥1,000")],
    [
        ("sb", "1"),
        ("sb_class", "leather_shoes"),
        ("sb_fault", "heel_off"),
        ("sb_repairs_heel_off", "9" * 50),
    ],
]


async def test_hostile_panel_input_is_refused_politely(client, login, desk, clock):
    ticket = await shoe_ticket(clock, department=desk.service)
    await login(desk.handler)

    for query in HOSTILE:
        page = await client.get(f"/tickets/{ticket.number}?{urlencode(query)}")
        as_json = await client.get(f"/tickets/{ticket.number}/sanbao?{urlencode(query)}")

        assert page.status == 200 and as_json.status == 200, query
        assert "<script>alert(1)</script>" not in await page.text()
