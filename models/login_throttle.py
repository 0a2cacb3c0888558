"""Failed sign-ins per key (username and address), shared by every instance through the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


class LoginThrottle(Model):
    """Counts failed sign-ins in a window, at the limit the key is locked until the window ends."""

    key = fields.CharField(max_length=160, primary_key=True)
    failures = fields.IntField(default=0)
    window_start = fields.DatetimeField()

    class Meta:
        table = "login_throttle"


async def is_locked(keys: list[str], now: datetime) -> bool:
    return await LoginThrottle.exists(key__in=keys, failures__gte=MAX_FAILURES, window_start__gt=now - WINDOW)


async def record_failure(keys: list[str], now: datetime) -> None:
    for key in keys:
        # An expired window restarts at one; concurrent failures are counted by the UPDATE itself.
        if await LoginThrottle.filter(key=key, window_start__gt=now - WINDOW).update(
            failures=F("failures") + 1
        ):
            continue
        if await LoginThrottle.filter(key=key).update(failures=1, window_start=now):
            continue
        try:
            await LoginThrottle.create(key=key, failures=1, window_start=now)
        except IntegrityError:  # another instance created it a moment ago
            await LoginThrottle.filter(key=key).update(failures=F("failures") + 1)


async def clear(keys: list[str]) -> None:
    await LoginThrottle.filter(key__in=keys).delete()
