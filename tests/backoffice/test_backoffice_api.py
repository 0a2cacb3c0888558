"""The JSON API: bearer tokens, the documented routes and nothing else, a full ticket round trip, fuzzing."""

from __future__ import annotations

import asyncio

import pytest

from backoffice.api.openapi import DOCUMENT
from models.enums import Status
from models.outbox import OutboxMessage
from models.staff import create_api_token
from models.ticket import Ticket


def _api_routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter", "")
        if path.startswith("/api/v1") and route.method != "HEAD":
            found.add((route.method.lower(), path))
    return found


def _documented() -> set[tuple[str, str]]:
    return {(method, path) for path, ops in DOCUMENT["paths"].items() for method in ops}


async def test_openapi_document_lists_exactly_the_api_routes(app, client, db):
    assert _api_routes(app) == _documented()
    served = await (await client.get("/api/v1/openapi.json")).json()
    assert served == DOCUMENT


@pytest.fixture
async def token(desk) -> str:
    return await create_api_token(desk.handler)


async def test_api_ticket_round_trip(client, desk, token, make_ticket):
    auth = {"Authorization": f"Bearer {token}"}
    created = await client.post(
        "/api/v1/tickets",
        json={
            "channel": "phone",
            "customer_name": "李四",
            "phone": "13912345678",
            "description": "客服态度恶劣，要求道歉",
        },
        headers=auth,
    )
    assert created.status == 201, await created.text()
    number = (await created.json())["number"]
    await Ticket.filter(number=number).update(department_id=desk.service.id)

    listed = await (await client.get("/api/v1/tickets", params={"q": "态度"}, headers=auth)).json()
    assert [item["number"] for item in listed["items"]] == [number]
    assert listed["items"][0]["phone_masked"] == "139****5678"

    moved = await client.post(
        f"/api/v1/tickets/{number}/status", json={"status": "in_progress"}, headers=auth
    )
    assert moved.status == 200 and (await moved.json())["status"] == Status.IN_PROGRESS
    note = await client.post(f"/api/v1/tickets/{number}/notes", json={"text": "已电话联系"}, headers=auth)
    assert note.status == 201 and (await note.json())["internal"] is True
    resolved = await client.post(
        f"/api/v1/tickets/{number}/status", json={"status": "resolved", "summary": "已道歉"}, headers=auth
    )
    assert resolved.status == 200
    detail = await (await client.get(f"/api/v1/tickets/{number}", headers=auth)).json()
    assert detail["status"] == "resolved"
    assert [e["kind"] for e in detail["thread"]][:1] == ["created"]


async def test_api_reply_reaches_the_chat_outbox(client, desk, token, make_ticket):
    ticket = await make_ticket()
    auth = {"Authorization": f"Bearer {token}"}
    reply = await client.post(f"/api/v1/tickets/{ticket.number}/replies", json={"text": "您好"}, headers=auth)
    assert reply.status == 201
    assert (await reply.json())["delivery"] == "pending"
    assert await OutboxMessage.filter(ticket_id=ticket.id, chat_id=ticket.chat_id, text="您好").exists()


async def test_api_validation_errors_name_the_field(client, token):
    response = await client.post(
        "/api/v1/tickets",
        json={"channel": "phone", "customer_name": "王五", "phone": "12345", "description": "坏了"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 422
    body = await response.json()
    assert body["field"] == "phone" and "phone" in body["fields"]


async def test_api_refuses_an_illegal_move_with_409(client, token, make_ticket):
    ticket = await make_ticket()
    response = await client.post(
        f"/api/v1/tickets/{ticket.number}/status",
        json={"status": "closed"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 409


async def test_api_schema_fuzzing_finds_no_server_error(client, desk, make_ticket):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    for _ in range(3):
        await make_ticket()
    token = await create_api_token(desk.supervisor)
    base_url = str(client.make_url("")).rstrip("/")
    schema = schemathesis.openapi.from_dict(DOCUMENT)
    operations = [result.ok() for result in schema.get_all_operations()]

    def fuzz_all() -> list[str]:
        failures: list[str] = []
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def check(case) -> None:
                response = case.call(
                    base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10
                )
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} → {response.status_code}")

            check()
        return failures

    assert await asyncio.to_thread(fuzz_all) == []
