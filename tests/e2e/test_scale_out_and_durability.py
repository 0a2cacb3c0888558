"""Operator-level guarantees: several instances on one PostgreSQL database, and SIGKILL loses nothing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.kesu_process import KesuServer, free_port, kesu_env, run_cli

pytestmark = pytest.mark.e2e
PG_URL = os.environ.get("KESU_TEST_DATABASE_URL", "")


def _api_setup(env: dict[str, str]) -> str:
    assert run_cli(["migrate"], env).returncode == 0
    added = run_cli(
        ["staff", "add", "api", "--role", "supervisor", "--password-stdin"], env, "api-password-1\n"
    )
    assert added.returncode == 0, added.stderr
    token = run_cli(["api-token", "create", "api"], env)
    assert token.returncode == 0, token.stderr
    return token.stdout.strip()


def _call(url: str, token: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def _complaint(i: int) -> dict[str, str]:
    return {
        "channel": "phone",
        "customer_name": f"顾客{i}",
        "phone": f"1381234{i:04d}",
        "description": f"第{i}号投诉：买的电水壶底座漏水，要求换货 <b>{i}</b>",
        "demand": "exchange",
    }


@pytest.fixture
def pg_database():
    if not PG_URL:
        pytest.skip("KESU_TEST_DATABASE_URL is not set")
    import asyncpg

    name = f"kesu_scale_{uuid.uuid4().hex[:8]}"
    admin = PG_URL.rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1) + "/postgres"

    async def execute(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(execute(f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    asyncio.run(execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_two_instances_on_one_postgresql_create_200_distinct_ticket_numbers(tmp_path, pg_database):
    base = {"KESU_DATABASE_URL": pg_database}
    token = _api_setup(kesu_env(tmp_path / "setup", **base))
    servers = [KesuServer(kesu_env(tmp_path / f"node{i}", **base), free_port()) for i in range(2)]
    for server in servers:
        server.start()
    try:
        for server in servers:
            assert server.get("/healthz") == (200, '{"status": "ok", "database": "ok"}')

        def create(i: int) -> tuple[int, dict]:
            return _call(servers[i % 2].url + "/api/v1/tickets", token, "POST", _complaint(i))

        with ThreadPoolExecutor(max_workers=40) as pool:
            results = list(pool.map(create, range(200)))
    finally:
        for server in servers:
            server.stop()
    assert [status for status, _ in results] == [201] * 200
    numbers = {body["number"] for _, body in results}
    assert len(numbers) == 200
    assert all(n.startswith("KS-") and len(n) == len("KS-20261122-0001") for n in numbers)


def test_sigkill_loses_no_acknowledged_ticket(tmp_path):
    env = kesu_env(tmp_path / "data")
    token = _api_setup(env)
    server = KesuServer(env, free_port())
    server.start()
    acknowledged: list[str] = []
    stop = threading.Event()

    def file_complaints() -> None:
        i = 0
        while not stop.is_set():
            try:
                status, body = _call(server.url + "/api/v1/tickets", token, "POST", _complaint(i))
            except OSError:
                return  # the server died mid-request: that ticket was never acknowledged
            if status == 201:
                acknowledged.append(body["number"])
            i += 1

    writers = [threading.Thread(target=file_complaints) for _ in range(4)]
    for writer in writers:
        writer.start()
    while len(acknowledged) < 40:
        threading.Event().wait(0.05)
    server.stop(signal.SIGKILL)
    stop.set()
    for writer in writers:
        writer.join(timeout=30)

    server.start()
    try:
        missing = [n for n in acknowledged if _call(f"{server.url}/api/v1/tickets/{n}", token)[0] != 200]
        status, _ = _call(server.url + "/api/v1/tickets?limit=100", token)
    finally:
        server.stop()
    assert missing == []
    assert status == 200
