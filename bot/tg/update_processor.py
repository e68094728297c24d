"""Processing updates from different chats concurrently while keeping each chat's updates in order.

PTB's own concurrent processing may reorder one user's quick messages (a typed answer overtaking
the button press before it). Here every update takes its chat's lock before a processing slot;
asyncio locks are first-come first-served and PTB starts one task per update in arrival order,
so each chat sees its updates handled strictly one after another.

Only `do_process_update` is overridden, as PTB intends (`process_update` is final). PTB's own
semaphore is set wide (updates may wait for their chat's lock without holding a slot); the real
limit is the processor's own semaphore, taken after the chat's lock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.logs import set_update_id
from bot.tg.metrics import Metrics, update_kind

WAITING = 1024  # updates that may be in flight at once, most of them waiting for their chat's turn


def chat_key(update: object) -> int | None:
    """The chat (or, failing that, the user) an update belongs to; None for neither."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to `slots` updates handled at once, never two of the same chat."""

    def __init__(self, slots: int, metrics: Metrics | None = None) -> None:
        super().__init__(max(WAITING, slots))
        self.slots = slots
        self.metrics = metrics or Metrics()
        self._slots = asyncio.BoundedSemaphore(slots)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's turn, then for a free slot, then handle the update."""
        set_update_id(update)  # this update's task, and the tasks it starts, log its update_id
        self.metrics.updates.labels(update_kind(update)).inc()
        key = chat_key(update)
        if key is None:
            async with self._slots:
                await self._timed(coroutine)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await self._timed(coroutine)
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:  # keep no state for idle chats
                del self._users[key], self._locks[key]

    async def _timed(self, coroutine: Awaitable[Any]) -> None:
        """Handle the update, its handling time observed (waiting for the chat's turn not included)."""
        started = time.perf_counter()
        try:
            await coroutine
        finally:
            self.metrics.handling.observe(time.perf_counter() - started)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
