"""Transactions for the storage mixins: several writes that land together or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


class Transactions:
    """Mixin for Storage: `atomically()` groups writes; `_commit()` commits unless inside one."""

    db: Database
    _in_transaction = False

    @contextmanager
    def atomically(self) -> Iterator[None]:
        """Run the block's writes as one transaction: one commit at the end, a rollback on error."""
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self.db.conn.rollback()
            raise
        else:
            self.db.conn.commit()
        finally:
            self._in_transaction = False

    def _commit(self) -> None:
        """Commit the current write, unless it belongs to an `atomically()` block."""
        if not self._in_transaction:
            self.db.conn.commit()
