"""Transactions for the storage mixins: several writes that land together or not at all.

sqlite-utils 4 commits every write statement by itself unless a transaction is open, so a write
outside `atomically()` is durable as soon as it returns, and a block of writes needs an explicit
BEGIN ... COMMIT, which `Database.atomic()` provides.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from sqlite_utils import Database


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT just wrote (sqlite3 types lastrowid as optional; after an INSERT it is set)."""
    if cursor.lastrowid is None:
        raise RuntimeError("the statement inserted no row")
    return cursor.lastrowid


class Transactions:
    """Mixin for Storage: `atomically()` groups writes into one transaction."""

    db: Database

    def atomically(self) -> AbstractContextManager[Database]:
        """Run the block's writes as one transaction: one commit at the end, a rollback on error.

        A nested block is a savepoint inside the outer one, so the outer block's end is the only commit."""
        return self.db.atomic()
