"""Storage of guided routines: the one in progress per subscriber (so it survives a restart) and the log of
routines finished, with how the back felt afterwards."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.core.routines.session import Session
from bot.core.storage.instants import iso, parse_instant
from bot.core.storage.tx import Transactions

FEELINGS = ("better", "same", "worse")


def create_routine_tables(db: Database) -> None:
    """routine_sessions (one row per subscriber with a routine in progress) and routine_log."""
    db.table("routine_sessions").create(
        {"user_id": int, "routine_id": str, "step": int, "phase": str, "started_at": str, "left_s": int,
         "message_id": int, "shown": int},
        pk="user_id", foreign_keys=[("user_id", "subscribers", "id")])
    db.table("routine_sessions").create_index(["phase"])
    db.table("routine_log").create(
        {"id": int, "user_id": int, "routine_id": str, "finished_at": str, "feeling": str},
        pk="id", foreign_keys=[("user_id", "subscribers", "id")])
    db.table("routine_log").create_index(["user_id", "finished_at"])


def _session(row: tuple) -> Session:
    routine_id, step, phase, started_at, left, message_id, shown = row
    return Session(routine_id, step, phase, parse_instant(started_at), left, message_id, shown)


class RoutineStore(Transactions):
    """Mixin for Storage: routines in progress and finished."""

    db: Database

    def routine_session(self, user_id: int) -> Session | None:
        """The subscriber's routine in progress, or None."""
        row = self.db.execute("select routine_id, step, phase, started_at, left_s, message_id, shown "
                              "from routine_sessions where user_id = ?", [user_id]).fetchone()
        return _session(row) if row else None

    def running_routines(self) -> list[tuple[int, Session]]:
        """(subscriber, session) for every routine whose timer runs (the timer's work list)."""
        rows = self.db.execute("select user_id, routine_id, step, phase, started_at, left_s, message_id, shown "
                               "from routine_sessions where phase = 'running'").fetchall()
        return [(row[0], _session(row[1:])) for row in rows]

    def save_routine(self, user_id: int, session: Session) -> None:
        """Save the routine in progress (replacing the one before)."""
        self.db.table("routine_sessions").upsert(
            {"user_id": user_id, "routine_id": session.routine_id, "step": session.step, "phase": session.phase,
             "started_at": iso(session.started_at), "left_s": session.left, "message_id": session.message_id,
             "shown": session.shown}, pk="user_id")

    def end_routine(self, user_id: int) -> None:
        """Forget the routine in progress (stopped or finished)."""
        self.db.execute("delete from routine_sessions where user_id = ?", [user_id])

    def log_routine(self, user_id: int, routine_id: str, now: datetime) -> None:
        """Record a routine done to the end (how the back felt comes later, with rate_routine)."""
        self.db.execute("insert into routine_log (user_id, routine_id, finished_at) values (?, ?, ?)",
                        [user_id, routine_id, iso(now)])

    def rate_routine(self, user_id: int, feeling: str) -> bool:
        """Record how the back felt after the subscriber's latest routine; False when it was rated already."""
        if feeling not in FEELINGS:
            raise ValueError(f"unknown feeling {feeling!r}")
        cursor = self.db.execute(
            "update routine_log set feeling = ? where id = (select max(id) from routine_log where user_id = ?) "
            "and feeling is null", [feeling, user_id])
        return cursor.rowcount == 1

    def routines_since(self, user_id: int, since: datetime) -> list[tuple[str, str | None]]:
        """(routine id, feeling or None) of every routine done since then."""
        return [(routine_id, feeling) for routine_id, feeling in self.db.execute(
            "select routine_id, feeling from routine_log where user_id = ? and finished_at >= ? order by id",
            [user_id, iso(since)])]
