"""Nudge settings: the per-category settings value object and the text shortcuts.

Everything here is pure: no clock reads, no I/O. Every parser raises
``SettingsError`` whose message says what is wrong and shows the correct form
with an example, so the bot can reply with the message verbatim.

Choices:
- Non-whole-hour UTC offsets map to a representative IANA zone that keeps that
  offset all year (e.g. +05:30 -> Asia/Kolkata). Offsets whose only zones use
  daylight saving (e.g. -03:30 St John's) or that no zone uses are refused with
  a message asking for the city's zone name.
- ``/pause tomorrow`` pauses until the next local midnight (00:00 local of the
  day after today); if that midnight does not exist (DST gap), until the first
  valid instant after the gap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import timezone as _dt_timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

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

# Zones that keep one non-whole-hour offset all year (offset in minutes).
_FRACTIONAL_ZONES = {
    -570: "Pacific/Marquesas",
    210: "Asia/Tehran",
    270: "Asia/Kabul",
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    390: "Asia/Yangon",
    525: "Australia/Eucla",
    570: "Australia/Darwin",
}

_DAY_NAMES = {
    name: day
    for day, names in enumerate(("mon monday", "tue tues tuesday", "wed weds wednesday",
                                 "thu thur thurs thursday", "fri friday", "sat saturday", "sun sunday"))
    for name in names.split()
}
_WEEKDAYS, _WEEKEND = frozenset(range(5)), frozenset({5, 6})
_DAY_GROUPS = {"weekdays": _WEEKDAYS, "weekday": _WEEKDAYS, "workdays": _WEEKDAYS,
               "weekends": _WEEKEND, "weekend": _WEEKEND, "daily": ALL_DAYS, "all": ALL_DAYS,
               "everyday": ALL_DAYS}

_TIME_RE = re.compile(r"(\d{1,2})(?::(\d{2}))?")
_OFFSET_RE = re.compile(r"(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?")
_PAUSE_RE = re.compile(
    r"(\d+)\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?)"
)
_PAUSE_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1),
                "d": timedelta(days=1), "w": timedelta(weeks=1)}


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
    times = tuple(parse_times(list(DEFAULT_TIMES[category])))
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


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def _etc_zone(hours: int) -> str:
    if hours == 0:
        return "Etc/GMT"
    # Etc/GMT signs are inverted: UTC+2 is Etc/GMT-2.
    return f"Etc/GMT{-hours:+d}"


def parse_timezone(text: str) -> str:
    """Parse an IANA zone name (any case) or a UTC offset into an IANA zone name."""
    cleaned = text.strip()
    match = _zone_names().get(cleaned.lower().replace(" ", "_"))
    if match:
        return match
    lowered = cleaned.lower().replace(" ", "")
    if lowered in ("utc", "gmt", "z"):
        return "UTC"
    found = _OFFSET_RE.fullmatch(lowered)
    if not found:
        raise SettingsError(f"'{cleaned}' is not a time zone. {TIMEZONE_EXAMPLE}")
    sign, hours_text, minutes_text = found.groups()
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if minutes >= 60:
        raise SettingsError(f"'{cleaned}' is not a UTC offset. {TIMEZONE_EXAMPLE}")
    total = (hours * 60 + minutes) * (-1 if sign == "-" else 1)
    if total % 60 == 0 and -12 * 60 <= total <= 14 * 60:
        return _etc_zone(total // 60)
    if total in _FRACTIONAL_ZONES:
        return _FRACTIONAL_ZONES[total]
    raise SettingsError(
        f"'{cleaned}' is not a UTC offset with a fixed time zone. Send your city's zone "
        f"name instead. {TIMEZONE_EXAMPLE}"
    )


def timezone_from_location(latitude: float, longitude: float) -> str:
    """Approximate a zone from a shared location: Etc/GMT±N with N = round(longitude / 15)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise SettingsError(f"({latitude}, {longitude}) is not a location. {LOCATION_EXAMPLE}")
    # Round half away from zero (not banker's rounding) so 7.5° -> +1, -7.5° -> -1.
    hours = int(math.copysign(math.floor(abs(longitude) / 15 + 0.5), longitude))
    return _etc_zone(hours)


