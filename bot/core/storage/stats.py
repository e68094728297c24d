"""Read-only queries for operators' figures: counts over time, never anything about one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from bot.core.storage.instants import iso

# A send counts as "late because of the rate limit" when the limiter held it this long or longer (paced_ms):
# shorter waits are the limiter's ordinary spacing of a burst, not what made a message late.
RATE_LIMIT_HELD_MS = 1000


@dataclass(frozen=True)
class Lateness:
    """How late scheduled sends left over a period: nearest-rank p50 and p95 and the max of late_ms (None
    when none were sent), how many were sent, and how many the rate limit held RATE_LIMIT_HELD_MS or more."""

    sent: int
    p50_ms: int | None
    p95_ms: int | None
    max_ms: int | None
    held_by_rate_limit: int


def nearest_rank(ordered: list[int], percent: int) -> int:
    """The nearest-rank percentile of ascending values: the smallest value with at least `percent`% of them at
    or below it (the value at rank ceil(percent * n / 100), counting from 1)."""
    if not ordered:
        raise ValueError("no values")
    if not 0 < percent <= 100:
        raise ValueError(f"percent out of range: {percent}")
    return ordered[-(-percent * len(ordered) // 100) - 1]


class StatsQueries:
    """Mixin for Storage: the counts /stats and `run.py stats` show."""

    db: Database

    def new_subscribers(self, since: datetime) -> int:
        """Subscribers who first arrived at or after `since`."""
        return self.db.execute("select count(*) from subscribers where created_at >= ?", [iso(since)]).fetchone()[0]

    def nudge_action_counts(self, since: datetime) -> dict[str, int]:
        """Nudges sent / done / snoozed / skipped / missed since an instant, by action."""
        rows = self.db.execute("select action, count(*) from nudge_actions where at >= ? group by action", [iso(since)])
        return dict(rows.fetchall())

    def checkin_count(self, since: datetime) -> int:
        """Completed check-ins since an instant."""
        return self.db.execute("select count(*) from checkins where at >= ?", [iso(since)]).fetchone()[0]

    def lateness(self, since: datetime) -> Lateness:
        """Lateness of the due messages sent at or after `since` (their updated_at is when they were sent);
        sends from before lateness was recorded are left out."""
        # only settle(SENT) sets late_ms, so "late_ms is not null" means sent; it also picks the partial index
        rows = self.db.execute("select late_ms, paced_ms from due_messages where late_ms is not null "
                               "and updated_at >= ? order by late_ms", [iso(since)]).fetchall()
        late = [late_ms for late_ms, _ in rows]
        held = sum(1 for _, paced_ms in rows if paced_ms is not None and paced_ms >= RATE_LIMIT_HELD_MS)
        if not late:
            return Lateness(sent=0, p50_ms=None, p95_ms=None, max_ms=None, held_by_rate_limit=0)
        return Lateness(sent=len(late), p50_ms=nearest_rank(late, 50), p95_ms=nearest_rank(late, 95),
                        max_ms=late[-1], held_by_rate_limit=held)

    def per_day(self, what: str, first: date, last: date) -> dict[date, int]:
        """Daily counts (UTC days) of 'subscribers' (total at the end of each day), 'done' nudges or
        'escalations', for first..last inclusive; days without any are left out."""
        queries = {
            "done": "select substr(at, 1, 10), count(*) from nudge_actions where action = 'done' "
                    "and substr(at, 1, 10) between ? and ? group by 1",
            "escalations": "select substr(at, 1, 10), count(*) from escalations "
                           "where substr(at, 1, 10) between ? and ? group by 1",
            "subscribers": "select substr(created_at, 1, 10), count(*) from subscribers "
                           "where substr(created_at, 1, 10) <= ? group by 1",
        }
        if what not in queries:
            raise ValueError(f"unknown series {what!r}")
        if what == "subscribers":
            rows = self.db.execute(queries[what], [last.isoformat()]).fetchall()
            result = {}
            arrivals = {date.fromisoformat(day): count for day, count in rows}
            total = sum(count for day, count in arrivals.items() if day < first)
            for offset in range((last - first).days + 1):
                day = date.fromordinal(first.toordinal() + offset)
                total += arrivals.get(day, 0)
                result[day] = total
            return result
        rows = self.db.execute(queries[what], [first.isoformat(), last.isoformat()]).fetchall()
        return {date.fromisoformat(day): count for day, count in rows}
