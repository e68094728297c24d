"""The shared resources handlers use, kept in the Application's bot_data under one key."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from telegram.ext import CallbackContext

from bot.core.clock import Clock
from bot.core.config import Config
from bot.core.content import Content
from bot.core.storage import Storage

SERVICES_KEY = "services"


@dataclass
class Services:
    """Configuration, clock, storage and content: everything a handler needs from the core."""

    config: Config
    clock: Clock
    storage: Storage
    content: Content
    rng: random.Random = field(default_factory=random.Random)


def services(context: CallbackContext) -> Services:
    """Return the Services object of the running Application."""
    return context.application.bot_data[SERVICES_KEY]
