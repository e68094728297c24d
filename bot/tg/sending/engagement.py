"""Nudges people keep, at send time: after 14 silent days one gentle message and the nudges pause; a category
unanswered on 3 days in a row brings one question in place of its nudge (bot/core/nudges/engagement.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.nudges.engagement import is_silent, should_ask
from bot.core.nudges.plan import NUDGE, category_of, snoozes_of
from bot.core.storage.due import CANCELLED, SENT, DueMessage
from bot.core.storage.engagement import Question
from bot.tg.keyboards.engagement import resume_keyboard
from bot.tg.sending.delivery import send_due
from bot.tg.services import Services
from scheduler.settings import NudgeSettings

LOOKBACK = timedelta(days=22)  # three nudge days of a category that comes once a week, and a day to spare

Seen = tuple[datetime | None, bool]  # (last seen, nudges paused for silence), read with the batch


async def held_for_silence(s: Services, due: DueMessage, seen: Seen | None) -> bool:
    """Whether this nudge is not sent because the subscriber has been silent: the first time, the gentle
    message goes out instead and every pending nudge is cancelled until they return."""
    now, (last_seen, paused) = s.clock.now(), seen or (None, False)
    if not paused and not is_silent(last_seen, now):
        return False
    if paused or not s.storage.fall_silent(due.user_id, now):  # paused earlier, or by another nudge of this pass
        s.storage.settle(due.id, CANCELLED, now)
        return True
    s.storage.cancel_pending(due.user_id, NUDGE)
    delivered = await send_due(s, due, s.content.texts("silent_pause"), resume_keyboard(s.content.texts))
    if delivered is not None:
        s.storage.settle(due.id, SENT, s.clock.now(), message_id=delivered.message_id, paced=delivered.paced)
    return True


def ask_now(s: Services, due: DueMessage, settings: NudgeSettings, actions: list[tuple[str, str, datetime]],
            last: Question | None) -> bool:
    """Whether this nudge should be the question about its category (its last 3 nudge days went unanswered);
    `actions` and `last` are the subscriber's, read with the batch."""
    if snoozes_of(due.slot):
        return False
    return should_ask(actions, category_of(due.slot), last, s.clock.now(), settings.zone)
