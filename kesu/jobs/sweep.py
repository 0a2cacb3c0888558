"""The interval job: deadline reminders/escalations, survey reminders/expiry, intake draft nudges."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from kesu.clock import Clock
from kesu.settings import Settings
from models import revisit, sweeps

log = logging.getLogger("kesu.jobs")

# Enough rounds to drain a burst of due deadlines within one tick, bounded so a tick always ends.
MAX_ROUNDS = 40


async def tick(settings: Settings, clock: Clock, wake: Callable[[], None] | None = None) -> dict[str, int]:
    now = clock.now()
    done = {
        "deadlines": await drain_deadlines(now, settings),
        "surveys": await revisit.run_due(now, tz=settings.timezone),
        "drafts": await _intake_nudges(now, settings),
    }
    if any(done.values()):
        log.info("sweep: %s", done)
        if wake is not None:
            wake()  # what the sweep queued leaves now, not at the sender's next interval
    return done


async def drain_deadlines(now: datetime, settings: Settings) -> int:
    total = 0
    for _ in range(MAX_ROUNDS):
        acted = await sweeps.run_due(now, tz=settings.timezone)
        total += acted
        if acted == 0:
            break
    return total


async def _intake_nudges(now: datetime, settings: Settings) -> int:
    run_due = _optional("bot.intake.sweeps", "run_due")
    return await run_due(now, settings) if run_due is not None else 0


def _optional(module: str, name: str) -> Callable[..., Awaitable[int]] | None:
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError:  # the intake package is optional for this job
        return None
