"""Read-only queries for operators' figures: counts over time, never anything about one person."""

from __future__ import annotations

from datetime import date, datetime

from sqlite_utils import Database

from bot.core.storage.instants import iso


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
