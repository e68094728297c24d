"""Reading what subscribers type into settings: time zones (names, offsets, a shared location), times of
day, weekdays, quiet hours and pauses.

Pure: no clock reads, no I/O. Every parser raises ``SettingsError`` whose message says what is wrong
and shows the correct form with an example, so the bot can reply with the message verbatim.

Choices:
- Non-whole-hour UTC offsets map to a representative IANA zone that keeps that offset all year
  (e.g. +05:30 -> Asia/Kolkata). Offsets whose only zones use daylight saving (e.g. -03:30 St John's)
  or that no zone uses are refused with a message asking for the city's zone name.
- ``/pause tomorrow`` pauses until the next local midnight (00:00 local of the day after today); if
  that midnight does not exist (DST gap), until the first valid instant after the gap.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tzfpy import get_tz

from scheduler.settings import (
    ALL_DAYS, DAYS_EXAMPLE, LOCATION_EXAMPLE, MAX_PAUSE, MAX_TIMES, PAUSE_EXAMPLE, QUIET_EXAMPLE, TIME_EXAMPLE,
    TIMEZONE_EXAMPLE, UTC, SettingsError, local_to_utc, zone_of,
)


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
    """The IANA zone of a shared location, daylight saving included (tzfpy's offline map: Berlin is
    Europe/Berlin, not a fixed +1); at sea, or if the map has no zone ZoneInfo knows, Etc/GMT±N with
    N = round(longitude / 15)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise SettingsError(f"({latitude}, {longitude}) is not a location. {LOCATION_EXAMPLE}")
    found = get_tz(longitude, latitude)
    if found:
        try:
            ZoneInfo(found)
            return found
        except (ZoneInfoNotFoundError, ValueError):
            pass
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


MAX_ID = 2**63 - 1  # the largest rowid SQLite stores


def bounded_int(text: str, low: int, high: int) -> int | None:
    """A whole number typed or carried in a button, within [low, high]; None for anything else (a sign, a space,
    digits that are not ASCII such as "²", or a number SQLite could not hold)."""
    if not (text.isascii() and text.isdecimal()) or len(text) > 19:
        return None
    number = int(text)
    return number if low <= number <= high else None
