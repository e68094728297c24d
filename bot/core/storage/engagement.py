"""Storage of what keeps nudges wanted: when each subscriber was last seen, whether their nudges are paused
for silence, the question asked about a category nobody answers, and per-category pauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.core.storage.instants import iso, parse_instant
from bot.core.storage.tx import Transactions

SEEN_EVERY = timedelta(hours=1)  # last_seen_at is written at most this often per subscriber


@dataclass(frozen=True)
class Question:
    """The last question asked about one category: when, and the answer (None while unanswered)."""

    asked_at: datetime
    answer: str | None = None
    answered_at: datetime | None = None


def create_engagement(db: Database) -> None:
    """Columns for last seen, silence and per-category pauses; the table of questions asked."""
    subscribers = db.table("subscribers")
    subscribers.add_column("last_seen_at", str)
    subscribers.add_column("dormant_since", str)
    db.execute("update subscribers set last_seen_at = updated_at")
    db.table("nudge_settings").add_column("paused_until", str)
    db.table("nudge_questions").create(
        {"user_id": int, "category": str, "asked_at": str, "answer": str, "answered_at": str},
        pk=("user_id", "category"), foreign_keys=[("user_id", "subscribers", "id")])


class EngagementStore(Transactions):
    """Mixin for Storage: last seen, silence, and questions about unanswered nudges."""

    db: Database

    def seen(self, user_id: int, now: datetime) -> bool:
        """Note that a subscriber did something (written at most hourly); True when their nudges were paused
        for silence, which this ends."""
        with self.atomically():  # sqlite-utils leaves a write that returns rows uncommitted
            row = self.db.execute(
                "update subscribers set last_seen_at = ? where id = ? and (last_seen_at is null or last_seen_at < ?) "
                "returning dormant_since", [iso(now), user_id, iso(now - SEEN_EVERY)]).fetchone()
            returned = row is not None and row[0] is not None
            if returned:
                self.db.execute("update subscribers set dormant_since = null where id = ?", [user_id])
        return returned

    def last_seen_of(self, user_ids: list[int]) -> dict[int, tuple[datetime | None, bool]]:
        """Subscriber id -> (last seen, nudges paused for silence) for many ids at once."""
        marks = ", ".join("?" * len(user_ids))
        rows = self.db.execute(f"select id, last_seen_at, dormant_since from subscribers where id in ({marks})",
                               user_ids).fetchall()
        return {user_id: (parse_instant(seen) if seen else None, dormant is not None)
                for user_id, seen, dormant in rows}

    def fall_silent(self, user_id: int, now: datetime) -> bool:
        """Pause a subscriber's nudges for silence until they return (seen() ends it); False when already paused."""
        cursor = self.db.execute("update subscribers set dormant_since = ? where id = ? and dormant_since is null",
                                 [iso(now), user_id])
        return cursor.rowcount == 1

    def question(self, user_id: int, category: str) -> Question | None:
        """The last question asked about a category's nudges, or None."""
        row = self.db.execute("select asked_at, answer, answered_at from nudge_questions where user_id = ? "
                              "and category = ?", [user_id, category]).fetchone()
        if row is None:
            return None
        asked, answer, answered = row
        return Question(parse_instant(asked), answer, parse_instant(answered) if answered else None)

    def questions_of(self, user_ids: list[int]) -> dict[int, dict[str, Question]]:
        """question() for many subscribers at once: subscriber -> category -> the last question."""
        marks = ", ".join("?" * len(user_ids))
        found: dict[int, dict[str, Question]] = {}
        for user_id, category, asked, answer, answered in self.db.execute(
                "select user_id, category, asked_at, answer, answered_at from nudge_questions "
                f"where user_id in ({marks})", user_ids):
            found.setdefault(user_id, {})[category] = Question(parse_instant(asked), answer,
                                                               parse_instant(answered) if answered else None)
        return found

    def ask_question(self, user_id: int, category: str, now: datetime) -> None:
        """Record that the question about a category was asked now (replacing any earlier one)."""
        self.db.table("nudge_questions").upsert(
            {"user_id": user_id, "category": category, "asked_at": iso(now), "answer": None, "answered_at": None},
            pk=("user_id", "category"))

    def answer_question(self, user_id: int, category: str, answer: str, now: datetime) -> bool:
        """Record the answer to the open question about a category; False when none is open."""
        cursor = self.db.execute("update nudge_questions set answer = ?, answered_at = ? where user_id = ? "
                                 "and category = ? and answer is null", [answer, iso(now), user_id, category])
        return cursor.rowcount == 1
