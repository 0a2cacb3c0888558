"""Claiming due rows with a lease, so any number of instances share the work and never do it twice.

A claim stamps `claim_token` and `claimed_until` on a batch of due rows. On PostgreSQL the candidate rows
are locked with FOR UPDATE SKIP LOCKED, so concurrent sweepers take disjoint batches without waiting; the
UPDATE repeats the due condition, so a row another instance claimed meanwhile is never taken twice (that
is what keeps SQLite, where the lock clause is dropped, correct as well). A crashed claim's lease expires
and the row becomes due again.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.transactions import in_transaction

M = TypeVar("M", bound=Model)


def utc(moment: datetime) -> datetime:
    """Query parameters in UTC: on SQLite tortoise compares filter and update() values as text, and only
    create()/save() normalise them, so a +08:00 value would compare wrongly against stored UTC rows."""
    return moment.astimezone(UTC)


def new_token() -> str:
    return uuid.uuid4().hex


def lease_free(now: datetime) -> Q:
    """Not claimed, or claimed by someone whose lease has run out."""
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


async def claim(
    model: type[M],
    due: Q,
    *,
    now: datetime,
    lease: timedelta,
    batch: int,
    order_by: tuple[str, ...] = ("id",),
    **changes: Any,
) -> list[M]:
    """Claim up to `batch` rows matching `due`; returns the claimed rows (with `claim_token` set)."""
    token = new_token()
    now = utc(now)
    async with in_transaction():
        candidates = (
            await model.filter(due)
            .order_by(*order_by)
            .limit(batch)
            .select_for_update(skip_locked=True)
            .only("id")
        )
        if not candidates:
            return []
        ids = [row.pk for row in candidates]
        count = await model.filter(due, id__in=ids).update(
            claim_token=token, claimed_until=now + lease, **changes
        )
    if count == 0:
        return []
    return await model.filter(claim_token=token).order_by(*order_by)
