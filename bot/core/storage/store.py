"""All persistence: one SQLite database through sqlite-utils, versioned with its Migrations.

`Storage` is one object assembled from a mixin per family of tables, each in its own module of this
package (due messages and actions, settings, check-ins, broadcasts, stats queries, transactions);
they share one connection and one transaction scope, so a block of writes across families is atomic.
Instants are stored as ISO-8601 text in UTC. No module outside bot/core/storage/ runs SQL
(tests/test_layers.py checks it).
"""

from __future__ import annotations

import sqlite3

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot.core.storage.instants import iso, parse_instant
from bot.core.storage.broadcasts import BroadcastStore, create_broadcast_table
from bot.core.storage.checkins import CheckinStore, create_checkin_tables
from bot.core.storage.files import prepare_folder, tighten_files
from bot.core.storage.health import (DatabaseProblem, FileIdentity, GuardedDatabase, check_connection, file_problem,
                                     guarded, identity_of, named_problems, prepare_problem, private_problem)
from bot.core.storage.scrub import scrub
from bot.core.storage.routines import RoutineStore, create_routine_tables
from bot.core.storage.engagement import EngagementStore, create_engagement
from bot.core.storage.due import DueMessagesStore, add_lateness_columns, create_action_table, create_due_tables
from bot.core.storage.settings import SettingsStore
from bot.core.storage.stats import StatsQueries

ACTIVE, STOPPED, BLOCKED = "active", "stopped", "blocked"
UNANSWERED_DAYS = 90  # how long unanswered questions are kept by default (BOT_UNANSWERED_DAYS)
SUBSCRIBER_COLUMNS = "id, first_name, language_code, timezone, consented_at, status, created_at, updated_at"

migrations = Migrations("backcare")


@migrations()
def m001_subscribers(db: Database) -> None:
    """Subscribers and the tips each has seen."""
    db.table("subscribers").create(
        {"id": int, "first_name": str, "language_code": str, "timezone": str,
         "consented_at": str, "status": str, "created_at": str, "updated_at": str},
        pk="id",
        not_null={"timezone", "status", "created_at", "updated_at"},
    )
    db.table("subscribers").create_index(["status"])
    db.table("tip_views").create(
        {"user_id": int, "tip_id": str, "category": str, "shown_at": str},
        pk=("user_id", "tip_id"),
        foreign_keys=[("user_id", "subscribers", "id")],
    )


@migrations()
def m002_unanswered_questions(db: Database) -> None:
    """Questions the bot could not answer, for operators: the text only, never who asked."""
    db.table("unanswered_questions").create({"id": int, "text": str, "asked_at": str}, pk="id")
    db.table("unanswered_questions").create_index(["asked_at"])


@migrations()
def m003_schedules(db: Database) -> None:
    """Nudge settings per subscriber and category, schedule settings, and the due messages."""
    subscribers = db.table("subscribers")
    for column in ("quiet_start", "quiet_end", "paused_until"):
        subscribers.add_column(column, str)
    db.table("nudge_settings").create(
        {"user_id": int, "category": str, "enabled": int, "times": str, "weekdays": str},
        pk=("user_id", "category"), foreign_keys=[("user_id", "subscribers", "id")])
    create_due_tables(db)


@migrations()
def m004_nudge_actions(db: Database) -> None:
    """What subscribers did with their nudges (done, snoozed, skipped) and what was missed."""
    create_action_table(db)


@migrations()
def m005_checkins(db: Database) -> None:
    """Symptom check-ins: preferences, episodes, check-ins, drafts, and the anonymous escalation log."""
    create_checkin_tables(db)


@migrations()
def m006_broadcasts(db: Database) -> None:
    """Operators' broadcasts (their per-subscriber sends are due messages)."""
    create_broadcast_table(db)


@migrations()
def m007_unsure_questions(db: Database) -> None:
    """Questions met with a choice of topics are kept for operators too, marked apart from unanswered ones."""
    db.table("unanswered_questions").add_column("band", str, not_null_default="low")


@migrations()
def m008_send_lateness(db: Database) -> None:
    """How late each scheduled send left (late_ms) and how long it waited for a rate-limit slot (paced_ms)."""
    add_lateness_columns(db)


@migrations()
def m009_engagement(db: Database) -> None:
    """When each subscriber was last seen, silence pauses, per-category pauses and questions about unanswered nudges."""
    create_engagement(db)


@migrations()
def m010_routines(db: Database) -> None:
    """Guided routines in progress (one per subscriber) and the log of routines finished."""
    create_routine_tables(db)


# Every table holding data about a subscriber, with the column naming them: used by export and
# delete, in an order that deletes rows before the rows they refer to.
SUBSCRIBER_TABLES: dict[str, str] = {"tip_views": "user_id", "nudge_settings": "user_id", "due_messages": "user_id",
                                     "nudge_actions": "user_id", "nudge_questions": "user_id", "routine_sessions": "user_id",
                                     "routine_log": "user_id", "checkin_drafts": "user_id", "checkins": "user_id",
                                     "episodes": "user_id", "broadcasts": "admin_chat", "subscribers": "id"}
