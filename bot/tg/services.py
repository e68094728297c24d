"""The shared resources handlers use, kept in the Application's bot_data under one key."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from telegram.ext import CallbackContext

from bot.clock import Clock
from bot.config import Config
from bot.core.content.loader import Content
from bot.core.nudges.plan import NudgePlanner
from bot.core.routines.pictures import Pictures
from bot.core.storage.store import Storage
from bot.tg.metrics import Metrics
from bot.tg.sending.sender import Sender

SERVICES_KEY = "services"


@dataclass
class Services:
    """Configuration, clock, storage, content and the sender: everything a handler needs."""

    config: Config
    clock: Clock
    storage: Storage
    content: Content
    sender: Sender
    rng: random.Random = field(default_factory=random.Random)
    dispatch_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    dispatch_interval: float | None = None
    watch_content: bool = False  # reload content/ when its files change
    metrics: Metrics = field(default_factory=Metrics)
    pictures: Pictures = field(default_factory=lambda: Pictures(Path("data/drawings")))  # pictures of stretches
    noted: dict[int, datetime] = field(default_factory=dict)  # when each person was last noted as seen (hourly writes)
    routine_locks: dict[int, asyncio.Lock] = field(default_factory=dict)  # one per subscriber with a routine
    background: set[asyncio.Task] = field(default_factory=set)  # tasks started in post_init, kept referenced
    last_tick: float | None = None  # time.monotonic() when the dispatcher's last pass began (for /healthz)

    @property
    def planner(self) -> NudgePlanner:
        """Plans each subscriber's next nudges."""
        return NudgePlanner(self.storage)


def services(context: CallbackContext) -> Services:
    """Return the Services object of the running Application."""
    return context.application.bot_data[SERVICES_KEY]
