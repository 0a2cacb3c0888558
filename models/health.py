"""Database liveness for /healthz."""

from __future__ import annotations

import logging

from tortoise import Tortoise

log = logging.getLogger(__name__)


async def database_ok() -> bool:
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:  # any failure of the database means "unhealthy"; the reason goes to the log
        log.warning("database health check failed", exc_info=True)
        return False
    return True
