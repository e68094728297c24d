"""Nudges people keep: when to ask about a category nobody answers, and when to pause for silence. Pure.

- A category whose nudges went unanswered on its last 3 nudge days in a row brings one question
  (fewer, another time, pause a week, keep as is), in place of that day's first nudge.
- Only days after the last question (or its answer) count, so a question is asked once per silent
  spell; an unanswered question is not asked again until a nudge of that category is answered; after
  "keep as is" it is not asked again for 30 days.
- A subscriber who has sent or pressed nothing for 14 days gets one gentle message and their nudges
  pause until they return.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.nudges.plan import base_slot, category_of
from bot.core.storage.engagement import Question

SILENT_DAYS = 3
KEEP_FOR = timedelta(days=30)
DORMANT_AFTER = timedelta(days=14)
ANSWERS = ("done", "snoozed", "skipped")
CHOICES = ("fewer", "time", "pause", "keep")  # what the question offers


def silent_days(actions: Iterable[tuple[str, str, datetime]], category: str, after: date | None) -> int:
    """How many of the category's latest nudge days (local dates after `after`) in a row went unanswered."""
    answered: dict[date, bool] = {}
    for slot, action, _ in actions:
        slot = base_slot(slot)
        if category_of(slot) != category or action not in ("sent", *ANSWERS):
            continue
        day = date.fromisoformat(slot.split(":")[1])
        if after is not None and day <= after:
            continue
        answered[day] = answered.get(day, False) or action in ANSWERS
    streak = 0
    for day in sorted(answered, reverse=True):
        if answered[day]:
            break
        streak += 1
    return streak


def should_ask(actions: Iterable[tuple[str, str, datetime]], category: str, last: Question | None,
               now: datetime, zone: ZoneInfo) -> bool:
    """Whether today's first nudge of the category should be the question instead (see the module doc);
    `actions` are the subscriber's (slot, action, at), `zone` their time zone."""
    after: date | None = None
    if last is not None:
        if last.answer == "keep" and last.answered_at is not None and now < last.answered_at + KEEP_FOR:
            return False
        if last.answer is None and not any(category_of(base_slot(slot)) == category and action in ANSWERS
                                           and at > last.asked_at for slot, action, at in actions):
            return False  # asked once and never answered: the 14 silent days rule takes over
        after = (last.answered_at or last.asked_at).astimezone(zone).date()
    today = now.astimezone(zone).date().isoformat()
    earlier = [(slot, action, at) for slot, action, at in actions if base_slot(slot).split(":")[1] < today]
    return silent_days(earlier, category, after) >= SILENT_DAYS


def is_silent(last_seen: datetime | None, now: datetime) -> bool:
    """Whether a subscriber last seen then has been silent long enough for their nudges to pause."""
    return last_seen is not None and now - last_seen >= DORMANT_AFTER
