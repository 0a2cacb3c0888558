"""The one outbox sender: claims due messages, paces them to the channel's limits, delivers, records.

Each pass (`run_due`) claims a batch of due rows with a lease (see models.leases), so instances sharing a
database never attempt the same message under the same claim; it sends outside any transaction, then
marks the row sent, retries it later with backoff, or gives up on a permanent error. Chats are served
concurrently, each chat's messages in order; the per-bot and per-chat pacers keep us inside Telegram's
limits so a burst queues instead of failing. `start()` runs passes in the background; `wake()` makes the
next pass start at once after something was queued.

Fast path (`lease()` + `deliver()`): a caller that queues a reply can create the row already claimed by
this sender (inside its own transaction) and hand it over after the commit; the sender sends it at once,
without a pass and its claim queries. Pacing, retries and the per-chat order apply as in a pass; if the
process dies first, the lease runs out and the next pass (of any instance) sends the row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.queryset import QuerySet

from bot import raw_sql
from bot.delivery.failures import record_permanent_failure
from bot.delivery.limits import ChannelPacing, RateLimits
from bot.delivery.transport import Transport
from kesu.clock import Clock
from models import leases
from models.enums import Channel, OutboxState
from models.errors import DeliveryError, PermanentDeliveryError
from models.outbox import OutboxMessage

log = logging.getLogger("kesu.outbox")


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 2.0
    max_seconds: float = 900.0
    # Errors without retry_after (5xx, timeouts) give up after this many attempts; a 429 never does.
    max_attempts: int = 12

    def delay(self, attempts: int, retry_after: float | None) -> float:
        backoff = min(self.max_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        return max(backoff, retry_after) if retry_after is not None else backoff


@dataclass(frozen=True)
class SenderOptions:
    interval: float = 2.0  # background pass period when nobody wakes us
    batch: int = 200
    lease: timedelta = timedelta(seconds=60)
    # A chat whose next free slot is further away than this is deferred (row released) rather than held.
    max_hold: float = 3.0
    concurrency: int = 16  # sends in flight at once, across chats
    retry: RetryPolicy = RetryPolicy()
    drain_seconds: float = 5.0  # on stop, how long fast-path sends in flight may take to finish


@dataclass(frozen=True)
class Lease:
    """A claim made before the row exists: the row is created with these values, state SENDING."""

    token: str
    until: datetime


class OutboxSender:
    def __init__(
        self,
        transports: Mapping[Channel, Transport],
        clock: Clock,
        *,
        limits: Mapping[Channel, RateLimits] | None = None,
        options: SenderOptions | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._transports = dict(transports)
        self._clock = clock
        self._options = options or SenderOptions()
        self._pacing = {
            channel: ChannelPacing(rule) for channel, rule in (limits or {}).items() if rule.enabled
        }
        self._monotonic = monotonic
        self._sleep = sleep
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._in_flight = asyncio.Semaphore(self._options.concurrency)
        self._chat_locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._handed: set[asyncio.Task[None]] = set()

    # --- background loop -----------------------------------------------------------------------

    def _now(self) -> datetime:
        return leases.utc(self._clock.now())

    def wake(self) -> None:
        """Something was queued: start the next pass now instead of at the next interval."""
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="outbox-sender")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._handed:
            # Let replies being sent finish; a row cut off here is sent again once its lease expires.
            _, pending = await asyncio.wait(set(self._handed), timeout=self._options.drain_seconds)
            for late in pending:
                late.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    # --- fast path -----------------------------------------------------------------------------

    def lease(self) -> Lease:
        """Claim values for a row the caller is about to create for `deliver()`."""
        return Lease(token=leases.new_token(), until=self._now() + self._options.lease)

    def deliver(self, message: OutboxMessage) -> None:
        """Send a committed row created with `lease()` values now (in the background)."""
        task = asyncio.create_task(self._deliver_handed(message), name=f"outbox-{message.id}")
        self._handed.add(task)
        task.add_done_callback(self._handed.discard)

    async def _deliver_handed(self, message: OutboxMessage) -> None:
        try:
            await self._serve_chat([message])
        except Exception:  # the row keeps its lease; the pass after it expires sends it
            log.exception("outbox %s: fast-path delivery failed", message.id)

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._options.interval)
            self._wake.clear()
            try:
                while await self.run_due(self._now()) >= self._options.batch:
                    pass  # a full batch means more may be waiting
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end the sender; the next pass retries
                log.exception("outbox pass failed")

    # --- one pass ------------------------------------------------------------------------------

    async def run_due(self, now: datetime) -> int:
        """Claim due messages and deliver them; returns how many were claimed."""
        now = leases.utc(now)
        due = Q(state=OutboxState.PENDING, next_attempt_at__lte=now) | Q(
            state=OutboxState.SENDING, claimed_until__lt=now
        )
        rows = await leases.claim(
            OutboxMessage,
            due,
            now=now,
            lease=self._options.lease,
            batch=self._options.batch,
            order_by=("id",),
            state=OutboxState.SENDING,
        )
        if not rows:
            return 0
        by_chat: dict[tuple[str, str], list[OutboxMessage]] = {}
        for row in rows:
            by_chat.setdefault((row.channel, row.chat_id), []).append(row)
        await asyncio.gather(*(self._serve_chat(messages) for messages in by_chat.values()))
        for pacing in self._pacing.values():
            pacing.forget_idle(self._monotonic())
        return len(rows)

    async def _serve_chat(self, messages: list[OutboxMessage]) -> None:
        """One chat's messages, in order (a pass and fast-path sends of one chat take turns)."""
        key = (messages[0].channel, messages[0].chat_id)
        lock = self._chat_locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                await self._serve_chat_in_order(messages)
        finally:
            if not lock.locked() and self._chat_locks.get(key) is lock:
                del self._chat_locks[key]  # idle chats do not accumulate locks

    async def _serve_chat_in_order(self, messages: list[OutboxMessage]) -> None:
        """Those that cannot go out soon are released for later."""
        pacing = self._pacing.get(Channel(messages[0].channel))
        for index, message in enumerate(messages):
            if pacing is not None:
                wait = pacing.chat(message.chat_id).delay(self._monotonic())
                if wait > self._options.max_hold:
                    await self._defer_all(messages[index:], wait, pacing.limits.per_chat_per_second)
                    return
                await self._sleep(pacing.chat(message.chat_id).reserve(self._monotonic()))
            retry_at = await self._deliver(message, pacing)
            if retry_at is not None:  # keep the chat's order: the rest waits behind the retried one
                await self._hold_back(message, messages[index + 1 :], retry_at)
                return

    async def _deliver(self, message: OutboxMessage, pacing: ChannelPacing | None) -> datetime | None:
        """Send one message; returns when it will be retried, if it will."""
        async with self._in_flight:
            if pacing is not None:
                await self._sleep(pacing.bot.reserve(self._monotonic()))
            if not self._lease_still_held(message):
                return None  # too late: another instance may re-claim it; never attempt without the lease
            transport = self._transports.get(Channel(message.channel))
            try:
                if transport is None:
                    raise PermanentDeliveryError(f"no transport for channel {message.channel}")
                external_id = await transport.send(message)
            except PermanentDeliveryError as exc:
                await self._give_up(message, str(exc) or type(exc).__name__)
            except DeliveryError as exc:
                if exc.retry_after and pacing is not None:
                    pacing.bot.pause_until(self._monotonic() + exc.retry_after)
                return await self._retry_later(message, exc)
            else:
                await self._mark_sent(message, external_id)
            return None

    def _lease_still_held(self, message: OutboxMessage) -> bool:
        # Keep a margin for the send itself, so a slow call cannot overlap a re-claim.
        margin = timedelta(seconds=min(10.0, self._options.lease.total_seconds() / 4))
        return message.claimed_until is not None and self._now() < message.claimed_until - margin

    # --- outcomes, each conditional on still holding the claim --------------------------------

    def _mine(self, message: OutboxMessage) -> QuerySet[OutboxMessage]:
        return OutboxMessage.filter(id=message.id, claim_token=message.claim_token)

    async def _mark_sent(self, message: OutboxMessage, external_id: str | None) -> None:
        # Every message ends here: one fixed statement (bot/raw_sql.py), conditional on our claim.
        await raw_sql.execute(
            MARK_SENT, [OutboxState.SENT.value, self._now(), external_id, message.id, message.claim_token]
        )

    async def _retry_later(self, message: OutboxMessage, exc: DeliveryError) -> datetime | None:
        attempts = message.attempts + 1
        policy = self._options.retry
        if exc.retry_after is None and attempts >= policy.max_attempts:
            await self._give_up(message, f"gave up after {attempts} attempts: {exc}")
            return None
        delay = policy.delay(attempts, exc.retry_after)
        log.info("outbox %s: retry in %.1fs (%s)", message.id, delay, exc)
        retry_at = self._now() + timedelta(seconds=delay)
        await self._mine(message).update(
            state=OutboxState.PENDING,
            attempts=attempts,
            next_attempt_at=retry_at,
            claimed_until=None,
            claim_token=None,
            last_error=str(exc)[:1000],
        )
        return retry_at

    async def _hold_back(self, failed: OutboxMessage, claimed: list[OutboxMessage], at: datetime) -> None:
        """Later messages of the chat (ours, and those not yet claimed) go after the retried one."""
        for offset, message in enumerate(claimed, start=1):
            await self._mine(message).update(
                state=OutboxState.PENDING,
                next_attempt_at=at + timedelta(milliseconds=offset),
                claimed_until=None,
                claim_token=None,
            )
        await OutboxMessage.filter(
            channel=failed.channel,
            chat_id=failed.chat_id,
            state=OutboxState.PENDING,
            id__gt=failed.id,
            next_attempt_at__lt=at,
        ).update(next_attempt_at=at + timedelta(milliseconds=len(claimed) + 1))

    async def _give_up(self, message: OutboxMessage, reason: str) -> None:
        log.warning("outbox %s to %s failed permanently: %s", message.id, message.chat_id, reason)
        count = await self._mine(message).update(
            state=OutboxState.FAILED,
            attempts=F("attempts") + 1,
            claimed_until=None,
            claim_token=None,
            last_error=reason[:1000],
        )
        if count:
            await record_permanent_failure(message, reason, self._now())

    async def _defer_all(self, messages: list[OutboxMessage], wait: float, rate: float) -> None:
        """Release rows the chat cannot take yet, each at its own future slot (the order is kept)."""
        now = self._now()
        for offset, message in enumerate(messages):
            at = now + timedelta(seconds=wait + offset / rate)
            await self._mine(message).update(
                state=OutboxState.PENDING, next_attempt_at=at, claimed_until=None, claim_token=None
            )


MARK_SENT = (
    "UPDATE outbox_message SET state = ?, sent_at = ?, attempts = attempts + 1, external_message_id = ?,"
    " claimed_until = NULL, claim_token = NULL, last_error = '' WHERE id = ? AND claim_token = ?"
)
