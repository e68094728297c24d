"""Transactions for the storage mixins: several writes that land together or not at all.

sqlite-utils 4 commits every write statement by itself unless a transaction is open, so a write
outside `atomically()` is durable as soon as it returns, and a block of writes needs an explicit
BEGIN ... COMMIT, which `Database.atomic()` provides.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


class Transactions:
    """Mixin for Storage: `atomically()` groups writes into one transaction."""

    db: Database
    _in_transaction = False

    @contextmanager
    def atomically(self) -> Iterator[None]:
        """Run the block's writes as one transaction: one commit at the end, a rollback on error.

        A nested block joins the outer one, so the outer block's end is the only commit."""
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            with self.db.atomic():
                yield
        finally:
            self._in_transaction = False
