"""Storage of symptom check-ins: episodes, the check-ins of each, a check-in in progress, and the
anonymous escalation log operators see (level, rule and time only; never who, never free text)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlite_utils import Database

from bot.core.storage.instants import iso, parse_instant
from bot.core.storage.tx import Transactions, inserted_id
from scheduler.followups import DEFAULT_CHECKIN_TIME, DEFAULT_EVERY_DAYS
from scheduler.settings import DEFAULT_QUIET


def create_checkin_tables(db: Database) -> None:
    """Create the check-in tables (called from a migration)."""
    subscribers = db.table("subscribers")
    subscribers.add_column("checkin_time", str)
    subscribers.add_column("checkin_every", int)
    db.table("episodes").create(
        {"id": int, "user_id": int, "started_on": str, "opened_at": str, "closed_at": str},
        pk="id", not_null={"user_id", "started_on", "opened_at"},
        foreign_keys=[("user_id", "subscribers", "id")])
    db.table("episodes").create_index(["user_id", "closed_at"])
    db.table("checkins").create(
        {"id": int, "user_id": int, "episode_id": int, "at": str, "local_date": str, "pain_now": int,
         "pain": int, "trend": str, "signs": str, "level": int, "rules": str},
        pk="id", not_null={"user_id", "at", "local_date", "pain_now", "level"},
        foreign_keys=[("user_id", "subscribers", "id"), ("episode_id", "episodes", "id")])
    db.table("checkins").create_index(["user_id", "at"])
    db.table("checkin_drafts").create({"user_id": int, "data": str, "updated_at": str}, pk="user_id")
    db.table("escalations").create({"id": int, "level": int, "rule": str, "at": str}, pk="id")
    db.table("escalations").create_index(["at"])


@dataclass(frozen=True)
class FollowupSettings:
    """What decides when a subscriber's follow-up check-ins come."""

    timezone: str
    quiet: tuple[time, time]
    checkin_time: time
    every_days: int


@dataclass(frozen=True)
class Episode:
    """A stretch of back pain, from the first check-in reporting it to 'it's gone'."""

    id: int
    user_id: int
    started_on: date
    opened_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class StoredCheckin:
    """One completed check-in as stored."""

    id: int
    episode_id: int | None
    at: datetime
    local_date: date
    pain_now: bool
    pain: int | None
    trend: str | None
    signs: frozenset[str]
    level: int
    rules: tuple[str, ...]


def _episode(row: tuple) -> Episode:
    id_, user_id, started_on, opened_at, closed_at = row
    return Episode(id_, user_id, date.fromisoformat(started_on), parse_instant(opened_at),
                   parse_instant(closed_at) if closed_at else None)


def _checkin(row: tuple) -> StoredCheckin:
    id_, episode_id, at, local_date, pain_now, pain, trend, signs, level, rules = row
    return StoredCheckin(id_, episode_id, parse_instant(at), date.fromisoformat(local_date), bool(pain_now), pain,
                         trend, frozenset(filter(None, (signs or "").split(","))), level,
                         tuple(filter(None, (rules or "").split(","))))


EPISODE_COLUMNS = "id, user_id, started_on, opened_at, closed_at"
CHECKIN_COLUMNS = "id, episode_id, at, local_date, pain_now, pain, trend, signs, level, rules"


