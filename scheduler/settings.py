"""Nudge settings: the categories (their one definition), defaults, the per-category settings value object,
and turning a local date and time into an instant. Pure: no clock reads, no I/O.

What subscribers type is read into these settings by scheduler.parsing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import timezone as _dt_timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

UTC = _dt_timezone.utc
CATEGORIES = ("posture", "hydration", "stretching")
DEFAULT_TIMES = {
    "posture": ("09:30",),
    "hydration": ("10:30", "13:30", "16:00"),
    "stretching": ("18:00",),
}
DEFAULT_QUIET = (time(22, 0), time(7, 0))
ALL_DAYS = frozenset(range(7))
MAX_TIMES = 6
MAX_PAUSE = timedelta(days=90)

TIME_EXAMPLE = "Use HH:MM, for example: /time stretching 18:30"
TIMEZONE_EXAMPLE = (
    "Send a zone name or a UTC offset, for example: /timezone Europe/Berlin or /timezone +02:00"
)
DAYS_EXAMPLE = "Use day names or ranges, for example: /days mon-fri or /days mon,wed,fri"
QUIET_EXAMPLE = "Use HH:MM-HH:MM, for example: /quiet 22:00-07:00 (or /quiet off)"
PAUSE_EXAMPLE = "Use a number with m, h, d or w, or 'tomorrow', for example: /pause 2h"
LOCATION_EXAMPLE = "Share a location with latitude -90..90 and longitude -180..180"



class SettingsError(ValueError):
    """A setting or shortcut text is invalid; the message is shown to the user."""


@dataclass(frozen=True)
class NudgeSettings:
    """One subscriber's settings for one nudge category."""

    timezone: str
    times: tuple[time, ...]
    weekdays: frozenset[int] = ALL_DAYS
    quiet_start: time = DEFAULT_QUIET[0]
    quiet_end: time = DEFAULT_QUIET[1]
    enabled: bool = True
    paused_until: datetime | None = field(default=None)

    def __post_init__(self) -> None:
        """Normalise times (to the minute) and weekdays and validate every field."""
        zone_of(self.timezone)
        times = tuple(sorted({_naive_time(t).replace(second=0, microsecond=0) for t in self.times}))
        if not 1 <= len(times) <= MAX_TIMES:
            raise SettingsError(f"Choose 1 to {MAX_TIMES} times. {TIME_EXAMPLE}")
        object.__setattr__(self, "times", times)
        days = frozenset(self.weekdays)
        if not days <= ALL_DAYS:
            raise SettingsError(f"Weekdays must be 0 (Mon) to 6 (Sun). {DAYS_EXAMPLE}")
        object.__setattr__(self, "weekdays", days)
        object.__setattr__(self, "quiet_start", _naive_time(self.quiet_start))
        object.__setattr__(self, "quiet_end", _naive_time(self.quiet_end))
        if self.paused_until is not None:
            if self.paused_until.utcoffset() is None:
                raise SettingsError("paused_until must be an aware datetime")
            object.__setattr__(self, "paused_until", self.paused_until.astimezone(UTC))

    @property
    def zone(self) -> ZoneInfo:
        """The ZoneInfo for this subscriber's timezone."""
        return zone_of(self.timezone)


def _naive_time(value: time) -> time:
    if not isinstance(value, time):
        raise SettingsError(f"{value!r} is not a time. {TIME_EXAMPLE}")
    return value.replace(tzinfo=None, fold=0)


def zone_of(name: str | ZoneInfo) -> ZoneInfo:
    """Return the ZoneInfo for an IANA name, raising SettingsError if unknown."""
    if isinstance(name, ZoneInfo):
        return name
    try:
        return ZoneInfo(name)
    except (TypeError, ValueError, KeyError, OSError) as exc:  # not found is a KeyError
        raise SettingsError(f"'{name}' is not a known time zone. {TIMEZONE_EXAMPLE}") from exc


@lru_cache(maxsize=4096)
def default_settings(category: str, timezone: str = "UTC") -> NudgeSettings:
    """Return the default settings for a category in the given timezone (frozen, so shared)."""
    if category not in CATEGORIES:
        raise SettingsError(f"'{category}' is not a category. Use one of: {', '.join(CATEGORIES)}")
    times = tuple(time.fromisoformat(text) for text in DEFAULT_TIMES[category])
    return NudgeSettings(timezone=timezone, times=times)


def local_to_utc(local_date: date, local_time: time, timezone: str | ZoneInfo) -> datetime:
    """Return the aware UTC instant of a local wall time (gap -> its end, overlap -> first)."""
    zone = zone_of(timezone)
    naive = datetime.combine(local_date, local_time.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == naive:
        return first
    # The wall time falls in a gap: find the transition instant, whose local
    # wall time is the first valid one after the gap.
    other = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    lo, hi = sorted((first, other))
    lo_s, hi_s = math.floor(lo.timestamp()), math.ceil(hi.timestamp())

    def _after_gap(seconds: int) -> bool:
        wall = datetime.fromtimestamp(seconds, UTC).astimezone(zone).replace(tzinfo=None)
        return wall > naive

    while hi_s - lo_s > 1:
        mid = (lo_s + hi_s) // 2
        if _after_gap(mid):
            hi_s = mid
        else:
            lo_s = mid
    return datetime.fromtimestamp(hi_s, UTC)


