"""Sending operators' broadcasts through the dispatcher, and keeping the admin's progress message
up to date: one due message per subscriber, so each gets it exactly once, at the rate limiter's pace."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.core.storage.store import ACTIVE
from bot.core.storage.broadcasts import BROADCAST
from bot.core.storage.due import CANCELLED, FAILED, PENDING, SENDING, SENT, UNREACHABLE, DueMessage
from bot.tg.sending.delivery import send_due
from bot.tg.editing import edit_message
from bot.tg.services import Services
from scheduler.parsing import MAX_ID, bounded_int

logger = logging.getLogger(__name__)

BLOCKED_STATUS, FAILED_STATUS = UNREACHABLE, FAILED


def broadcast_id_of(due: DueMessage) -> int | None:
    """The broadcast a due message belongs to, or None if it is not one."""
    kind, _, number = due.slot.partition(":")
    return bounded_int(number, 1, MAX_ID) if due.kind == BROADCAST and kind == BROADCAST else None


async def deliver_broadcast(s: Services, due: DueMessage, status: str | None) -> int:
    """Send one claimed broadcast message; return 1 when sent."""
    storage, now = s.storage, s.clock.now()
    broadcast_id = broadcast_id_of(due)
    broadcast = storage.broadcast(broadcast_id) if broadcast_id is not None else None
    if broadcast is None or status != ACTIVE:
        storage.settle(due.id, CANCELLED, now)
        return 0
    delivered = await send_due(s, due, broadcast.text, blocked_status=BLOCKED_STATUS, refused_status=FAILED_STATUS)
    if delivered is None:
        return 0
    storage.settle(due.id, SENT, s.clock.now(), message_id=delivered.message_id, paced=delivered.paced)
    return 1


def progress_text(s: Services, broadcast_id: int) -> str:
    """'Broadcast 3: 450 of 1000 sent, 2 blocked, 0 failed' (or 'finished' once nothing is left)."""
    counts = s.storage.broadcast_counts(broadcast_id)
    broadcast = s.storage.broadcast(broadcast_id)
    total = broadcast.total if broadcast and broadcast.total is not None else sum(counts.values())
    left = counts.get(PENDING, 0) + counts.get(SENDING, 0)
    state = "finished" if left == 0 else "sending"
    return (f"Broadcast {broadcast_id} {state}: {counts.get(SENT, 0)} of {total} sent, "
            f"{counts.get(BLOCKED_STATUS, 0)} blocked, {counts.get(FAILED_STATUS, 0)} failed"
            + ("" if left == 0 else f", {left} to go"))


async def report_progress(s: Services, bot: Bot, broadcast_ids: set[int]) -> None:
    """Edit each broadcast's progress message in the admin's chat."""
    for broadcast_id in sorted(broadcast_ids):
        broadcast = s.storage.broadcast(broadcast_id)
        if broadcast is None or broadcast.admin_chat is None or broadcast.progress_message_id is None:
            continue
        try:
            await edit_message(bot, broadcast.admin_chat, broadcast.progress_message_id, progress_text(s, broadcast_id),
                               plain=True)
        except TelegramError as error:  # progress is best effort: a network fault must not stop the fan-out
            logger.info("broadcast %s progress not updated: %s", broadcast_id, error)
