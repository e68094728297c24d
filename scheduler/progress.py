"""A subscriber's progress: per-category answer counts over the last 7 and 30 days, and a streak.

Pure functions over plain data: no database and no clock (the caller passes `today`, the
subscriber's local date). Each nudge ends as "done", "skipped", "none" (sent, no answer) or
"missed" (the bot was down and never sent it). Missed nudges are not the subscriber's doing, so
they are left out of every count and never affect the streak.

Windows: "last 7 days" is `today` and the 6 local dates before it; "last 30 days" likewise.
Outcomes dated after `today` are ignored everywhere.

Streak rules, walking back one local date at a time from `today`:

* A day COUNTS (adds 1) when at least one nudge that day was "done".
* A day is NEUTRAL (neither adds nor breaks) when no nudge was sent that day: paused, a day off,
  or only missed nudges.
* `today` without a done is neutral too: the day is not over yet. It never uses up forgiveness.
* Any other day (nudges sent, none done) is a LAPSE. A lapse is FORGIVEN when no other day was
  forgiven within the previous 7 days of the walk, i.e. a later forgiven day is at least 7 days
  away, so at most one forgiven day falls in any 7 consecutive days. A forgiven day adds nothing
  and breaks nothing. A lapse that cannot be forgiven ends the streak.
* The walk also ends before the earliest day in the data.

The streak is the number of counting days in that run. The best streak is the longest such run
ending on any day up to `today`. Forgiveness is spent greedily, newest first, so removing a
forgiven day's nudges can lengthen a streak (its forgiveness becomes free for an older lapse) but
never shortens one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from scheduler.settings import CATEGORIES

OUTCOMES: tuple[str, ...] = ("done", "skipped", "none", "missed")
FORGIVE_EVERY_DAYS = 7  # two forgiven days must be at least this many days apart
SHORT_WINDOW_DAYS = 7
LONG_WINDOW_DAYS = 30


@dataclass(frozen=True)
class NudgeOutcome:
    """How one nudge ended, on the subscriber's local date of its slot."""

    local_date: date
    category: str  # posture | hydration | stretching
    outcome: str  # "done" | "skipped" | "none" (sent, no answer) | "missed" (never sent)


@dataclass(frozen=True)
class CategoryProgress:
    """Answer counts for one category over one window (missed nudges excluded)."""

    category: str
    done: int
    skipped: int
    no_answer: int


@dataclass(frozen=True)
class Progress:
    """Everything the progress view shows: both windows, the current and the best streak."""

    last_7: tuple[CategoryProgress, ...]  # one per category, in CATEGORIES order
    last_30: tuple[CategoryProgress, ...]
    streak: int  # days
    best_streak: int


def summarize(outcomes: Iterable[NudgeOutcome], today: date) -> Progress:
    """Count answers per category over the last 7 and 30 days and compute both streaks."""
    outcomes = [o for o in outcomes if _validated(o).local_date <= today]
    sent = [o for o in outcomes if o.outcome != "missed"]
    active_days = {o.local_date for o in sent if o.outcome == "done"}
    nudge_days = {o.local_date for o in sent}
    return Progress(
        last_7=_window(sent, today, SHORT_WINDOW_DAYS),
        last_30=_window(sent, today, LONG_WINDOW_DAYS),
        streak=streak(active_days, nudge_days, today),
        best_streak=best_streak(active_days, nudge_days, today),
    )


def streak(active_days: set[date], nudge_days: set[date], today: date) -> int:
    """Counting days in the run ending today (see the module docstring for the rules)."""
    return _walk(active_days, _newest_first(nudge_days | active_days), start=today, today=today)


def best_streak(active_days: set[date], nudge_days: set[date], today: date) -> int:
    """Longest streak of any run ending on or before today; never less than `streak`."""
    days = _newest_first(nudge_days | active_days)
    # A run is longest when walked from its newest counting day: starting later can only spend
    # forgiveness on a newer lapse, which never lets the walk reach further back.
    ends = {d for d in active_days if d <= today} | {today}
    return max(_walk(active_days, days, start=end, today=today) for end in ends)


def _newest_first(days: set[date]) -> list[date]:
    """The days with nudges, newest first; days missing from it are neutral."""
    return sorted(days, reverse=True)


def _walk(active_days: set[date], days: list[date], start: date, today: date) -> int:
    """Walk back from `start` over `days` (newest first) applying the streak rules; count days."""
    count = 0
    last_forgiven: date | None = None
    for day in days[bisect_left(days, -start.toordinal(), key=lambda d: -d.toordinal()):]:
        if day in active_days:
            count += 1
        elif day != today:
            if last_forgiven is not None and (last_forgiven - day).days < FORGIVE_EVERY_DAYS:
                break
            last_forgiven = day
    return count


def _window(sent: list[NudgeOutcome], today: date, days: int) -> tuple[CategoryProgress, ...]:
    """Per-category counts for the `days` local dates ending today."""
    first = today - timedelta(days=days - 1)
    counts = {c: {"done": 0, "skipped": 0, "none": 0} for c in CATEGORIES}
    for o in sent:
        if first <= o.local_date <= today:
            counts[o.category][o.outcome] += 1
    return tuple(
        CategoryProgress(c, done=n["done"], skipped=n["skipped"], no_answer=n["none"])
        for c, n in counts.items()
    )


def _validated(o: NudgeOutcome) -> NudgeOutcome:
    """Return the outcome unchanged, or raise ValueError for an unknown category or outcome."""
    if o.category not in CATEGORIES:
        raise ValueError(f"unknown category {o.category!r}")
    if o.outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {o.outcome!r}")
    return o
