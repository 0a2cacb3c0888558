"""Back-office fixtures: the app on a loopback test server, staff of each role, tickets, a signed-in client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from backoffice.app import create_app
from kesu.clock import FrozenClock
from kesu.settings import Settings
from models.customer import customer_for_chat
from models.enums import Channel, Role
from models.lifecycle import file_ticket
from models.record import ComplaintRecord
from models.staff import Department, Staff, hash_password
from models.ticket import Ticket

TZ = ZoneInfo("Asia/Shanghai")
PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Desk:
    service: Department
    quality: Department
    handler: Staff  # 客服部
    other_handler: Staff  # 质量部
    supervisor: Staff
    admin: Staff


@pytest.fixture
async def desk(db: str) -> Desk:
    hashed = hash_password(PASSWORD)
    service = await Department.create(name="客服部")
    quality = await Department.create(name="质量部")

    async def staff(username: str, role: Role, department: Department | None) -> Staff:
        return await Staff.create(
            username=username, display_name=username, role=role, department=department, password_hash=hashed
        )

    return Desk(
        service=service,
        quality=quality,
        handler=await staff("li", Role.HANDLER, service),
        other_handler=await staff("zhou", Role.HANDLER, quality),
        supervisor=await staff("wang", Role.SUPERVISOR, service),
        admin=await staff("admin", Role.ADMIN, None),
    )


@pytest.fixture
def app(settings: Settings, clock: FrozenClock) -> web.Application:
    return create_app(settings, clock=clock)


@pytest.fixture
async def client(app: web.Application, db: str) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        yield test_client


async def csrf_of(client: TestClient, path: str = "/login") -> str:
    response = await client.get(path)
    found = CSRF.search(await response.text())
    assert found, f"no CSRF token on {path}"
    return found.group(1)


async def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> web.Response:
    token = await csrf_of(client)
    return await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/tickets"},
        allow_redirects=False,
    )


@pytest.fixture
def login(client: TestClient) -> Callable[[Staff], Awaitable[TestClient]]:
    async def do(staff: Staff) -> TestClient:
        response = await sign_in(client, staff.username)
        assert response.status == 303, await response.text()
        return client

    return do


async def post_form(client: TestClient, path: str, data: dict[str, str], *, page: str | None = None):
    token = await csrf_of(client, page or "/tickets")
    return await client.post(path, data={**data, "csrf_token": token}, allow_redirects=False)


@pytest.fixture
def make_ticket(clock: FrozenClock, desk: Desk) -> Callable[..., Awaitable[Ticket]]:
    counter = iter(range(1, 10_000))

    async def make(
        description: str = "买的电水壶用了三天就漏水，要求退款",
        *,
        department: Department | None = None,
        severity: str = "C",
        category: str = "product_quality",
        name: str = "张三",
        phone: str = "+8613812345678",
        chat_id: str | None = None,
    ) -> Ticket:
        chat = chat_id or f"web-{next(counter)}"
        customer = await customer_for_chat(Channel.WEBCHAT, chat)
        record = ComplaintRecord(description=description, customer_name=name, phone=phone)
        ticket = await file_ticket(
            record,
            customer=customer,
            channel=Channel.WEBCHAT,
            chat_id=chat,
            now=clock.now(),
            tz=TZ,
            suggestion={
                "category": category,
                "severity": severity,
                "confidence": 0.8,
                "keywords": [[category, "漏水"]],
                "severity_reasons": [],
            },
        )
        target = department if department is not None else desk.service
        await Ticket.filter(id=ticket.id).update(department_id=target.id)
        ticket.department_id = target.id
        return ticket

    return make
