"""Telegram's send limits as pacing rules: about 30 messages/s per bot and 1/s per chat.

`Pacer` is a GCRA (generic cell rate algorithm) token bucket that hands out send slots: `reserve(now)`
returns how long to wait before sending, and books that slot, so concurrent senders queue behind each
other instead of bursting. Times are plain monotonic seconds, so the rules are pure and testable.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RateLimits:
    """Per-bot and per-chat rates; `enabled=False` sends as fast as the transport allows (benches)."""

    per_second: float = 30.0
    burst: int = 1
    per_chat_per_second: float = 1.0
    chat_burst: int = 1
    enabled: bool = True


UNLIMITED = RateLimits(enabled=False)


# We pace a little under the configured rate: requests leave evenly spaced, but network jitter can
# bunch them on arrival, and the limit is what the far side counts.
HEADROOM = 0.95


@dataclass
class Pacer:
    rate: float
    burst: int = 1
    _tat: float = field(default=float("-inf"))  # theoretical arrival time of the next free slot

    @property
    def interval(self) -> float:
        return 1.0 / self.rate

    def delay(self, now: float) -> float:
        """Seconds until a slot is free, without booking it."""
        return max(0.0, self._tat - (self.burst - 1) * self.interval - now)

    def reserve(self, now: float) -> float:
        """Book the next slot; returns the seconds to wait before using it."""
        wait = self.delay(now)
        self._tat = max(self._tat, now + wait) + self.interval
        return wait

    def pause_until(self, at: float) -> None:
        """The far side said "retry after": nothing goes out before `at`."""
        self._tat = max(self._tat, at + (self.burst - 1) * self.interval)


@dataclass
class ChannelPacing:
    """The pacers of one channel: one for the whole bot, one per chat (created on first use)."""

    limits: RateLimits
    bot: Pacer = field(init=False)
    chats: dict[str, Pacer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.bot = Pacer(self.limits.per_second * HEADROOM, self.limits.burst)

    def chat(self, chat_id: str) -> Pacer:
        pacer = self.chats.get(chat_id)
        if pacer is None:
            pacer = self.chats[chat_id] = Pacer(
                self.limits.per_chat_per_second * HEADROOM, self.limits.chat_burst
            )
        return pacer

    def forget_idle(self, now: float) -> None:
        """Drop per-chat pacers whose slot is already free, so the table does not grow without bound."""
        idle = [chat for chat, pacer in self.chats.items() if pacer.delay(now) == 0.0]
        for chat in idle:
            del self.chats[chat]
