"""Storage of scheduled messages ("due messages"): one general mechanism for nudges and follow-ups.

A due message is one row per (subscriber, kind, slot): the unique index makes creating it twice
impossible, and its status moves pending -> sending -> sent (or missed / skipped / cancelled).
Claiming is a single conditional UPDATE, so two workers can never both send one message; after a
crash, rows left in `sending` go back to `pending` (only those in flight can repeat).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot.core.storage.instants import iso, parse_instant
from bot.core.storage.tx import Transactions

PENDING, SENDING, SENT, MISSED, SKIPPED, CANCELLED = "pending", "sending", "sent", "missed", "skipped", "cancelled"
UNREACHABLE, FAILED = "blocked", "failed"  # the recipient blocked the bot; Telegram refused the message


def create_due_tables(db: Database) -> None:
    """Create the due-messages table and its indexes (called from a migration)."""
    db.table("due_messages").create(
        {"id": int, "user_id": int, "kind": str, "slot": str, "due_at": str, "status": str,
         "attempts": int, "message_id": int, "updated_at": str},
        pk="id", not_null={"user_id", "kind", "slot", "due_at", "status"},
        defaults={"status": PENDING, "attempts": 0},
        foreign_keys=[("user_id", "subscribers", "id")],
    )
    db.table("due_messages").create_index(["user_id", "kind", "slot"], unique=True)
    # the due query reads only rows that are pending and due: its cost does not grow with the rest
    db.table("due_messages").create_index(["status", "due_at"])


def add_lateness_columns(db: Database) -> None:
    """Add late_ms and paced_ms to due messages, and the index the lateness figures read (called from a migration)."""
    table = db.table("due_messages")
    table.add_column("late_ms", int)  # sent minus due_at, in ms; null unless sent (or sent before this column)
    table.add_column("paced_ms", int)  # time the send waited for a rate-limit slot, in ms; null when not measured
    # partial: only sent rows enter it, so claims and other updates of updated_at pay nothing for it
    db.execute("create index idx_due_messages_sent_late on due_messages (updated_at) where late_ms is not null")


def create_action_table(db: Database) -> None:
    """Create the table of what subscribers did with their nudges (called from a migration)."""
    db.table("nudge_actions").create(
        {"id": int, "user_id": int, "slot": str, "action": str, "at": str}, pk="id",
        foreign_keys=[("user_id", "subscribers", "id")])
    db.table("nudge_actions").create_index(["user_id", "at"])


@dataclass(frozen=True)
class DueMessage:
    """One scheduled message."""

    id: int
    user_id: int
    kind: str
    slot: str
    due_at: datetime
    status: str
    attempts: int


class DueMessagesStore(Transactions):
    """Mixin for Storage: scheduling, claiming and settling due messages."""

    db: Database

    def schedule(self, user_id: int, kind: str, slot: str, due_at: datetime, now: datetime) -> bool:
        """Create the due message for this slot unless it exists; return whether it was (re)created.

        A slot cancelled before it was sent (its settings changed) may be scheduled again; one that
        was sent, missed or skipped never is: that is what makes each slot go out at most once.
        """
        cursor = self.db.execute(
            "insert into due_messages (user_id, kind, slot, due_at, status, attempts, updated_at) "
            "values (?, ?, ?, ?, ?, 0, ?) on conflict (user_id, kind, slot) do update "
            f"set due_at = excluded.due_at, status = excluded.status, updated_at = excluded.updated_at "
            f"where due_messages.status = '{CANCELLED}'", [user_id, kind, slot, iso(due_at), PENDING, iso(now)])
        return cursor.rowcount == 1

    def due(self, now: datetime, limit: int = 500) -> list[DueMessage]:
        """Pending messages due at or before now, oldest first, at most `limit`."""
        rows = self.db.execute(
            "select id, user_id, kind, slot, due_at, status, attempts from due_messages "
            "where status = ? and due_at <= ? order by due_at limit ?", [PENDING, iso(now), limit]).fetchall()
        return [DueMessage(i, u, k, s, parse_instant(d), st, a) for i, u, k, s, d, st, a in rows]

    def claim(self, due_id: int, now: datetime) -> bool:
        """Move a pending message to sending; False when someone else already has it."""
        cursor = self.db.execute(
            "update due_messages set status = ?, attempts = attempts + 1, updated_at = ? "
            "where id = ? and status = ?", [SENDING, iso(now), due_id, PENDING])
        return cursor.rowcount == 1

    def claim_many(self, due_ids: list[int], now: datetime) -> set[int]:
        """Move a batch of pending messages to sending at once; return the ids this caller got."""
        if not due_ids:
            return set()
        marks = ", ".join("?" * len(due_ids))
        with self.atomically():  # sqlite-utils leaves a write that returns rows uncommitted
            rows = self.db.execute(
                "update due_messages set status = ?, attempts = attempts + 1, updated_at = ? "
                f"where status = ? and id in ({marks}) returning id", [SENDING, iso(now), PENDING, *due_ids]).fetchall()
        return {due_id for (due_id,) in rows}

    def settle(self, due_id: int, status: str, now: datetime, message_id: int | None = None, *,
               paced: float | None = None) -> None:
        """Record how a claimed message ended: sent (with its message id), missed, skipped, cancelled,
        blocked or failed.

        When sent, also records how late it left, late_ms = max(0, now - due_at) to the millisecond (due_at
        read by the same UPDATE), and, when given, `paced`: the seconds it waited for a rate-limit slot, as
        paced_ms (negative waits count as 0). Other statuses record neither; `paced` is then ignored.
        """
        if status not in (SENT, MISSED, SKIPPED, CANCELLED, PENDING, UNREACHABLE, FAILED):
            raise ValueError(f"unknown status {status!r}")
        if status != SENT:
            self.db.execute("update due_messages set status = ?, message_id = coalesce(?, message_id), "
                            "updated_at = ? where id = ?", [status, message_id, iso(now), due_id])
            return
        paced_ms = None if paced is None else max(0, round(paced * 1000))
        # julianday() reads the stored ISO text (UTC offset included) to the millisecond; days * 86400000 = ms
        self.db.execute("update due_messages set status = ?, message_id = coalesce(?, message_id), updated_at = ?, "
                        "late_ms = max(0, cast(round((julianday(?) - julianday(due_at)) * 86400000) as integer)), "
                        "paced_ms = ? where id = ?", [status, message_id, iso(now), iso(now), paced_ms, due_id])

    def retry_later(self, due_id: int, due_at: datetime, now: datetime) -> None:
        """A send failed for now: make the message pending again, due at a later instant."""
        self.db.execute("update due_messages set status = ?, due_at = ?, updated_at = ? where id = ?",
                        [PENDING, iso(due_at), iso(now), due_id])

    def recover_in_flight(self, now: datetime) -> int:
        """After a crash: messages left in `sending` become pending again; return how many."""
        cursor = self.db.execute("update due_messages set status = ?, updated_at = ? where status = ?",
                                 [PENDING, iso(now), SENDING])
        return cursor.rowcount

    def cancel_pending(self, user_id: int, kind: str | None = None) -> int:
        """Cancel a subscriber's pending messages (of one kind), e.g. when their settings change."""
        where, args = "user_id = ? and status = ?", [user_id, PENDING]
        if kind is not None:
            where, args = where + " and kind = ?", args + [kind]
        cursor = self.db.execute(f"update due_messages set status = '{CANCELLED}' where {where}", args)
        return cursor.rowcount

    def pending_slots(self, user_id: int, kind: str) -> list[str]:
        """The slots of a subscriber's pending messages of one kind."""
        return [slot for (slot,) in self.db.execute(
            "select slot from due_messages where user_id = ? and kind = ? and status = ?", [user_id, kind, PENDING])]

    def cancel_slots(self, user_id: int, kind: str, slot_prefix: str) -> int:
        """Cancel a subscriber's pending messages whose slot starts with a prefix (e.g. one day's)."""
        cursor = self.db.execute(
            f"update due_messages set status = '{CANCELLED}' where user_id = ? and kind = ? and status = ? "
            "and substr(slot, 1, ?) = ?", [user_id, kind, PENDING, len(slot_prefix), slot_prefix])
        return cursor.rowcount

    def record_action(self, user_id: int, slot: str, action: str, now: datetime) -> None:
        """Record what happened to a nudge: sent, done, snoozed, skipped or missed."""
        self.db.execute("insert into nudge_actions (user_id, slot, action, at) values (?, ?, ?, ?)",
                        [user_id, slot, action, iso(now)])

    def final_action(self, user_id: int, slot: str) -> str | None:
        """'done' or 'skipped' if the subscriber already answered this nudge so (the first answer counts), else None."""
        row = self.db.execute("select action from nudge_actions where user_id = ? and slot = ? "
                              "and action in ('done', 'skipped') limit 1", [user_id, slot]).fetchone()
        return row[0] if row else None

    def actions(self, user_id: int, since: datetime | None = None) -> list[tuple[str, str, datetime]]:
        """A subscriber's nudge actions as (slot, action, at), oldest first."""
        rows = self.db.execute("select slot, action, at from nudge_actions where user_id = ? and at >= ? "
                               "order by id", [user_id, iso(since) if since else ""])
        return [(slot, action, parse_instant(at)) for slot, action, at in rows]

    def actions_of(self, user_ids: list[int], since: datetime) -> dict[int, list[tuple[str, str, datetime]]]:
        """actions() since then for many subscribers in one query; those without any are left out."""
        marks = ", ".join("?" * len(user_ids))
        found: dict[int, list[tuple[str, str, datetime]]] = {}
        for user_id, slot, action, at in self.db.execute(
                f"select user_id, slot, action, at from nudge_actions where user_id in ({marks}) and at >= ? "
                "order by id", [*user_ids, iso(since)]):
            found.setdefault(user_id, []).append((slot, action, parse_instant(at)))
        return found

    def due_message(self, due_id: int) -> DueMessage | None:
        """One due message by id, or None."""
        row = self.db.execute("select id, user_id, kind, slot, due_at, status, attempts from due_messages "
                              "where id = ?", [due_id]).fetchone()
        if row is None:
            return None
        i, u, k, s, d, st, a = row
        return DueMessage(i, u, k, s, parse_instant(d), st, a)
