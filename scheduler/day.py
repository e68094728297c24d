"""A subscriber's day (when it starts and ends) as nudge times and quiet hours. Pure: no clock, no I/O.

The day is the complement of the quiet hours, so it needs no storage of its own: a day from 08:00 to
20:00 is quiet hours 20:00-08:00. Choosing a day spreads each category's nudges across it:
posture 90 minutes after the start, stretching 2 hours before the end, and hydration evenly in
between, each rounded to a quarter of an hour.
"""

from __future__ import annotations

from datetime import time, timedelta

from scheduler.settings import DEFAULT_QUIET, SettingsError

DAY_STARTS = tuple(time(hour) for hour in (6, 7, 8, 9, 10))
DAY_ENDS = tuple(time(hour) for hour in (20, 21, 22, 23))
DEFAULT_DAY = (DEFAULT_QUIET[1], DEFAULT_QUIET[0])  # 07:00-22:00
HYDRATION_COUNTS = (1, 2, 3, 4)
QUARTER = 15  # minutes


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _time(minutes: int) -> time:
    rounded = round(minutes / QUARTER) * QUARTER
    return time(rounded // 60 % 24, rounded % 60)


def day_of(quiet_start: time, quiet_end: time) -> tuple[time, time] | None:
    """The day (start, end) that quiet hours leave, or None without quiet hours."""
    if quiet_start == quiet_end:
        return None
    return quiet_end, quiet_start


def quiet_of(start: time, end: time) -> tuple[time, time]:
    """The quiet hours (start, end) of a day: from its end to its start."""
    check_day(start, end)
    return end, start


def check_day(start: time, end: time) -> None:
    """Refuse a day shorter than 6 hours or one that runs past midnight."""
    if _minutes(end) - _minutes(start) < 6 * 60:
        raise SettingsError("A day needs at least 6 hours between its start and its end, both on the same date.")


def day_times(category: str, start: time, end: time, count: int = 1) -> tuple[time, ...]:
    """The times of a category's nudges spread over a day (count matters for hydration only)."""
    check_day(start, end)
    first, last = _minutes(start), _minutes(end)
    if category == "posture":
        return (_time(first + 90),)
    if category == "stretching":
        return (_time(last - 120),)
    if category != "hydration":
        raise SettingsError(f"'{category}' is not a category")
    if count not in HYDRATION_COUNTS:
        raise SettingsError(f"Hydration nudges come 1 to {HYDRATION_COUNTS[-1]} times a day.")
    step = (last - first) / (count + 1)
    return tuple(_time(round(first + step * i)) for i in range(1, count + 1))


def shifted(times: tuple[time, ...], by: timedelta) -> tuple[time, ...]:
    """Every time moved by `by` (wrapping round midnight)."""
    minutes = int(by.total_seconds() // 60)
    return tuple(time((_minutes(t) + minutes) // 60 % 24, (_minutes(t) + minutes) % 60) for t in times)
