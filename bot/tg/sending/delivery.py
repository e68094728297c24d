"""Sending one claimed due message (nudge, follow-up or broadcast) and settling it when that fails."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from telegram import InlineKeyboardMarkup

from bot.core.storage.store import BLOCKED
from bot.core.storage.due import CANCELLED, DueMessage
from bot.tg.sending.sender import Blocked, SendFailed, Stopped, Undeliverable
from bot.tg.services import Services

logger = logging.getLogger(__name__)

RETRY_DELAY = timedelta(minutes=1)


@dataclass(frozen=True)
class Delivered:
    """A scheduled message that went out: its message id, and the seconds it was held from the claim of its batch
    until it left (the pace of the fan-out: the rate limit)."""

    message_id: int
    paced: float


async def send_due(s: Services, due: DueMessage, text: str, markup: InlineKeyboardMarkup | dict | None = None, *,
                   blocked_status: str = CANCELLED, refused_status: str = CANCELLED) -> Delivered | None:
    """Send a claimed due message and say how it went out; on failure return None after settling it:
    403 marks the subscriber blocked and cancels their other messages, a refused message is settled
    as `refused_status`, retries used up put it back for a minute later, and a shutdown before it went
    out leaves it pending as it was, for the next start."""
    storage, now = s.storage, s.clock.now()
    claimed = s.sender.claimed.pop(due.id, None)
    try:
        message_id = await s.sender.send(due.user_id, text, markup)
        s.metrics.scheduled_sends.labels(due.kind, "sent").inc()
        # pacing: from the claim of its batch until it left (waiting for the pass's other sends and the limiter)
        return Delivered(message_id, time.monotonic() - claimed if claimed is not None else 0.0)
    except Blocked:
        s.metrics.scheduled_sends.labels(due.kind, "blocked").inc()
        storage.set_status(due.user_id, BLOCKED, now)
        storage.settle(due.id, blocked_status, now)
        storage.cancel_pending(due.user_id)
    except Undeliverable as error:
        logger.warning("%s %s undeliverable: %s", due.kind, due.id, error)
        s.metrics.scheduled_sends.labels(due.kind, "failed").inc()
        storage.settle(due.id, refused_status, now)
    except SendFailed as error:
        logger.warning("%s %s failed, retrying later: %s", due.kind, due.id, error)
        s.metrics.scheduled_sends.labels(due.kind, "retry").inc()
        storage.retry_later(due.id, now + RETRY_DELAY, now)
    except Stopped:  # shutting down: the send was called off, the message stays pending for the next start
        s.metrics.scheduled_sends.labels(due.kind, "cancelled").inc()
        storage.retry_later(due.id, due.due_at, now)
    return None