def _parse_time(text: str) -> time | None:
    found = _TIME_RE.fullmatch(text)
    if not found:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def parse_times(args: list[str]) -> tuple[time, ...]:
    """Parse 1-6 times (H, HH, H:MM or HH:MM) into a sorted tuple without duplicates."""
    tokens = [tok for arg in args for tok in re.split(r"[\s,;]+", arg) if tok]
    if not tokens:
        raise SettingsError(f"No time given. {TIME_EXAMPLE}")
    parsed = set()
    for token in tokens:
        value = _parse_time(token)
        if value is None:
            raise SettingsError(f"'{token}' is not a time. {TIME_EXAMPLE}")
        parsed.add(value)
    if len(parsed) > MAX_TIMES:
        raise SettingsError(f"{len(parsed)} times is too many; choose at most {MAX_TIMES}. {TIME_EXAMPLE}")
    return tuple(sorted(parsed))


def _day(token: str, original: str) -> int:
    if token not in _DAY_NAMES:
        raise SettingsError(f"'{token}' is not a day in '{original}'. {DAYS_EXAMPLE}")
    return _DAY_NAMES[token]


def parse_days(text: str) -> frozenset[int]:
    """Parse day names, ranges (wrapping allowed) or groups into weekday numbers (0=Mon)."""
    original = text.strip()
    cleaned = re.sub(r"\bevery\s+day\b", "daily", original.lower())
    cleaned = re.sub(r"\s*(?:-|–|\bto\b)\s*", "-", cleaned)
    tokens = [tok for tok in re.split(r"[\s,;/]+|\band\b", cleaned) if tok]
    if not tokens:
        raise SettingsError(f"No days given. {DAYS_EXAMPLE}")
    days: set[int] = set()
    for token in tokens:
        if token in _DAY_GROUPS:
            days |= _DAY_GROUPS[token]
        elif "-" in token:
            parts = token.split("-")
            if len(parts) != 2:
                raise SettingsError(f"'{token}' is not a day range. {DAYS_EXAMPLE}")
            start, end = _day(parts[0], original), _day(parts[1], original)
            days.update((start + i) % 7 for i in range((end - start) % 7 + 1))
        else:
            days.add(_day(token, original))
    return frozenset(days)


def parse_quiet(text: str) -> tuple[time, time]:
    """Parse quiet hours 'HH:MM-HH:MM' (may wrap midnight); 'off'/'none' -> (00:00, 00:00)."""
    cleaned = text.strip().lower()
    if cleaned in ("off", "none", "no"):
        return (time(0), time(0))
    parts = re.split(r"\s*(?:-|–|\bto\b)\s*", cleaned)
    if len(parts) == 2:
        start, end = _parse_time(parts[0]), _parse_time(parts[1])
        if start is not None and end is not None:
            return (time(0), time(0)) if start == end else (start, end)
    raise SettingsError(f"'{text.strip()}' is not a quiet-hours range. {QUIET_EXAMPLE}")


def parse_pause(text: str, now: datetime, timezone: str) -> datetime:
    """Parse '2h', '90m', '3d', '1w' or 'tomorrow' into the aware UTC end of the pause."""
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    cleaned = text.strip().lower()
    now_utc = now.astimezone(UTC)
    if cleaned == "tomorrow":
        zone = zone_of(timezone)
        tomorrow = now_utc.astimezone(zone).date() + timedelta(days=1)
        return local_to_utc(tomorrow, time(0), zone)
    found = _PAUSE_RE.fullmatch(cleaned)
    if not found:
        raise SettingsError(f"'{text.strip()}' is not a pause length. {PAUSE_EXAMPLE}")
    length = int(found.group(1)) * _PAUSE_UNITS[found.group(2)[0]]
    if length <= timedelta(0):
        raise SettingsError(f"A pause must be longer than zero. {PAUSE_EXAMPLE}")
    if length > MAX_PAUSE:
        raise SettingsError(f"A pause can be at most 90 days. {PAUSE_EXAMPLE}")
    return now_utc + length
