"""Due-time maths for nudges: pure functions of settings and explicit instants.

All instants are aware datetimes; results are in UTC. Local times are computed
with ``zoneinfo``. Nothing here reads the clock: the current instant is always
a parameter (in the style of APScheduler's ``get_next_fire_time``).

DST rules:
- a local time inside a spring-forward gap fires once, at the first valid
  instant after the gap (02:30 Europe/Berlin on 2026-03-29 -> 03:00 local);
- a local time that occurs twice (fall-back) fires once, at its first
  occurrence (fold=0).

Weekdays and quiet hours are judged on the local date and wall time of the
instant that actually fires.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal

from scheduler.settings import CATEGORIES, UTC, NudgeSettings, local_to_utc

SEARCH_DAYS = 15
LATE_LIMIT = timedelta(hours=2)

LatePolicy = Literal["send", "missed"]


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def local_slots(settings: NudgeSettings, local_date: date) -> list[datetime]:
    """Return the sorted, unique aware UTC instants of the settings' times on a local date."""
    zone = settings.zone
    return sorted({local_to_utc(local_date, t, zone) for t in settings.times})


def local_time_of(settings: NudgeSettings, instant: datetime) -> datetime:
    """Return the instant as an aware datetime in the subscriber's timezone."""
    _require_aware(instant, "instant")
    return instant.astimezone(settings.zone)


def in_quiet_hours(quiet_start: time, quiet_end: time, wall: time) -> bool:
    """Return whether a wall time is in [quiet_start, quiet_end), wrapping midnight."""
    if quiet_start == quiet_end:
        return False
    if quiet_start < quiet_end:
        return quiet_start <= wall < quiet_end
    return wall >= quiet_start or wall < quiet_end


def is_quiet(settings: NudgeSettings, instant: datetime) -> bool:
    """Return whether the local time of an instant is inside the quiet hours."""
    wall = local_time_of(settings, instant).time()
    return in_quiet_hours(settings.quiet_start, settings.quiet_end, wall)


def is_paused(settings: NudgeSettings, instant: datetime) -> bool:
    """Return whether an instant falls before the end of the pause."""
    _require_aware(instant, "instant")
    return settings.paused_until is not None and instant < settings.paused_until


def _fires_at(settings: NudgeSettings, instant: datetime) -> bool:
    local = local_time_of(settings, instant)
    return (
        local.weekday() in settings.weekdays
        and not is_quiet(settings, instant)
        and not is_paused(settings, instant)
    )


def next_due(settings: NudgeSettings, after: datetime) -> datetime | None:
    """Return the first firing slot instant strictly after `after`, or None if none can fire."""
    _require_aware(after, "after")
    if not settings.enabled or not settings.weekdays or not settings.times:
        return None
    start = after.astimezone(UTC)
    if settings.paused_until is not None and settings.paused_until > start:
        start = settings.paused_until
    # Start one day early: a gap across midnight can move a slot to the next date.
    first_date = start.astimezone(settings.zone).date() - timedelta(days=1)
    for offset in range(SEARCH_DAYS + 1):
        for slot in local_slots(settings, first_date + timedelta(days=offset)):
            if slot > after and _fires_at(settings, slot):
                return slot
    return None


def slot_key(category: str, local_date: date, local_time: time) -> str:
    """Return the stable identity of one nudge, e.g. 'posture:2026-03-29:09:30'."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    return f"{category}:{local_date.isoformat()}:{local_time.strftime('%H:%M')}"


def slot_key_at(category: str, settings: NudgeSettings, instant: datetime) -> str:
    """Return the slot key of a due instant, using its local date and wall time."""
    local = local_time_of(settings, instant)
    return slot_key(category, local.date(), local.time())


def late_policy(due: datetime, now: datetime, settings: NudgeSettings) -> LatePolicy:
    """Return 'send' if under 2 hours late, outside quiet hours, enabled and unpaused; else 'missed'."""
    _require_aware(due, "due")
    _require_aware(now, "now")
    if not settings.enabled or is_paused(settings, due) or is_paused(settings, now):
        return "missed"
    if now - due >= LATE_LIMIT or is_quiet(settings, now):
        return "missed"
    return "send"
