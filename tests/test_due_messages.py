"""The due-messages store: exactly-once scheduling, atomic claims, crash recovery, an indexed due query."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from bot.core.storage.store import Storage
from bot.core.storage.due import CANCELLED, MISSED, PENDING, SENDING, SENT

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def storage():
    storage = Storage(Database(memory=True))
    for user in (1, 2, 3):
        storage.subscribe(user, "U", None, "UTC", NOW)
    return storage


def test_a_slot_is_scheduled_once(storage):
    assert storage.schedule(1, "nudge", "posture:2026-03-02:09:30", NOW, NOW) is True
    assert storage.schedule(1, "nudge", "posture:2026-03-02:09:30", NOW + timedelta(hours=1), NOW) is False
    assert len(storage.due(NOW + timedelta(days=1))) == 1


def test_same_slot_for_another_subscriber_is_separate(storage):
    assert storage.schedule(1, "nudge", "posture:2026-03-02:09:30", NOW, NOW)
    assert storage.schedule(2, "nudge", "posture:2026-03-02:09:30", NOW, NOW)


def test_due_returns_only_pending_messages_due_by_now_oldest_first(storage):
    storage.schedule(1, "nudge", "a", NOW + timedelta(minutes=5), NOW)
    storage.schedule(2, "nudge", "b", NOW - timedelta(minutes=5), NOW)
    storage.schedule(3, "nudge", "c", NOW + timedelta(hours=1), NOW)
    assert [d.slot for d in storage.due(NOW + timedelta(minutes=10))] == ["b", "a"]


def test_due_respects_the_limit(storage):
    for n in range(5):
        storage.schedule(1, "nudge", f"s{n}", NOW + timedelta(seconds=n), NOW)
    assert len(storage.due(NOW + timedelta(minutes=1), limit=3)) == 3


def test_claim_is_exclusive(storage):
    storage.schedule(1, "nudge", "a", NOW, NOW)
    [due] = storage.due(NOW)
    assert storage.claim(due.id, NOW) is True
    assert storage.claim(due.id, NOW) is False
    assert storage.due(NOW) == []
    assert storage.due_message(due.id).status == SENDING


@pytest.mark.parametrize("status", [SENT, MISSED, CANCELLED])
def test_settled_messages_are_never_due_again(storage, status):
    storage.schedule(1, "nudge", "a", NOW, NOW)
    [due] = storage.due(NOW)
    storage.claim(due.id, NOW)
    storage.settle(due.id, status, NOW, message_id=77 if status == SENT else None)
    assert storage.due(NOW + timedelta(days=1)) == []
    assert storage.due_message(due.id).status == status


def test_only_messages_in_flight_come_back_after_a_crash(storage):
    for user, slot in ((1, "a"), (2, "b"), (3, "c")):
        storage.schedule(user, "nudge", slot, NOW, NOW)
    first, second, _ = storage.due(NOW)
    storage.claim(first.id, NOW)
    storage.settle(first.id, SENT, NOW, message_id=1)
    storage.claim(second.id, NOW)  # the process dies while this one is being sent
    assert storage.recover_in_flight(NOW) == 1
    assert sorted(d.slot for d in storage.due(NOW)) == ["b", "c"]
    assert storage.due_message(second.id).attempts == 1


def test_cancel_pending_of_one_kind(storage):
    storage.schedule(1, "nudge", "a", NOW, NOW)
    storage.schedule(1, "checkin", "b", NOW, NOW)
    assert storage.cancel_pending(1, "nudge") == 1
    assert [d.kind for d in storage.due(NOW)] == ["checkin"]


def test_settle_refuses_unknown_status(storage):
    storage.schedule(1, "nudge", "a", NOW, NOW)
    [due] = storage.due(NOW)
    with pytest.raises(ValueError):
        storage.settle(due.id, "exploded", NOW)


def test_the_due_query_uses_the_status_and_time_index(storage):
    plan = storage.db.execute(
        "explain query plan select id from due_messages where status = ? and due_at <= ? order by due_at limit 500",
        [PENDING, "x"]).fetchall()
    detail = " ".join(row[-1] for row in plan)
    assert "INDEX idx_due_messages_status_due_at" in detail
    assert "TEMP B-TREE" not in detail, "ordering must come from the index, not a sort"


def test_instants_sort_as_text(storage):
    early = NOW.replace(microsecond=0)
    late = early + timedelta(microseconds=1)
    storage.schedule(1, "nudge", "late", late, NOW)
    storage.schedule(2, "nudge", "early", early, NOW)
    assert [d.slot for d in storage.due(late)] == ["early", "late"]


def test_a_cancelled_slot_can_be_scheduled_again_but_a_sent_one_cannot(storage):
    storage.schedule(1, "nudge", "a", NOW, NOW)
    storage.cancel_pending(1)
    assert storage.schedule(1, "nudge", "a", NOW + timedelta(hours=1), NOW) is True
    [due] = storage.due(NOW + timedelta(hours=1))
    assert due.due_at == NOW + timedelta(hours=1)
    storage.claim(due.id, NOW)
    storage.settle(due.id, SENT, NOW, message_id=5)
    assert storage.schedule(1, "nudge", "a", NOW + timedelta(hours=2), NOW) is False
    assert storage.due(NOW + timedelta(days=1)) == []
