"""Database wiring: the tortoise config, versioned migrations, and the connection's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate as migrate_api

from models import MODEL_MODULES
from models.search import ensure_search_index


def normalise_url(url: str) -> str:
    # tortoise names the PostgreSQL scheme "postgres"; accept the libpq spelling too.
    if url.startswith("postgresql://"):
        return "postgres://" + url.removeprefix("postgresql://")
    return url


# SQLite runs in WAL mode (tortoise's default). synchronous=NORMAL syncs the WAL at checkpoints rather
# than at every commit: a committed transaction survives the process being killed (SIGKILL, crash), and
# only a power loss or OS crash can lose the last commits (never corrupting the file). Every commit
# fsync-ing (FULL) cost about a third of the intake's capacity (bench/intake.py). `?synchronous=FULL` in
# KESU_DATABASE_URL restores it.
SQLITE_DEFAULT_PRAGMAS = {"synchronous": "NORMAL"}


def with_sqlite_pragmas(url: str) -> str:
    """URL query parameters become PRAGMAs; ours are added unless the URL sets them itself."""
    if not url.startswith("sqlite://"):
        return url
    path, _, query = url.partition("?")
    given = {part.split("=", 1)[0] for part in query.split("&") if part}
    extra = [f"{name}={value}" for name, value in SQLITE_DEFAULT_PRAGMAS.items() if name not in given]
    return path + "?" + "&".join(filter(None, [query, *extra])) if extra else url


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": with_sqlite_pragmas(normalise_url(database_url))},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "migrations": "kesu.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def run_migrations(database_url: str) -> None:
    """Apply pending migrations, then close: callers open their own connection afterwards."""
    ensure_sqlite_folder(database_url)
    try:
        await migrate_api(config=tortoise_config(database_url))
        # Full-text structures are dialect specific (FTS5 / GIN) and live outside the ORM's migrations.
        await Tortoise.init(config=tortoise_config(database_url))
        await ensure_search_index()
    finally:
        await Tortoise.close_connections()


def ensure_sqlite_folder(database_url: str) -> None:
    """aiosqlite hangs (rather than failing) when the database file's folder does not exist."""
    if database_url.startswith("sqlite://") and ":memory:" not in database_url:
        path = Path(database_url.removeprefix("sqlite://").split("?", 1)[0])
        path.parent.mkdir(parents=True, exist_ok=True)


async def open_database(database_url: str) -> None:
    ensure_sqlite_folder(database_url)
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def database(database_url: str, *, migrate: bool = True) -> AsyncIterator[None]:
    if migrate:
        await run_migrations(database_url)
    await open_database(database_url)
    try:
        yield
    finally:
        await close_database()
