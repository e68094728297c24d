"""Planning nudges: keeping exactly one pending slot per enabled category for each subscriber.

The slot is computed by the pure schedule maths in scheduler/ and stored as a due message, so who
is due when lives in SQLite and survives restarts. Snoozes are extra slots marked "~z1", "~z2".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.storage.store import Storage
from scheduler.schedule import local_time_of, next_due, slot_key_at
from scheduler.settings import CATEGORIES, NudgeSettings

NUDGE = "nudge"
SNOOZE_MARK = "~z"
SNOOZE_DELAY = timedelta(minutes=30)
MAX_SNOOZES = 2


def category_of(slot: str) -> str:
    """The category a nudge slot belongs to ('posture:2026-03-02:09:30' -> 'posture')."""
    return slot.split(":", 1)[0]


def base_slot(slot: str) -> str:
    """The original slot of a possibly snoozed nudge."""
    return slot.split(SNOOZE_MARK, 1)[0]


def snoozes_of(slot: str) -> int:
    """How many times the nudge in this slot has been snoozed."""
    return int(slot.split(SNOOZE_MARK, 1)[1]) if SNOOZE_MARK in slot else 0


class NudgePlanner:
    """Schedules each subscriber's next nudges from their settings."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def plan(self, user_id: int, after: datetime, now: datetime,
             settings: dict[str, NudgeSettings] | None = None) -> int:
        """Give every enabled category without a pending slot its next slot after `after`; return how many.

        `settings` saves reading them again when the caller has just read them."""
        settings = settings or self.storage.nudge_settings(user_id)
        pending = {category_of(slot) for slot in self.storage.pending_slots(user_id, NUDGE) if SNOOZE_MARK not in slot}
        created = 0
        for category in CATEGORIES:
            if category in pending:
                continue
            due = next_due(settings[category], after)
            if due is not None:
                created += self.storage.schedule(user_id, NUDGE, slot_key_at(category, settings[category], due), due, now)
        return created

    def replan(self, user_id: int, now: datetime) -> int:
        """Settings changed: drop pending slots (snoozes too) and plan afresh from now."""
        self.storage.cancel_pending(user_id, NUDGE)
        return self.plan(user_id, now, now)

    def snooze(self, user_id: int, slot: str, now: datetime) -> bool:
        """Schedule the nudge again in 30 minutes; False once it has been snoozed twice."""
        count = snoozes_of(slot) + 1
        if count > MAX_SNOOZES:
            return False
        return self.storage.schedule(user_id, NUDGE, f"{base_slot(slot)}{SNOOZE_MARK}{count}", now + SNOOZE_DELAY, now)

    def skip_today(self, user_id: int, slot: str, now: datetime) -> None:
        """Cancel the rest of today's nudges of this slot's category and plan from tomorrow."""
        category = category_of(slot)
        settings = self.storage.nudge_settings(user_id)[category]
        local_day = local_time_of(settings, now).date()
        self.storage.cancel_slots(user_id, NUDGE, f"{category}:{local_day.isoformat()}")
        end_of_day = local_time_of(settings, now).replace(hour=23, minute=59, second=59, microsecond=0)
        self.plan(user_id, max(end_of_day, now), now)
