"""Storage transactions: writes grouped by atomically() land together or not at all."""

import sqlite3
from datetime import UTC, datetime

import pytest

from bot.core.storage.store import SUBSCRIBER_TABLES, Storage

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def storage(tmp_path):
    """A file database, so a second connection sees only what was committed."""
    opened = Storage.open(tmp_path / "bot.sqlite3")
    opened.subscribe(1, "A", None, "UTC", NOW)
    yield opened
    opened.close()


def committed(storage: Storage, sql: str) -> list[tuple]:
    """The rows of a query as another connection sees them: only what was committed."""
    path = storage.db.conn.execute("pragma database_list").fetchone()[2]
    other = sqlite3.connect(path)
    try:
        return other.execute(sql).fetchall()
    finally:
        other.close()


def committed_slots(storage: Storage) -> list[str]:
    """The due-message slots another connection can see."""
    return [slot for (slot,) in committed(storage, "select slot from due_messages order by slot")]


def test_writes_inside_atomically_are_invisible_until_the_block_ends(storage):
    with storage.atomically():
        storage.schedule(1, "nudge", "posture:2026-03-01:09:30", NOW, NOW)
        storage.record_action(1, "posture:2026-03-01:09:30", "sent", NOW)
        assert committed_slots(storage) == []
    assert committed_slots(storage) == ["posture:2026-03-01:09:30"]


def test_an_error_inside_atomically_rolls_back_every_write(storage):
    with pytest.raises(RuntimeError), storage.atomically():
        storage.schedule(1, "nudge", "posture:2026-03-01:09:30", NOW, NOW)
        storage.schedule(1, "nudge", "posture:2026-03-01:18:00", NOW, NOW)
        raise RuntimeError("crash between the writes")
    assert committed_slots(storage) == []
    assert storage.pending_slots(1, "nudge") == []


def test_nested_blocks_commit_once_with_the_outer_block(storage):
    with storage.atomically():
        with storage.atomically():
            storage.schedule(1, "nudge", "posture:2026-03-01:09:30", NOW, NOW)
        assert committed_slots(storage) == []
    assert committed_slots(storage) == ["posture:2026-03-01:09:30"]


def test_writes_outside_a_block_are_committed_at_once(storage):
    storage.schedule(1, "nudge", "posture:2026-03-01:09:30", NOW, NOW)
    assert committed_slots(storage) == ["posture:2026-03-01:09:30"]


def test_a_delete_that_fails_half_way_erases_nothing(storage):
    storage.record_tip_view(1, "posture-a", "posture", NOW)
    last_table = list(SUBSCRIBER_TABLES)[-1]  # the tables before it are emptied first
    storage.db.execute(f"create trigger refuse before delete on [{last_table}] "
                       "begin select raise(abort, 'disk full'); end")
    with pytest.raises(sqlite3.DatabaseError):
        storage.delete_subscriber(1)
    assert storage.subscriber(1) is not None
    assert [row["tip_id"] for row in storage.export_subscriber(1)["tip_views"]] == ["posture-a"]


def test_a_batch_claim_is_committed_at_once(storage):
    storage.schedule(1, "nudge", "posture:2026-03-01:09:30", NOW, NOW)
    (due,) = storage.due(NOW)
    assert storage.claim_many([due.id], NOW) == {due.id}
    assert committed(storage, "select status from due_messages") == [("sending",)]
    assert not storage.db.conn.in_transaction
