"""Sending follow-up check-ins and their one reminder, as due messages of kind `checkin`.

A follow-up opens a fresh check-in draft and asks its first question; sending it plans the reminder
and the next follow-up in the same transaction as marking it sent, so a crash can't lose either.
"""

from __future__ import annotations

import logging

from bot.core.checkins.service import CheckinService
from bot.core.storage.store import ACTIVE
from bot.core.storage.due import CANCELLED, SENT, DueMessage
from bot.tg.keyboards.checkin import question_markup, question_text
from bot.tg.sending.delivery import send_due
from bot.tg.services import Services
from scheduler.followups import FOLLOWUP, outside_quiet, parse_slot

logger = logging.getLogger(__name__)


async def deliver_followup(s: Services, due: DueMessage, status: str | None) -> int:
    """Send one claimed follow-up or reminder (or put it off past quiet hours); return 1 when sent."""
    storage, now = s.storage, s.clock.now()
    try:
        kind, episode_id, on = parse_slot(due.slot)
    except ValueError:
        logger.warning("check-in due message %s has a malformed slot", due.id)
        storage.settle(due.id, CANCELLED, now)
        return 0
    episode = storage.open_episode(due.user_id) if status == ACTIVE else None
    if episode is None or episode.id != episode_id:
        storage.settle(due.id, CANCELLED, now)  # stopped, or the episode closed meanwhile
        return 0
    settings = storage.followup_settings(due.user_id)
    allowed = outside_quiet(now, settings.timezone, settings.quiet)
    if allowed > now:  # late after downtime and now inside quiet hours: wait for their end
        storage.retry_later(due.id, allowed, now)
        return 0
    checkins = CheckinService(storage)
    draft = checkins.begin(due.user_id, now)
    texts = s.content.texts
    delivered = await send_due(s, due, question_text(texts, draft, kind), question_markup(texts, draft))
    if delivered is None:
        return 0
    with storage.atomically():
        storage.settle(due.id, SENT, s.clock.now(), message_id=delivered.message_id, paced=delivered.paced)
        if kind == FOLLOWUP:
            checkins.followup_sent(due.user_id, due.slot, episode_id, on, now)
    return 1
