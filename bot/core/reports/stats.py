"""Operators' figures: what the bot did today and this week, as one report for /stats and
`run.py stats`, and the 30-day series for the chart. Counts only; nothing about any one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.storage.stats import RATE_LIMIT_HELD_MS, Lateness
from bot.core.storage.store import Storage
from bot.core.triage.rules import Level

NUDGE_ACTIONS = ("sent", "done", "snoozed", "skipped", "missed")
CHART_DAYS = 30


@dataclass(frozen=True)
class Stats:
    """The figures of one moment."""

    by_status: dict[str, int]
    new_this_week: int
    nudges_today: dict[str, int]
    nudges_week: dict[str, int]
    checkins_today: int
    checkins_week: int
    escalations_week: dict[int, int]
    top_unanswered: list[tuple[str, int]]
    top_unsure: list[tuple[str, int]]
    lateness_today: Lateness
    lateness_week: Lateness


def collect_stats(storage: Storage, now: datetime) -> Stats:
    """Read the figures from storage as of `now` (today = the UTC day of `now`)."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week = now - timedelta(days=7)
    return Stats(
        by_status=storage.count_by_status(),
        new_this_week=storage.new_subscribers(week),
        nudges_today=storage.nudge_action_counts(today),
        nudges_week=storage.nudge_action_counts(week),
        checkins_today=storage.checkin_count(today),
        checkins_week=storage.checkin_count(week),
        escalations_week=storage.escalations_by_level(week),
        top_unanswered=storage.top_unanswered(week, limit=5),
        top_unsure=storage.top_unanswered(week, limit=5, band="middle"),
        lateness_today=storage.lateness(today),
        lateness_week=storage.lateness(week),
    )


def _seconds(ms: int | None) -> str:
    """Milliseconds as seconds with one decimal ("0.4 s")."""
    return f"{(ms or 0) / 1000:.1f} s"


def format_lateness(period: str, lateness: Lateness) -> str:
    """One line: how late the scheduled sends of a period left, and how many the rate limit held."""
    if not lateness.sent:
        return f"Scheduled sends late, {period}: none sent"
    return (f"Scheduled sends late, {period}: {lateness.sent} sent, p50 {_seconds(lateness.p50_ms)}, "
            f"p95 {_seconds(lateness.p95_ms)}, max {_seconds(lateness.max_ms)}; "
            f"{lateness.held_by_rate_limit} held by the rate limit ({RATE_LIMIT_HELD_MS / 1000:g} s or more)")


def format_stats(stats: Stats) -> str:
    """The plain-text report operators read."""
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(stats.by_status.items())) or "none yet"
    lines = [f"Subscribers: {sum(stats.by_status.values())} ({statuses}); new in the last 7 days: {stats.new_this_week}",
             "Nudges       today / last 7 days"]
    lines += [f"  {action:<10} {stats.nudges_today.get(action, 0):>5} / {stats.nudges_week.get(action, 0)}"
              for action in NUDGE_ACTIONS]
    lines.append(f"Check-ins: {stats.checkins_today} today, {stats.checkins_week} in the last 7 days")
    escalations = ", ".join(f"{level.name.lower().replace('_', ' ')} {stats.escalations_week.get(int(level), 0)}"
                            for level in (Level.EMERGENCY, Level.URGENT, Level.SEE_DOCTOR))
    lines.append(f"Escalations in the last 7 days: {escalations}")
    lines.append(format_lateness("today", stats.lateness_today))
    lines.append(format_lateness("last 7 days", stats.lateness_week))
    lines.append("Most asked without an answer (7 days):")
    lines += [f"  {count} × {text[:80]}" for text, count in stats.top_unanswered] or ["  none"]
    lines.append("Most asked with only a choice of topics (7 days):")
    lines += [f"  {count} × {text[:80]}" for text, count in stats.top_unsure] or ["  none"]
    return "\n".join(lines)


def chart_series(storage: Storage, now: datetime) -> tuple[list[date], list[int], list[int], list[int]]:
    """(days, subscribers, nudges done, escalations) for the last 30 UTC days up to today."""
    last = now.date()
    first = last - timedelta(days=CHART_DAYS - 1)
    days = [first + timedelta(days=n) for n in range(CHART_DAYS)]
    subscribers = storage.per_day("subscribers", first, last)
    done = storage.per_day("done", first, last)
    escalations = storage.per_day("escalations", first, last)
    return (days, [subscribers.get(d, 0) for d in days], [done.get(d, 0) for d in days],
            [escalations.get(d, 0) for d in days])