class CheckinStore(Transactions):
    """Mixin for Storage: episodes, check-ins, drafts, check-in preferences and escalations."""

    db: Database

    # --- preferences ----------------------------------------------------------------------------

    def followup_settings(self, user_id: int) -> FollowupSettings:
        """When a subscriber's follow-ups may come: zone, quiet hours, check-in time and interval."""
        row = self.db.execute("select timezone, quiet_start, quiet_end, checkin_time, checkin_every from subscribers "
                              "where id = ?", [user_id]).fetchone()
        if row is None:
            raise KeyError(user_id)
        timezone, quiet_start, quiet_end, checkin_time, every = row
        quiet = (time.fromisoformat(quiet_start) if quiet_start else DEFAULT_QUIET[0],
                 time.fromisoformat(quiet_end) if quiet_end else DEFAULT_QUIET[1])
        return FollowupSettings(timezone, quiet, time.fromisoformat(checkin_time) if checkin_time else DEFAULT_CHECKIN_TIME,
                                every or DEFAULT_EVERY_DAYS)

    def set_checkin_prefs(self, user_id: int, now: datetime, *, at: time | None = None,
                          every_days: int | None = None) -> None:
        """Change the check-in time and/or the follow-up interval."""
        changes: dict = {"updated_at": iso(now)}
        if at is not None:
            changes["checkin_time"] = at.strftime("%H:%M")
        if every_days is not None:
            changes["checkin_every"] = every_days
        self.db.table("subscribers").update(user_id, changes)

    # --- episodes -------------------------------------------------------------------------------

    def open_episode(self, user_id: int) -> Episode | None:
        """The subscriber's open episode, or None."""
        row = self.db.execute(f"select {EPISODE_COLUMNS} from episodes where user_id = ? and closed_at is null "
                              "order by id desc limit 1", [user_id]).fetchone()
        return _episode(row) if row else None

    def start_episode(self, user_id: int, started_on: date, now: datetime) -> Episode:
        """Open a new episode that began on `started_on`."""
        cursor = self.db.execute("insert into episodes (user_id, started_on, opened_at) values (?, ?, ?)",
                                 [user_id, started_on.isoformat(), iso(now)])
        return Episode(inserted_id(cursor), user_id, started_on, now, None)

    def close_episode(self, episode_id: int, now: datetime) -> None:
        """Close an episode (the pain is gone)."""
        self.db.execute("update episodes set closed_at = ? where id = ? and closed_at is null", [iso(now), episode_id])

    # --- check-ins ------------------------------------------------------------------------------

    def add_checkin(self, user_id: int, episode_id: int | None, now: datetime, local_date: date, *, pain_now: bool,
                    pain: int | None, trend: str | None, signs: frozenset[str], level: int,
                    rules: tuple[str, ...]) -> None:
        """Record one completed check-in and its outcome."""
        self.db.execute(
            "insert into checkins (user_id, episode_id, at, local_date, pain_now, pain, trend, signs, level, rules) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [user_id, episode_id, iso(now), local_date.isoformat(), int(pain_now), pain, trend,
             ",".join(sorted(signs)), level, ",".join(rules)])

    def episode_checkins(self, episode_id: int) -> list[StoredCheckin]:
        """The check-ins of one episode, oldest first."""
        return [_checkin(row) for row in self.db.execute(
            f"select {CHECKIN_COLUMNS} from checkins where episode_id = ? order by at, id", [episode_id])]

    def checkins(self, user_id: int) -> list[StoredCheckin]:
        """Every check-in of a subscriber, oldest first."""
        return [_checkin(row) for row in self.db.execute(
            f"select {CHECKIN_COLUMNS} from checkins where user_id = ? order by at, id", [user_id])]

    # --- a check-in in progress -----------------------------------------------------------------

    def save_draft(self, user_id: int, data: dict, now: datetime) -> None:
        """Keep the answers of a check-in in progress (survives a restart)."""
        self.db.execute("insert into checkin_drafts (user_id, data, updated_at) values (?, ?, ?) "
                        "on conflict (user_id) do update set data = excluded.data, updated_at = excluded.updated_at",
                        [user_id, json.dumps(data), iso(now)])

    def draft(self, user_id: int) -> dict | None:
        """The check-in in progress, or None."""
        row = self.db.execute("select data from checkin_drafts where user_id = ?", [user_id]).fetchone()
        return json.loads(row[0]) if row else None

    def drop_draft(self, user_id: int) -> None:
        """Forget the check-in in progress."""
        self.db.execute("delete from checkin_drafts where user_id = ?", [user_id])

    # --- escalations, for operators -------------------------------------------------------------

    def record_escalation(self, level: int, rule: str, now: datetime) -> None:
        """Log one escalation: its level, the rule that fired and when; nothing about who."""
        self.db.execute("insert into escalations (level, rule, at) values (?, ?, ?)", [level, rule, iso(now)])

    def escalations_by_level(self, since: datetime) -> dict[int, int]:
        """Escalations since an instant, counted by level (one count per escalated reply)."""
        rows = self.db.execute("select level, count(*) from escalations where at >= ? group by level", [iso(since)])
        return dict(rows.fetchall())
