"""The admin's 三包 rules page: view, download, replace with validation, reset; only admins may use it."""

from __future__ import annotations

import pytest
from aiohttp import FormData

from models.sanbao.store import SanbaoRules, active_rules_source, default_rules_text
from tests.sanbao.conftest import FIRM_RULES, csrf_of, shoe_ticket


async def _post(client, data: dict[str, str], path: str = "/admin/sanbao"):
    token = await csrf_of(client, "/admin/sanbao")
    return await client.post(path, data={**data, "csrf_token": token}, allow_redirects=False)


async def test_only_admins_see_or_change_the_rules(client, login, desk):
    await login(desk.supervisor)

    assert (await client.get("/admin/sanbao")).status == 403
    assert (await client.get("/admin/sanbao/rules.toml")).status == 403
    token = await csrf_of(client, "/tickets")
    response = await client.post("/admin/sanbao", data={"text": FIRM_RULES, "csrf_token": token})
    assert response.status == 403
    assert await SanbaoRules.all().count() == 0


async def test_the_page_shows_the_rules_in_force_and_offers_the_file(client, login, desk):
    await login(desk.admin)

    page = await (await client.get("/admin/sanbao")).text()
    download = await client.get("/admin/sanbao/rules.toml")

    assert "内置默认规则" in page and "8 个商品类别，15 种故障，13 条规则" in page
    assert "leather_shoes" in page
    assert download.status == 200 and "attachment" in download.headers["Content-Disposition"]
    assert await download.text() == default_rules_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'faults = ["glue_open"]\nmeasure_at_most',
            'faults = ["glue_opn"]\nmeasure_at_most',
            "未知故障 unknown fault",
        ),
        ("refund_rate_per_day = 1", "refund_rate_per_day = -1", "负数折旧率 negative depreciation rate"),
        (
            '[[faults]]\nid = "glue_open"',
            '[[classes]]\nid = "boots_too"\nzh = "靴"\nen = "boots"\nwindow_months = 1\naliases = ["登山靴"]\n\n'
            '[[faults]]\nid = "glue_open"',
            "商品类别重叠 overlapping classes: alias &#39;登山靴&#39; belongs to both hiking_boots and boots_too",
        ),
    ],
    ids=["unknown_fault", "negative_rate", "overlapping_classes"],
)
async def test_a_bad_file_is_shown_back_with_the_error_and_nothing_is_saved(
    client, login, desk, old, new, message
):
    await login(desk.admin)
    bad = FIRM_RULES.replace(old, new, 1)

    response = await _post(client, {"text": bad})
    page = await response.text()

    assert response.status == 422
    assert "规则文件有错误，未保存" in page and message in page
    assert "glue_opn" in page or "-1" in page or "boots_too" in page  # the admin's text is kept to fix
    assert await SanbaoRules.all().count() == 0
    assert (await active_rules_source()).origin == "default"


async def test_a_pasted_firm_file_replaces_the_defaults_for_the_panel(client, login, desk, clock):
    await login(desk.admin)

    response = await _post(client, {"text": FIRM_RULES})

    assert response.status == 303
    row = await SanbaoRules.get()
    assert (row.staff_id, row.origin) == (desk.admin.id, "back office")
    ticket = await shoe_ticket(clock, department=desk.service)
    body = await (
        await client.get(
            f"/tickets/{ticket.number}/sanbao?sb=1&sb_class=hiking_boots&sb_fault=glue_open&sb_measure_glue_open=4"
        )
    ).json()
    assert [c["id"] for c in body["classes"]] == ["hiking_boots"]
    refund = next(r for r in body["verdict"]["remedies"] if r["kind"] == "refund")
    assert refund["customer_receives"] == "720.00"  # the firm's 1 % a day × 10 days
    assert body["rules"]["origin"] == "database"


async def test_an_uploaded_file_is_installed_under_its_name(client, login, desk):
    await login(desk.admin)
    form = FormData()
    form.add_field("csrf_token", await csrf_of(client, "/admin/sanbao"))
    form.add_field("text", "")
    form.add_field("file", FIRM_RULES.encode(), filename="firm.toml", content_type="application/toml")

    response = await client.post("/admin/sanbao", data=form, allow_redirects=False)

    assert response.status == 303
    assert (await SanbaoRules.get()).origin == "firm.toml"


async def test_check_only_validates_without_saving(client, login, desk):
    await login(desk.admin)

    response = await _post(client, {"text": FIRM_RULES, "check_only": "1"})

    assert response.status == 200
    assert "规则文件有效：1 个商品类别，1 种故障，2 条规则。尚未保存。" in await response.text()
    assert await SanbaoRules.all().count() == 0


async def test_reset_goes_back_to_the_defaults_and_keeps_the_history(client, login, desk):
    await login(desk.admin)
    await _post(client, {"text": FIRM_RULES})

    response = await _post(client, {}, path="/admin/sanbao/reset")

    assert response.status == 303
    assert (await active_rules_source()).origin == "default"
    assert await SanbaoRules.all().count() == 2


async def test_html_in_a_pasted_file_is_shown_escaped(client, login, desk):
    await login(desk.admin)

    page = await (await _post(client, {"text": "<script>alert(1)</script> = 1"})).text()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
