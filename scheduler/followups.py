"""Due-time maths for follow-up check-ins: pure functions of explicit dates, times and zones.

While an episode is open, a follow-up comes every `every_days` days (1-7, default 3) after the local
date of the last check-in, at the subscriber's check-in time, never inside quiet hours (a time that
falls inside them moves to their end). A follow-up left unanswered gets one reminder, a few hours
later and also outside quiet hours, then silence until the next follow-up.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from scheduler.schedule import in_quiet_hours
from scheduler.settings import UTC, SettingsError, local_to_utc, zone_of

FOLLOWUP, REMINDER = "followup", "reminder"
DEFAULT_EVERY_DAYS, MIN_EVERY_DAYS, MAX_EVERY_DAYS = 3, 1, 7
DEFAULT_CHECKIN_TIME = time(19, 0)
REMINDER_AFTER = timedelta(hours=4)
EVERY_EXAMPLE = "Use a number of days from 1 to 7, for example: /checkin every 3"


def check_every_days(days: int) -> int:
    """Return `days` if it is an allowed follow-up interval, else raise SettingsError."""
    if not MIN_EVERY_DAYS <= days <= MAX_EVERY_DAYS:
        raise SettingsError(EVERY_EXAMPLE)
    return days


def outside_quiet(instant: datetime, timezone: str, quiet: tuple[time, time]) -> datetime:
    """Return `instant`, or the end of the quiet hours it falls in (UTC)."""
    zone = zone_of(timezone)
    local = instant.astimezone(zone)
    start, end = quiet
    if not in_quiet_hours(start, end, local.time().replace(tzinfo=None)):
        return instant.astimezone(UTC)
    end_date = local.date()
    if start > end and local.time().replace(tzinfo=None) >= start:
        end_date += timedelta(days=1)  # quiet hours wrap midnight: they end tomorrow
    return local_to_utc(end_date, end, zone)


def followup_due(last_checkin_on: date, every_days: int, checkin_time: time, timezone: str,
                 quiet: tuple[time, time]) -> tuple[date, datetime]:
    """Return (local date, UTC instant) of the follow-up after a check-in on `last_checkin_on`."""
    on = last_checkin_on + timedelta(days=check_every_days(every_days))
    return on, outside_quiet(local_to_utc(on, checkin_time, zone_of(timezone)), timezone, quiet)


def reminder_due(sent_at: datetime, timezone: str, quiet: tuple[time, time]) -> datetime:
    """Return when an unanswered follow-up sent at `sent_at` gets its one reminder (UTC)."""
    return outside_quiet(sent_at + REMINDER_AFTER, timezone, quiet)


def followup_slot(episode_id: int, on: date) -> str:
    """The stable identity of one follow-up, e.g. 'followup:12:2026-03-05'."""
    return f"{FOLLOWUP}:{episode_id}:{on.isoformat()}"


def reminder_slot(followup: str) -> str:
    """The identity of a follow-up's one reminder, e.g. 'reminder:12:2026-03-05'."""
    return REMINDER + followup.removeprefix(FOLLOWUP)


def parse_slot(slot: str) -> tuple[str, int, date]:
    """(followup|reminder, episode id, local date) of a check-in slot; ValueError if malformed."""
    kind, episode, on = slot.split(":")
    if kind not in (FOLLOWUP, REMINDER):
        raise ValueError(f"not a check-in slot: {slot!r}")
    return kind, int(episode), date.fromisoformat(on)
