"""Our own APScheduler (3.11 AsyncIOScheduler): the clock that calls the sweeps and the cron jobs.

Due times live in our tables; the scheduler only says "now is a good moment to look". The interval job
sweeps every `settings.sweep_interval` seconds; cron triggers run the monthly follow-up (1st, 08:00)
and the retention purge (daily, 03:30) in the desk's time zone, each guarded by a JobRun row so that
several instances run it once. Jobs that miss their moment (process down) run at the next start within
the grace time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from kesu.clock import Clock
from kesu.jobs import cron, sweep
from kesu.settings import Settings

CRON_GRACE = 6 * 3600


def build_scheduler(
    settings: Settings, clock: Clock, *, wake_sender: Callable[[], None] | None = None
) -> AsyncIOScheduler:
    tz = settings.timezone
    # APScheduler logs every run at INFO: with a sweep every 2 s that drowns the log (and can fill a pipe).
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    scheduler = AsyncIOScheduler(timezone=tz)
    scheduler.add_job(
        sweep.tick,
        IntervalTrigger(seconds=settings.sweep_interval, timezone=tz),
        args=(settings, clock, wake_sender),
        id="sweep",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )
    scheduler.add_job(
        cron.monthly_followup,
        CronTrigger(day=1, hour=8, minute=0, timezone=tz),
        args=(settings, clock),
        id="monthly-followup",
        coalesce=True,
        misfire_grace_time=CRON_GRACE,
    )
    scheduler.add_job(
        cron.retention_purge,
        CronTrigger(hour=3, minute=30, timezone=tz),
        args=(settings, clock),
        id="retention-purge",
        coalesce=True,
        misfire_grace_time=CRON_GRACE,
    )
    return scheduler
