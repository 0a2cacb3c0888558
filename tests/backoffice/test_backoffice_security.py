"""Security of the back office: deny by default, department walls, CSRF, escaping, cookies, throttling."""

from __future__ import annotations

import re

from conftest import PASSWORD, csrf_of, post_form, sign_in

from backoffice.roles import is_public
from models.login_throttle import MAX_FAILURES
from models.staff import create_api_token

SAMPLE = {"number": "KS-20261116-0001", "action": "take-over", "id": "1"}


def _sample(match: re.Match) -> str:
    """A value for a path placeholder: a known sample, else the first alternative of its pattern."""
    name, pattern = match.group(1), match.group(2)
    if name in SAMPLE:
        return SAMPLE[name]
    if pattern and re.fullmatch(r"[\w|]+", pattern):
        return pattern.split("|")[0]
    return "1"


def _routes(app):
    """Every route the app serves (expanded with sample path values), except public ones and static files."""
    for route in app.router.routes():
        resource = route.resource
        if route.method == "HEAD" or is_public(route.handler) or resource is None:
            continue
        info = resource.get_info()
        if "directory" in info:
            continue
        path = info.get("path") or re.sub(r"\{(\w+)(?::([^}]*))?\}", _sample, info["formatter"])
        yield route.method, path


async def test_every_route_refuses_anonymous_visitors(client, app, desk, make_ticket):
    await make_ticket()
    checked = 0
    for method, path in _routes(app):
        response = await client.request(method, path, allow_redirects=False)
        if path.startswith("/api/"):
            assert response.status == 401, (method, path, response.status)
        elif method == "GET":
            assert response.status == 303 and response.headers["Location"].startswith("/login"), (
                method,
                path,
            )
        else:
            assert response.status in (401, 403), (method, path, response.status)
        checked += 1
    assert checked > 30


async def test_every_api_route_refuses_a_wrong_token(client, app, desk):
    for method, path in _routes(app):
        if path.startswith("/api/"):
            response = await client.request(method, path, headers={"Authorization": "Bearer ksu_nope"})
            assert response.status == 401, (method, path)


async def test_handler_cannot_open_another_departments_ticket_by_url(client, login, desk, make_ticket):
    theirs = await make_ticket(department=desk.quality)
    mine = await make_ticket(department=desk.service)
    await login(desk.handler)
    assert (await client.get(f"/tickets/{mine.number}")).status == 200
    assert (await client.get(f"/tickets/{theirs.number}")).status == 403
    refused = await post_form(client, f"/tickets/{theirs.number}/actions/take-over", {})
    assert refused.status in (303, 403)
    await theirs.refresh_from_db()
    assert theirs.assignee_id is None
    queue = await (await client.get("/tickets")).text()
    assert mine.number in queue and theirs.number not in queue


async def test_handler_cannot_read_another_departments_ticket_through_the_api(client, desk, make_ticket):
    theirs = await make_ticket(department=desk.quality)
    token = await create_api_token(desk.handler)
    response = await client.get(
        f"/api/v1/tickets/{theirs.number}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 403


async def test_handler_cannot_open_admin_pages(client, login, desk):
    await login(desk.handler)
    assert (await client.get("/admin/staff")).status == 403
    assert (await post_form(client, "/admin/departments", {"name": "黑客部"})).status == 403


async def test_post_without_csrf_token_is_refused(client, login, desk, make_ticket):
    ticket = await make_ticket()
    await login(desk.handler)
    for data in ({}, {"csrf_token": "forged"}):
        response = await client.post(
            f"/tickets/{ticket.number}/actions/take-over", data=data, allow_redirects=False
        )
        assert response.status == 403
    await ticket.refresh_from_db()
    assert ticket.assignee_id is None


async def test_login_itself_needs_the_csrf_token(client, desk):
    response = await client.post(
        "/login", data={"username": "li", "password": PASSWORD}, allow_redirects=False
    )
    assert response.status == 403


async def test_script_in_customer_fields_is_shown_as_text(client, login, desk, make_ticket):
    evil = "<script>alert('x')</script>"
    ticket = await make_ticket(description=f"描述{evil}", name=f"张{evil}"[:50])
    await login(desk.supervisor)
    for path in ("/tickets", f"/tickets/{ticket.number}"):
        html = await (await client.get(path)).text()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html


async def test_session_cookie_is_httponly_samesite_and_signed(client, desk):
    response = await sign_in(client, "li")
    cookie = response.cookies["kesu_session"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "张" not in cookie.value and "staff_id" not in cookie.value  # encrypted, not readable


async def test_session_cookie_is_secure_when_configured(settings, clock, db, desk):
    from aiohttp.test_utils import TestClient, TestServer

    from backoffice.app import create_app

    app = create_app(settings.with_overrides(cookie_secure=True), clock=clock)
    async with TestClient(TestServer(app, host="127.0.0.1")) as secure_client:
        response = await secure_client.get("/login")
        header = response.headers["Set-Cookie"]
        assert "kesu_session=" in header and "Secure" in header and "HttpOnly" in header


async def test_tampered_session_cookie_signs_nobody_in(client, desk):
    client.session.cookie_jar.update_cookies({"kesu_session": "gAAAAABtampered"})
    response = await client.get("/tickets", allow_redirects=False)
    assert response.status == 303


async def test_wrong_passwords_are_rate_limited(client, desk):
    for _ in range(MAX_FAILURES):
        assert (await sign_in(client, "li", "wrong-password")).status == 401
    locked = await sign_in(client, "li", PASSWORD)
    assert locked.status == 429
    assert "15" in await locked.text()


async def test_changed_password_ends_existing_sessions(client, login, desk):
    await login(desk.handler)
    desk.handler.password_hash = desk.handler.password_hash + "x"
    await desk.handler.save(update_fields=["password_hash"])
    response = await client.get("/tickets", allow_redirects=False)
    assert response.status == 303


async def test_open_redirect_after_login_is_refused(client, desk):
    token = await csrf_of(client)
    response = await client.post(
        "/login",
        data={"username": "li", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
        allow_redirects=False,
    )
    assert response.headers["Location"] == "/tickets"
