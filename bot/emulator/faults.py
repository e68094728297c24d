"""Injected faults for one emulated bot: rate limits (429), blocked chats (403), failures (502), delays."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field, fields
from typing import Any

from bot.emulator.objects import EmulatorError

BLOCKED = EmulatorError("Forbidden: bot was blocked by the user", 403)


@dataclass
class Faults:
    """What can go wrong, per bot; counts are consumed by upcoming send* calls."""

    rate_limit: float | None = None  # messages per second across all chats (send*/edit*)
    per_chat_rate_limit: float | None = None  # messages per second in one chat
    blocked_chats: set[int] = field(default_factory=set)
    fail_next: int = 0  # upcoming send* calls answered 502 Bad Gateway
    delay_next: int = 0  # upcoming send* calls held `delay_seconds` before processing
    delay_seconds: float = 0.0
    retry_after: int | None = None  # the retry_after every 429 carries (None: the seconds until one more fits)
    paid_rate_limit: float | None = None  # messages per second sent with allow_paid_broadcast (their own window)

    def as_dict(self) -> dict:
        """A JSON-friendly view of the settings."""
        return {"rate_limit": self.rate_limit, "per_chat_rate_limit": self.per_chat_rate_limit,
                "blocked_chats": sorted(self.blocked_chats), "fail_next": self.fail_next,
                "delay_next": self.delay_next, "delay_seconds": self.delay_seconds, "retry_after": self.retry_after,
                "paid_rate_limit": self.paid_rate_limit}


FAULT_NAMES = {f.name for f in fields(Faults)}


class RateWindow:
    """A sliding window allowing `rate` events per second (one per 1/rate seconds when rate < 1)."""

    def __init__(self, rate: float) -> None:
        self.window = max(1.0, 1.0 / rate)
        self.capacity = max(1, round(rate * self.window))
        self.times: deque[float] = deque()

    def retry_after(self, at: float) -> int:
        """0 if one more event fits now, else whole seconds (>= 1) until it would."""
        while self.times and self.times[0] <= at - self.window:
            self.times.popleft()
        if len(self.times) < self.capacity:
            return 0
        return max(1, math.ceil(self.times[0] + self.window - at))

    def add(self, at: float) -> None:
        """Count one accepted event."""
        self.times.append(at)


class FaultInjector:
    """Applies a bot's Faults to its calls and keeps the rate windows."""

    def __init__(self) -> None:
        self.faults = Faults()
        self._global: RateWindow | None = None
        self._paid: RateWindow | None = None
        self._per_chat: dict[int, RateWindow] = {}

    def set(self, **settings: Any) -> Faults:
        """Change some settings (`delay_next` may be a (count, seconds) pair); returns the new settings."""
        unknown = set(settings) - FAULT_NAMES
        if unknown:
            raise EmulatorError(f"unknown fault setting(s): {', '.join(sorted(unknown))}", 400)
        if isinstance(settings.get("delay_next"), (tuple, list)):
            settings["delay_next"], settings["delay_seconds"] = settings["delay_next"]
        if "blocked_chats" in settings:
            settings["blocked_chats"] = {int(c) for c in settings["blocked_chats"] or ()}
        for name, value in settings.items():
            setattr(self.faults, name, value)
        if "rate_limit" in settings:
            self._global = RateWindow(self.faults.rate_limit) if self.faults.rate_limit else None
        if "paid_rate_limit" in settings:
            self._paid = RateWindow(self.faults.paid_rate_limit) if self.faults.paid_rate_limit else None
        if "per_chat_rate_limit" in settings:
            self._per_chat = {}
        return self.faults

    def clear(self) -> None:
        """Remove every fault and forget the rate windows."""
        self.faults = Faults()
        self._global = None
        self._paid = None
        self._per_chat = {}

    def take_delay(self) -> float:
        """Seconds to hold this send* call (consumes one delayed call), or 0."""
        if self.faults.delay_next > 0:
            self.faults.delay_next -= 1
            return self.faults.delay_seconds
        return 0.0

    def take_failure(self) -> None:
        """Raise 502 Bad Gateway if a failure is pending (consumes it)."""
        if self.faults.fail_next > 0:
            self.faults.fail_next -= 1
            raise EmulatorError("Bad Gateway", 502)

    def check_blocked(self, chat_id: int) -> None:
        """Raise 403 if the user of this chat blocked the bot."""
        if chat_id in self.faults.blocked_chats:
            raise BLOCKED

    def admit(self, chat_id: int, paid: bool = False) -> None:
        """Count one outgoing message, or raise 429 with retry_after when over a rate limit; a paid
        broadcast counts against the paid window (when one is set) instead of the free one."""
        at = time.monotonic()
        windows = []
        if paid and self._paid is not None:
            windows.append(self._paid)
        elif self._global is not None:
            windows.append(self._global)
        if self.faults.per_chat_rate_limit:
            window = self._per_chat.get(chat_id)
            if window is None:
                window = self._per_chat[chat_id] = RateWindow(self.faults.per_chat_rate_limit)
            windows.append(window)
        wait = max((w.retry_after(at) for w in windows), default=0)
        if wait and self.faults.retry_after is not None:
            wait = self.faults.retry_after
        if wait:
            raise EmulatorError(f"Too Many Requests: retry after {wait}", 429, {"retry_after": wait})
        for window in windows:
            window.add(at)
