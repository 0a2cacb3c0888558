"""Shared fixtures: settings and clock from the factories, a migrated database per backend, a clean slate per test.

The `db` fixture runs every test that uses it on SQLite, and again on PostgreSQL when
KESU_TEST_DATABASE_URL is set (CI sets it). Each backend is migrated once per session with the real
migrations; each test starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.contrib.test import truncate_all_models

from kesu import db as kesu_db
from kesu.clock import FrozenClock
from kesu.settings import Settings

pytest_plugins = ["tests.fixtures_desk"]

PG_URL = os.environ.get("KESU_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgres"] if PG_URL else ["sqlite"]
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kesu")


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, session_tmp: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        url = f"sqlite://{session_tmp / f'test-{uuid.uuid4().hex[:8]}.db'}"
    else:
        url = await _fresh_postgres_database(PG_URL)
    # tortoise caches INSERT statements per table name, not per dialect: switching backends in one
    # process would reuse SQLite's "?" placeholders on PostgreSQL.
    EXECUTOR_CACHE.clear()
    await kesu_db.run_migrations(url)
    await kesu_db.open_database(url)
    try:
        yield url
    finally:
        await kesu_db.close_database()
        if request.param == "postgres":
            await _drop_postgres_database(url)


async def _fresh_postgres_database(base_url: str) -> str:
    """One fresh database per test session (and per xdist worker): runs never share tables."""
    import asyncpg

    name = f"kesu_test_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(_admin_dsn(base_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return base_url.rsplit("/", 1)[0] + "/" + name


async def _drop_postgres_database(url: str) -> None:
    import asyncpg

    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(_admin_dsn(url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _admin_dsn(url: str) -> str:
    return kesu_db.normalise_url(url.rsplit("/", 1)[0] + "/postgres").replace(
        "postgres://", "postgresql://", 1
    )


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    """A migrated, empty database (SQLite, and PostgreSQL when configured)."""
    await truncate_all_models()
    yield database_url


@pytest.fixture
def clock() -> FrozenClock:
    # A Monday morning in Shanghai (02:00 UTC = 10:00 local), not near a holiday.
    return FrozenClock(datetime(2026, 11, 16, 2, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings.from_env(
        {
            "KESU_DATA_DIR": str(tmp_path / "data"),
            "KESU_DATABASE_URL": database_url,
            "KESU_SECRET_KEY": "test-secret-key-0123456789abcdef0123456789",
        }
    )


@pytest.fixture(scope="session")
def shared_dir() -> Iterator[Path]:
    if not SHARED.is_dir():
        pytest.skip("../shared is not next to the checkout")
    yield SHARED
