"""Cron jobs: the monthly follow-up list and the daily retention purge, each once per period."""

from __future__ import annotations

from kesu.clock import Clock
from kesu.jobs.guard import once
from kesu.settings import Settings
from models import followup, retention


async def monthly_followup(settings: Settings, clock: Clock) -> bool:
    now = clock.now()
    _, _, month = followup.last_month(now, settings.timezone)
    return await once(f"followup:{month}", now, lambda: followup.send_monthly(now, settings.timezone))


async def retention_purge(settings: Settings, clock: Clock) -> bool:
    now = clock.now()
    day = now.astimezone(settings.timezone).date().isoformat()

    async def purge() -> dict[str, int]:
        count = await retention.purge_due(
            now, retention_days=settings.retention_days, uploads_dir=settings.uploads_dir
        )
        photos = await retention.purge_abandoned_photos(now, uploads_dir=settings.uploads_dir)
        return {"purged": count, "abandoned_photos": photos}

    return await once(f"purge:{day}", now, purge)
