"""Storage of each subscriber's nudge settings: per category (on/off, times, weekdays) and for the
whole schedule (time zone, quiet hours, pause). Read back as NudgeSettings, defaults filled in."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from sqlite_utils import Database

from bot.core.instants import iso, parse_instant
from scheduler.settings import CATEGORIES, DEFAULT_QUIET, NudgeSettings, default_settings

KEEP = object()  # "leave this setting as it is"


def _times_text(times) -> str:
    return ",".join(t.strftime("%H:%M") for t in times)


def _times(text: str) -> tuple[time, ...]:
    return tuple(time.fromisoformat(part) for part in text.split(","))


class SettingsStore:
    """Mixin for Storage: reading and changing nudge settings."""

    db: Database

    def nudge_settings(self, user_id: int) -> dict[str, NudgeSettings]:
        """Every category's settings for a subscriber (defaults where nothing was chosen)."""
        row = self.db.execute("select timezone, quiet_start, quiet_end, paused_until from subscribers where id = ?",
                              [user_id]).fetchone()
        if row is None:
            raise KeyError(user_id)
        timezone, quiet_start, quiet_end, paused_until = row
        common = {
            "quiet_start": time.fromisoformat(quiet_start) if quiet_start else DEFAULT_QUIET[0],
            "quiet_end": time.fromisoformat(quiet_end) if quiet_end else DEFAULT_QUIET[1],
            "paused_until": parse_instant(paused_until) if paused_until else None,
        }
        chosen = {category: (enabled, times, weekdays) for category, enabled, times, weekdays in self.db.execute(
            "select category, enabled, times, weekdays from nudge_settings where user_id = ?", [user_id])}
        result = {}
        for category in CATEGORIES:
            settings = replace(default_settings(category, timezone), **common)
            if category in chosen:
                enabled, times, weekdays = chosen[category]
                settings = replace(settings, enabled=bool(enabled), times=_times(times),
                                   weekdays=frozenset(int(d) for d in weekdays))
            result[category] = settings
        return result

    def set_category(self, user_id: int, category: str, now: datetime, *, enabled=KEEP, times=KEEP,
                     weekdays=KEEP) -> NudgeSettings:
        """Change one category's on/off, times or weekdays; return the new settings."""
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        current = self.nudge_settings(user_id)[category]
        updated = replace(current,
                          enabled=current.enabled if enabled is KEEP else enabled,
                          times=current.times if times is KEEP else times,
                          weekdays=current.weekdays if weekdays is KEEP else weekdays)
        self.db.table("nudge_settings").upsert(
            {"user_id": user_id, "category": category, "enabled": int(updated.enabled),
             "times": _times_text(updated.times), "weekdays": "".join(str(d) for d in sorted(updated.weekdays))},
            pk=("user_id", "category"))
        self._touch(user_id, now)
        return updated

    def set_schedule(self, user_id: int, now: datetime, *, timezone=KEEP, quiet=KEEP, paused_until=KEEP) -> None:
        """Change the time zone, quiet hours (start, end) or pause (an instant, or None to resume)."""
        changes: dict = {}
        if timezone is not KEEP:
            changes["timezone"] = timezone
        if quiet is not KEEP:
            changes["quiet_start"], changes["quiet_end"] = (t.strftime("%H:%M") for t in quiet)
        if paused_until is not KEEP:
            changes["paused_until"] = iso(paused_until) if paused_until else None
        if changes:
            self.db.table("subscribers").update(user_id, changes)
            self._touch(user_id, now)

    def _touch(self, user_id: int, now: datetime) -> None:
        self.db.table("subscribers").update(user_id, {"updated_at": iso(now)})
