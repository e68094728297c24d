"""Storage of each subscriber's nudge settings: per category (on/off, times, weekdays) and for the
whole schedule (time zone, quiet hours, pause). Read back as NudgeSettings, defaults filled in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import Enum
from functools import lru_cache
from datetime import datetime, time
from typing import Final

from sqlite_utils import Database

from bot.core.storage.instants import iso, parse_instant
from bot.core.storage.tx import Transactions
from scheduler.settings import CATEGORIES, DEFAULT_QUIET, NudgeSettings, default_settings


class Keep(Enum):
    """The type of KEEP: an enum member, so that `x is KEEP` narrows x for type checkers."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP  # "leave this setting as it is"


def _times_text(times: Iterable[time]) -> str:
    return ",".join(t.strftime("%H:%M") for t in times)


def _times(text: str) -> tuple[time, ...]:
    return tuple(time.fromisoformat(part) for part in text.split(","))


def _settings(timezone: str, quiet_start: str | None, quiet_end: str | None, paused_until: str | None,
              chosen: dict[str, tuple]) -> dict[str, NudgeSettings]:
    """One subscriber's NudgeSettings per category from their stored row values."""
    return dict(_shared_settings(timezone, quiet_start, quiet_end, paused_until, tuple(sorted(chosen.items()))))


@lru_cache(maxsize=4096)
def _shared_settings(timezone: str, quiet_start: str | None, quiet_end: str | None, paused_until: str | None,
                     chosen_items: tuple) -> dict[str, NudgeSettings]:
    # most subscribers share a handful of setting combinations: build each combination once
    chosen = dict(chosen_items)
    quiet = (time.fromisoformat(quiet_start) if quiet_start else DEFAULT_QUIET[0],
             time.fromisoformat(quiet_end) if quiet_end else DEFAULT_QUIET[1])
    paused = parse_instant(paused_until) if paused_until else None
    result = {}
    for category in CATEGORIES:
        default = default_settings(category, timezone)
        enabled, times, weekdays, own_pause = chosen.get(category, (default.enabled, None, None, None))
        own = parse_instant(own_pause) if own_pause else None
        result[category] = NudgeSettings(
            timezone=timezone, enabled=bool(enabled), quiet_start=quiet[0], quiet_end=quiet[1],
            paused_until=max(own, paused) if own and paused else own or paused,
            times=_times(times) if times else default.times,
            weekdays=frozenset(int(d) for d in weekdays) if weekdays is not None else default.weekdays)
    return result


class SettingsStore(Transactions):
    """Mixin for Storage: reading and changing nudge settings."""

    db: Database

    def nudge_settings(self, user_id: int) -> dict[str, NudgeSettings]:
        """Every category's settings for a subscriber (defaults where nothing was chosen)."""
        found = self.nudge_settings_of([user_id])
        if user_id not in found:
            raise KeyError(user_id)
        return found[user_id]

    def nudge_settings_of(self, user_ids: list[int]) -> dict[int, dict[str, NudgeSettings]]:
        """nudge_settings() for many subscribers in two queries; unknown ids are left out."""
        marks = ", ".join("?" * len(user_ids))
        chosen: dict[int, dict[str, tuple]] = {}
        for user_id, category, enabled, times, weekdays, paused in self.db.execute(
                "select user_id, category, enabled, times, weekdays, paused_until from nudge_settings "
                f"where user_id in ({marks})", user_ids):
            chosen.setdefault(user_id, {})[category] = (enabled, times, weekdays, paused)
        rows = self.db.execute("select id, timezone, quiet_start, quiet_end, paused_until from subscribers "
                               f"where id in ({marks})", user_ids).fetchall()
        return {user_id: _settings(timezone, quiet_start, quiet_end, paused_until, chosen.get(user_id, {}))
                for user_id, timezone, quiet_start, quiet_end, paused_until in rows}

    def set_category(self, user_id: int, category: str, now: datetime, *, enabled: bool | Keep = KEEP,
                     times: tuple[time, ...] | Keep = KEEP, weekdays: frozenset[int] | Keep = KEEP,
                     paused_until: datetime | None | Keep = KEEP) -> NudgeSettings:
        """Change one category's on/off, times, weekdays or its own pause; return the new settings."""
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}")
        current = self.nudge_settings(user_id)[category]
        updated = replace(current,
                          enabled=current.enabled if enabled is KEEP else enabled,
                          times=current.times if times is KEEP else times,
                          weekdays=current.weekdays if weekdays is KEEP else weekdays)
        row = {"user_id": user_id, "category": category, "enabled": int(updated.enabled),
               "times": _times_text(updated.times), "weekdays": "".join(str(d) for d in sorted(updated.weekdays))}
        if paused_until is not KEEP:
            row["paused_until"] = iso(paused_until) if paused_until else None
        self.db.table("nudge_settings").upsert(row, pk=("user_id", "category"))
        self._touch(user_id, now)
        return updated if paused_until is KEEP else self.nudge_settings(user_id)[category]

    def set_schedule(self, user_id: int, now: datetime, *, timezone: str | Keep = KEEP,
                     quiet: tuple[time, time] | Keep = KEEP, paused_until: datetime | None | Keep = KEEP) -> None:
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

    def paused_until(self, user_id: int) -> datetime | None:
        """The pause of all of a subscriber's nudges (/pause), not counting any one category's own."""
        row = self.db.execute("select paused_until from subscribers where id = ?", [user_id]).fetchone()
        return parse_instant(row[0]) if row and row[0] else None

    def _touch(self, user_id: int, now: datetime) -> None:
        self.db.table("subscribers").update(user_id, {"updated_at": iso(now)})
