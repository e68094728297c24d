"""Pacing sends within Telegram's limits: about 30 messages a second overall and one a second per
chat, with a global pause when Telegram answers 429 with retry_after.

Pure bookkeeping: the caller passes the current monotonic time and sleeps for the delay it gets
back, so tests need no clock and no sleeping. Memory stays bounded: a chat is forgotten once its
last send is more than one interval old.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import OrderedDict

# Telegram's overall limit is 30 a second. Sends booked exactly 1/30 s apart put the 31st right on
# the edge of a one-second window, so any jitter on the way makes it the 31st inside one and earns a
# 429 that costs a whole second; booking 29.5 a second leaves about 17 ms of slack per window.
DEFAULT_PER_SECOND = 29.5


class SendRateLimiter:
    """Books send slots: never more than `per_second` overall, never two for one chat within `per_chat_interval`."""

    def __init__(self, per_second: float = DEFAULT_PER_SECOND, per_chat_interval: float = 1.0) -> None:
        if per_second <= 0 or per_chat_interval < 0:
            raise ValueError("rates must be positive")
        self.spacing = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self._booked: list[float] = []  # send instants booked overall, sorted; old ones pruned
        self._paused_until = 0.0
        self._last_by_chat: OrderedDict[int, float] = OrderedDict()

    def reserve(self, chat_id: int, now: float) -> float:
        """Book the earliest allowed send for this chat; return how many seconds to wait before it."""
        self._forget_idle(now)
        at = max(now, self._paused_until)
        last = self._last_by_chat.get(chat_id)
        if last is not None:
            at = max(at, last + self.per_chat_interval)
        at = self._first_free_slot(at)
        insort(self._booked, at)
        self._last_by_chat[chat_id] = at
        self._last_by_chat.move_to_end(chat_id)
        return at - now

    def pause(self, retry_after: float, now: float) -> None:
        """Telegram said 429: no send at all before now + retry_after."""
        self._paused_until = max(self._paused_until, now + retry_after)

    def tracked_chats(self) -> int:
        """How many chats are remembered (for memory checks)."""
        return len(self._last_by_chat)

    def _first_free_slot(self, at: float) -> float:
        """The earliest instant from `at` at least one spacing away from every booked send."""
        epsilon = 1e-9
        index = bisect_left(self._booked, at - self.spacing + epsilon)
        while index < len(self._booked) and self._booked[index] < at + self.spacing - epsilon:
            at = max(at, self._booked[index] + self.spacing)
            index += 1
        return at

    def _forget_idle(self, now: float) -> None:
        while self._booked and self._booked[0] < now - self.spacing:
            self._booked.pop(0)
        # entries are kept in booking order, so the oldest are at the front
        while self._last_by_chat:
            chat_id, last = next(iter(self._last_by_chat.items()))
            if last + self.per_chat_interval > now:
                break
            del self._last_by_chat[chat_id]
