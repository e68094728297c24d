"""Storage of operators' broadcasts: the message, where its progress is shown, and one due message
per active subscriber (kind `broadcast`), so the nudges' fan-out sends it exactly once to each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot.core.storage.instants import iso
from bot.core.storage.tx import Transactions, inserted_id

BROADCAST = "broadcast"
DRAFT, QUEUED = "draft", "queued"


def create_broadcast_table(db: Database) -> None:
    """Create the broadcasts table (called from a migration)."""
    db.table("broadcasts").create(
        {"id": int, "text": str, "status": str, "created_at": str, "admin_chat": int, "progress_message_id": int,
         "total": int}, pk="id", not_null={"text", "status", "created_at"})


@dataclass(frozen=True)
class Broadcast:
    """One operator message to every active subscriber."""

    id: int
    text: str
    status: str
    admin_chat: int | None
    progress_message_id: int | None
    total: int | None


def broadcast_slot(broadcast_id: int) -> str:
    """The due-message slot of a broadcast, e.g. 'broadcast:7'."""
    return f"{BROADCAST}:{broadcast_id}"


class BroadcastStore(Transactions):
    """Mixin for Storage: drafting, queueing and counting broadcasts."""

    db: Database

    def draft_broadcast(self, text: str, admin_chat: int, now: datetime) -> int:
        """Keep a composed broadcast until it is confirmed; return its id."""
        cursor = self.db.execute("insert into broadcasts (text, status, created_at, admin_chat) values (?, ?, ?, ?)",
                                 [text, DRAFT, iso(now), admin_chat])
        return inserted_id(cursor)

    def broadcast(self, broadcast_id: int) -> Broadcast | None:
        """The broadcast with this id, or None."""
        row = self.db.execute("select id, text, status, admin_chat, progress_message_id, total from broadcasts "
                              "where id = ?", [broadcast_id]).fetchone()
        return Broadcast(*row) if row else None

    def active_subscriber_count(self) -> int:
        """How many subscribers a broadcast would reach now."""
        return self.db.execute("select count(*) from subscribers where status = 'active'").fetchone()[0]

    def queue_broadcast(self, broadcast_id: int, progress_message_id: int, now: datetime) -> int | None:
        """Confirm a draft: one pending due message per active subscriber; None if already queued."""
        with self.atomically():
            updated = self.db.execute("update broadcasts set status = ?, progress_message_id = ? "
                                      "where id = ? and status = ?", [QUEUED, progress_message_id, broadcast_id, DRAFT])
            if updated.rowcount == 0:
                return None
            cursor = self.db.execute(
                "insert into due_messages (user_id, kind, slot, due_at, status, attempts, updated_at) "
                "select id, ?, ?, ?, 'pending', 0, ? from subscribers where status = 'active' "
                "on conflict (user_id, kind, slot) do nothing",
                [BROADCAST, broadcast_slot(broadcast_id), iso(now), iso(now)])
            self.db.execute("update broadcasts set total = ? where id = ?", [cursor.rowcount, broadcast_id])
        return cursor.rowcount

    def broadcast_counts(self, broadcast_id: int) -> dict[str, int]:
        """Due-message statuses of one broadcast: pending, sending, sent, blocked, failed, cancelled."""
        rows = self.db.execute("select status, count(*) from due_messages where kind = ? and slot = ? group by status",
                               [BROADCAST, broadcast_slot(broadcast_id)])
        return dict(rows.fetchall())
