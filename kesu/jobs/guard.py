"""Cron jobs run once per period across instances: a JobRun row keyed by job and period is the claim."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from models.config import JobRun
from models.leases import utc

log = logging.getLogger("kesu.jobs")

# A run that started this long ago and never finished is taken to have crashed; another instance redoes it.
STALE_AFTER = timedelta(hours=1)


async def once(key: str, now: datetime, job: Callable[[], Awaitable[Any]]) -> bool:
    """Run `job` unless another instance has run (or is running) the same key; True if we ran it."""
    now = utc(now)
    try:
        await JobRun.create(key=key, started_at=now)
    except IntegrityError:
        taken = await JobRun.filter(
            key=key, finished_at__isnull=True, started_at__lt=now - STALE_AFTER
        ).update(started_at=now)
        if not taken:
            return False
        log.warning("job %s: previous run never finished; running it again", key)
    result = await job()
    await JobRun.filter(key=key).update(finished_at=now, result=result)
    log.info("job %s done: %s", key, result)
    return True