# Rows that belong to the operators, not to the subscriber named in them: /delete removes the name, keeps the row
# (a broadcast an admin started goes on reaching everyone after that admin erases their own data).
OPERATORS_ROWS: dict[str, tuple[str, ...]] = {"broadcasts": ("admin_chat", "progress_message_id")}


@dataclass(frozen=True)
class Subscriber:
    """A person who has talked to the bot and agreed to the disclaimer."""

    id: int
    first_name: str
    language_code: str | None
    timezone: str
    consented_at: datetime | None
    status: str
    created_at: datetime
    updated_at: datetime


def _subscriber(row: dict) -> Subscriber:
    return Subscriber(
        id=row["id"], first_name=row["first_name"] or "", language_code=row["language_code"],
        timezone=row["timezone"], status=row["status"],
        consented_at=parse_instant(row["consented_at"]) if row["consented_at"] else None,
        created_at=parse_instant(row["created_at"]), updated_at=parse_instant(row["updated_at"]),
    )


class Storage(DueMessagesStore, SettingsStore, EngagementStore, RoutineStore, CheckinStore, BroadcastStore, StatsQueries):
    """The bot's database: subscribers, what they have seen, their schedules, due messages and check-ins."""

    db: GuardedDatabase
    path: Path | None = None  # the file, when opened with open(): what file_problem() watches
    identity: FileIdentity | None = None  # the file's (st_dev, st_ino) at open

    def __init__(self, db: Database) -> None:
        self.db = guarded(db)
        if db.conn.execute("pragma journal_mode").fetchone()[0] != "memory":
            db.enable_wal()
        db.execute("pragma synchronous = NORMAL")
        # checkpoint (and fsync) every ~40 MB of WAL rather than every 4 MB: a fan-out commits once per
        # message, and the default's frequent checkpoints cost a fifth of its storage time (bench/fanout.py)
        db.execute("pragma wal_autocheckpoint = 10000")
        db.execute("pragma journal_size_limit = 67108864")
        db.execute("pragma cache_size = -16384")  # 16 MB of pages: the due and settings indexes stay in memory
        db.execute("pragma foreign_keys = ON")
        migrations.apply(db)

    @classmethod
    def open(cls, path: Path) -> Storage:
        """Open (creating folder and file when missing, both private to the bot's user), check and migrate the
        database; raise DatabaseProblem (one line naming the file) when it is corrupted, read-only or unreachable."""
        try:
            prepare_folder(path)
        except OSError as error:
            raise prepare_problem(path, error) from error
        if path.is_dir():
            raise DatabaseProblem(f"{path} is a folder, not a database file")
        try:
            if path.exists():
                tighten_files(path)
        except OSError as error:
            raise private_problem(path, error) from error
        with named_problems(path):
            db = GuardedDatabase(path)
        try:
            with named_problems(path):
                check_connection(db, path)
                storage = cls(db)
        except DatabaseProblem:
            db.close()
            raise
        tighten_files(path, quiet=True)  # the files SQLite has just created (new database, WAL, shared memory)
        storage.path, storage.identity = path, identity_of(path)
        return storage

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # --- the file's health while running ---------------------------------------------------------

    @property
    def halted(self) -> str | None:
        """Why writes were stopped (halt()), or None while they go on."""
        return self.db.halted

    def file_problem(self) -> str | None:
        """What happened to the database file since open (deleted, replaced), or None; one os.stat, no SQL."""
        if self.path is None or self.identity is None:
            return None
        return file_problem(self.path, self.identity)

    def write_problem(self) -> str | None:
        """Why the database cannot be written right now (a real write, rolled back), or None."""
        if self.db.halted:
            return self.db.halted
        try:
            self.db.conn.execute("begin immediate")
            try:
                self.db.conn.execute("create table _health_probe (x)")
            finally:
                self.db.conn.execute("rollback")
        except sqlite3.Error as error:
            return f"cannot be written: {error}"
        return None

    def halt(self, reason: str) -> None:
        """Stop every write from now on, for good (reads go on): each raises DatabaseProblem(reason)."""
        self.db.halt(reason)

    # --- subscribers -------------------------------------------------------------------------

    def subscriber(self, user_id: int) -> Subscriber | None:
        """Return the subscriber with this Telegram user id, or None."""
        cursor = self.db.execute(f"select {SUBSCRIBER_COLUMNS} from subscribers where id = ?", [user_id])
        row = cursor.fetchone()
        return _subscriber(dict(zip(SUBSCRIBER_COLUMNS.split(", "), row))) if row else None

    def statuses_of(self, user_ids: list[int]) -> dict[int, str]:
        """Subscriber id -> status for many ids at once; unknown ids are left out."""
        marks = ", ".join("?" * len(user_ids))
        return dict(self.db.execute(f"select id, status from subscribers where id in ({marks})", user_ids).fetchall())

    def subscribe(self, user_id: int, first_name: str, language_code: str | None,
                  timezone: str, now: datetime) -> Subscriber:
        """Record consent and make the subscriber active; an existing one keeps its settings."""
        existing = self.subscriber(user_id)
        table = self.db.table("subscribers")
        if existing is None:
            table.insert({"id": user_id, "first_name": first_name, "language_code": language_code,
                          "timezone": timezone, "consented_at": iso(now), "status": ACTIVE,
                          "created_at": iso(now), "updated_at": iso(now), "last_seen_at": iso(now)})
        else:
            table.update(user_id, {"first_name": first_name, "language_code": language_code, "consented_at": iso(now),
                                   "status": ACTIVE, "updated_at": iso(now), "last_seen_at": iso(now),
                                   "dormant_since": None})
        subscriber = self.subscriber(user_id)
        if subscriber is None:
            raise RuntimeError(f"subscriber {user_id} was not written")
        return subscriber

    def set_status(self, user_id: int, status: str, now: datetime) -> None:
        """Set a subscriber's status (active, stopped or blocked)."""
        if status not in (ACTIVE, STOPPED, BLOCKED):
            raise ValueError(f"unknown status {status!r}")
        self.db.table("subscribers").update(user_id, {"status": status, "updated_at": iso(now)})

    def count_by_status(self) -> dict[str, int]:
        """Return how many subscribers there are in each status."""
        rows = self.db.execute("select status, count(*) from subscribers group by status").fetchall()
        return {status: count for status, count in rows}

    # --- tips ---------------------------------------------------------------------------------

    def tip_views(self, user_id: int, category: str | None = None) -> dict[str, datetime]:
        """Return tip id -> when this subscriber last saw it (optionally for one category)."""
        where, args = "user_id = ?", list[object]([user_id])
        if category is not None:
            where, args = where + " and category = ?", args + [category]
        return {tip_id: parse_instant(shown_at)
                for tip_id, shown_at in self.db.execute(f"select tip_id, shown_at from tip_views where {where}", args)}

    def tip_views_of(self, user_ids: list[int]) -> dict[int, dict[str, datetime]]:
        """tip_views() of many subscribers in one query: user id -> tip id -> last shown."""
        marks = ", ".join("?" * len(user_ids))
        views: dict[int, dict[str, datetime]] = {}
        for user_id, tip_id, shown_at in self.db.execute(
                f"select user_id, tip_id, shown_at from tip_views where user_id in ({marks})", user_ids):
            views.setdefault(user_id, {})[tip_id] = parse_instant(shown_at)
        return views

    def record_tip_view(self, user_id: int, tip_id: str, category: str, now: datetime) -> None:
        """Remember that the subscriber was shown this tip now."""
        self.db.execute("insert into tip_views (user_id, tip_id, category, shown_at) values (?, ?, ?, ?) "
                        "on conflict (user_id, tip_id) do update set category = excluded.category, "
                        "shown_at = excluded.shown_at", [user_id, tip_id, category, iso(now)])

    # --- questions without an answer ---------------------------------------------------------

    def record_unanswered(self, text: str, now: datetime, keep_days: int = UNANSWERED_DAYS, band: str = "low") -> None:
        """Keep a question the bot could not answer for sure (band "low": no answer; "middle": a choice of
        topics) for operators: not who asked, personal details removed, and only for `keep_days` (older ones
        are dropped as each new one is kept)."""
        with self.atomically():
            self.db.execute("delete from unanswered_questions where asked_at < ?",
                            [iso(now - timedelta(days=keep_days))])
            self.db.table("unanswered_questions").insert({"text": scrub(text)[:500], "asked_at": iso(now),
                                                          "band": band})

    def top_unanswered(self, since: datetime, limit: int = 10, band: str = "low") -> list[tuple[str, int]]:
        """The most frequent questions of a band ("low" unanswered, "middle" offered a choice) since an
        instant, as (text, count)."""
        rows = self.db.execute(
            "select lower(trim(text)) as question, count(*) as n from unanswered_questions "
            "where asked_at >= ? and band = ? group by question order by n desc, question limit ?",
            [iso(since), band, limit])
        return [(question, count) for question, count in rows.fetchall()]

    # --- the subscriber's own data -------------------------------------------------------------

    def export_subscriber(self, user_id: int) -> dict[str, list[dict]]:
        """Return every row stored about this subscriber, table by table."""
        return {table: list(self.db.table(table).rows_where(f"[{column}] = ?", [user_id]))
                for table, column in SUBSCRIBER_TABLES.items()}

    def delete_subscriber(self, user_id: int) -> bool:
        """Erase everything stored about this subscriber; return whether anything was there."""
        found = False
        with self.atomically():
            for table, column in SUBSCRIBER_TABLES.items():
                if table in OPERATORS_ROWS:
                    cleared = ", ".join(f"[{name}] = null" for name in OPERATORS_ROWS[table])
                    cursor = self.db.execute(f"update [{table}] set {cleared} where [{column}] = ?", [user_id])
                else:
                    cursor = self.db.execute(f"delete from [{table}] where [{column}] = ?", [user_id])
                found = found or cursor.rowcount > 0
        return found


def subscriber_as_dict(subscriber: Subscriber) -> dict:
    """Return a subscriber as plain JSON-ready values."""
    return {key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(subscriber).items()}
