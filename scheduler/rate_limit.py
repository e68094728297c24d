"""Pacing every message the bot sends within Telegram's limits: about 30 a second overall, one a second
per private chat for scheduled sends, 20 a minute per group; replies ahead of scheduled sends; slower
after a 429, then back up.

Pure bookkeeping over a sliding one-second window of real instants: a request counts from the moment
it is issued until one second after its answer came back. Telegram receives it somewhere in between,
so no second of Telegram's can hold more requests than the window allows, however the requests are
delayed on their way (a busy event loop, a slow connection), and a stall never leads to a catch-up
burst. The caller asks `wait(...)` how long to hold a request, holds it, calls `issued(...)` right
before sending it and `landed(...)` when its answer (or error) is back; tests pass the time, so they
need no clock and no sleeping.

Replies to a person may use the whole window; while a reply is waiting, scheduled sends (nudges,
follow-ups, broadcasts) leave `reply_room` of it free, so a reply takes the next free slot and never
queues behind a fan-out; with no reply waiting, a fan-out may use the whole pace. After a 429 every send pauses for
its retry_after and the pace drops (multiplicative decrease); each quiet `recover_after` seconds it
climbs back by one message a second (additive increase) up to its ceiling.
"""

from __future__ import annotations

from collections import OrderedDict, deque

# Telegram's overall limit is about 30 a second; 29 leaves one for rounding at the window's edges.
DEFAULT_PER_SECOND = 29.0
REPLY_ROOM = 3           # messages a second scheduled sends leave free while a reply is waiting
DECREASE = 0.85          # pace kept after a 429
RECOVER_AFTER = 1.0      # seconds without a 429 before the pace climbs by one message a second
MIN_PER_SECOND = 5.0
GROUP_PER_MINUTE = 20
WINDOW = 1.0


class Pacer:
    """Decides when each request may be issued; remembers when requests were issued."""

    def __init__(self, per_second: float = DEFAULT_PER_SECOND, reply_room: int = REPLY_ROOM,
                 per_chat_interval: float = 1.0, group_per_minute: int = GROUP_PER_MINUTE) -> None:
        if per_second <= 0 or per_chat_interval < 0 or reply_room < 0 or group_per_minute <= 0:
            raise ValueError("rates must be positive")
        self.ceiling = per_second
        self.reply_room = min(reply_room, max(0, int(per_second) - 1))
        self.per_chat_interval = per_chat_interval
        self.group_per_minute = group_per_minute
        self._pace = per_second
        self._calm_since = 0.0
        self._landed: deque[float] = deque()  # when answers came back, within the last window
        self._flying = 0  # requests issued whose answers are not back yet
        self._paused_until = 0.0
        self._last_scheduled: OrderedDict[int, float] = OrderedDict()
        self._groups: dict[int, deque[float]] = {}

    def pace(self, now: float) -> float:
        """Messages a second allowed now: the ceiling, or less for a while after a 429."""
        if self._pace < self.ceiling:
            steps = int((now - self._calm_since) / RECOVER_AFTER)
            if steps > 0:
                self._pace = min(self.ceiling, self._pace + steps)
                self._calm_since += steps * RECOVER_AFTER
        return self._pace

    def wait(self, chat_id: int | None, now: float, scheduled: bool, reply_waiting: bool = False) -> float:
        """Seconds until a request to this chat may be issued (0: now). Nothing is booked."""
        self._forget(now)
        at = max(now, self._paused_until)
        capacity = max(1, int(self.pace(now)) - (self.reply_room if scheduled and reply_waiting else 0))
        taken = len(self._landed) + self._flying
        if taken >= capacity:  # wait until enough of the window has slid past
            leaving = taken - capacity  # this many landed ones must leave the window first
            at = max(at, self._landed[leaving] + WINDOW) if leaving < len(self._landed) else max(at, now + WINDOW)
        if chat_id is not None and chat_id < 0:
            sent = self._groups.get(chat_id)
            if sent is not None and len(sent) >= self.group_per_minute:
                at = max(at, sent[len(sent) - self.group_per_minute] + 60.0)
        elif chat_id is not None and scheduled:
            last = self._last_scheduled.get(chat_id)
            if last is not None:
                at = max(at, last + self.per_chat_interval)
        return at - now

    def issued(self, chat_id: int | None, now: float, scheduled: bool) -> None:
        """A request was issued now (its answer is awaited: call landed() when it is back)."""
        self._flying += 1
        if chat_id is not None and chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        elif chat_id is not None and scheduled:
            self._last_scheduled[chat_id] = now
            self._last_scheduled.move_to_end(chat_id)

    def landed(self, now: float) -> None:
        """The answer to an issued request came back now (or it failed): it counts one more second."""
        self._flying = max(0, self._flying - 1)
        self._landed.append(now)

    def throttled(self, retry_after: float, now: float) -> float:
        """Telegram said 429: pause every request for retry_after, slow down; return the new pace."""
        self._paused_until = max(self._paused_until, now + retry_after)
        self._pace = max(MIN_PER_SECOND, self.pace(now) * DECREASE)
        self._calm_since = now + retry_after
        return self._pace

    def tracked_chats(self) -> int:
        """How many chats are remembered (for memory checks)."""
        return len(self._last_scheduled) + len(self._groups)

    def _forget(self, now: float) -> None:
        while self._landed and self._landed[0] <= now - WINDOW:
            self._landed.popleft()
        while self._last_scheduled:
            chat_id, last = next(iter(self._last_scheduled.items()))
            if last + self.per_chat_interval > now:
                break
            del self._last_scheduled[chat_id]
        for chat_id in [c for c, sent in self._groups.items() if sent and sent[-1] <= now - 60.0]:
            del self._groups[chat_id]
        for sent in self._groups.values():
            while sent and sent[0] <= now - 60.0:
                sent.popleft()
