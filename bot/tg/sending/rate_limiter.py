"""One limiter for every request that sends or edits, installed as PTB's rate limiter (BaseRateLimiter).

Handler replies, edits, button answers and the dispatcher's scheduled sends all pass through it, so
they share Telegram's limits (scheduler/rate_limit.py's Pacer). A reply takes the next free slot; a
scheduled send (rate_limit_args {"scheduled": True}) uses what replies leave. A 429 pauses
everything for its retry_after, slows the pace, is logged once with the new pace, and the request is
retried: a reply, an escalation above all, is never dropped for a 429. Scheduled sends may carry a
`before_send` check, run while waiting and right before the request leaves (shutting down, erased).
Paid broadcasts (rate_limit_args {"paid": True}) have a pace of their own, outside the free limits.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from scheduler.rate_limit import Pacer

logger = logging.getLogger(__name__)

JSONDict = dict[str, Any]
MAX_ATTEMPTS = 6       # tries of one request through 429s (a reply's last try still raises)
STEP = 0.25            # longest single sleep while waiting, so a `before_send` check is never late
PACED = ("send", "edit", "copy", "forward", "answerCallbackQuery", "deleteMessage")


def retry_seconds(error: RetryAfter) -> float:
    """retry_after in seconds (PTB 22 warns that it will become a timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def chat_of(data: JSONDict) -> int | None:
    """The numeric chat a request goes to, if any (a button answer has none)."""
    chat = data.get("chat_id")
    try:
        return int(chat) if chat is not None else None
    except (TypeError, ValueError):
        return None


class PacedRateLimiter(BaseRateLimiter[JSONDict]):
    """Paces every sending request of one bot; retries through 429s."""

    def __init__(self, pacer: Pacer | None = None, paid: Pacer | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.pacer = pacer or Pacer()
        self.paid = paid
        self.monotonic = monotonic
        self.sleep = sleep
        self.throttles = {"reply": 0, "scheduled": 0}  # 429s received, for tests and benchmarks
        self._replies_waiting = 0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
                              args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: JSONDict | None) -> bool | JSONDict | list[JSONDict]:
        """Hold the request until it fits the limits, issue it, and retry it through 429s."""
        if not endpoint.startswith(PACED):
            return await callback(*args, **kwargs)
        options = rate_limit_args or {}
        scheduled = bool(options.get("scheduled"))
        pacer = self.paid if options.get("paid") and self.paid is not None else self.pacer
        before: Callable[[], None] | None = options.get("before_send")
        chat = chat_of(data)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            await self._slot(pacer, chat, scheduled, before)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as error:
                pacer.landed(self.monotonic())
                kind = "scheduled" if scheduled else "reply"
                self.throttles[kind] += 1
                seconds = retry_seconds(error)
                pace = pacer.throttled(seconds, self.monotonic())
                logger.warning("429 from Telegram on %s (%s): every send waits %.0f s, pace now %.1f a second",
                               endpoint, kind, seconds, pace)
                if attempt == MAX_ATTEMPTS:
                    raise
                continue
            except BaseException:
                pacer.landed(self.monotonic())
                raise
            pacer.landed(self.monotonic())
            return result
        raise AssertionError("unreachable")

    async def _slot(self, pacer: Pacer, chat: int | None, scheduled: bool, before: Callable[[], None] | None) -> None:
        """Wait until the request fits, then book it as issued (no await between the check and the booking)."""
        if not scheduled:
            self._replies_waiting += 1
        try:
            while True:
                if before is not None:
                    before()
                now = self.monotonic()
                delay = pacer.wait(chat, now, scheduled, reply_waiting=self._replies_waiting > 0)
                if delay <= 0:
                    pacer.issued(chat, now, scheduled)
                    return
                await self.sleep(min(delay, STEP))
        finally:
            if not scheduled:
                self._replies_waiting -= 1
