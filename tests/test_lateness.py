"""Lateness of scheduled sends: recorded on settle, summed up for /stats and `run.py stats`."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from bot.core.reports.stats import collect_stats, format_lateness, format_stats
from bot.core.storage.due import CANCELLED, FAILED, MISSED, PENDING, SENT, SKIPPED, UNREACHABLE
from bot.core.storage.stats import RATE_LIMIT_HELD_MS, Lateness, nearest_rank
from bot.core.storage.store import Storage, migrations

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def storage():
    storage = Storage(Database(memory=True))
    storage.subscribe(1, "U", None, "UTC", NOW)
    return storage


def settled(storage, slot, status, due_at, sent_at, paced=None):
    """Schedule, claim and settle one message; return its row of due_messages."""
    storage.schedule(1, "nudge", slot, due_at, due_at)
    [due] = [d for d in storage.due(sent_at) if d.slot == slot]
    storage.claim(due.id, sent_at)
    storage.settle(due.id, status, sent_at, paced=paced)
    return storage.db.table("due_messages").get(due.id)


def send(storage, slot, late_ms, paced_ms=None, sent_at=NOW):
    """A message sent `late_ms` after it was due at `sent_at`, having waited `paced_ms` for the limiter."""
    due_at = sent_at - timedelta(milliseconds=late_ms)
    settled(storage, slot, SENT, due_at, sent_at, None if paced_ms is None else paced_ms / 1000)


def test_migration_adds_nullable_lateness_columns(storage):
    columns = storage.db.table("due_messages").columns_dict
    assert columns["late_ms"] is int and columns["paced_ms"] is int
    assert "m008_send_lateness" in [m.name for m in migrations.applied(storage.db)]


def test_migration_is_idempotent_on_a_reopened_file(tmp_path):
    path = tmp_path / "bot.sqlite3"
    Storage.open(path).close()
    again = Storage.open(path)
    migrations.apply(again.db)
    assert [m.name for m in migrations.applied(again.db)].count("m008_send_lateness") == 1
    again.close()


@pytest.mark.parametrize("late", [timedelta(0), timedelta(milliseconds=250), timedelta(seconds=2.5),
                                  timedelta(hours=3, milliseconds=7)])
def test_settle_sent_records_how_late_it_left(storage, late):
    row = settled(storage, "a", SENT, NOW, NOW + late)
    assert row["late_ms"] == late // timedelta(milliseconds=1)


def test_settle_sent_before_it_was_due_counts_as_not_late(storage):
    storage.schedule(1, "nudge", "a", NOW, NOW)
    [due] = storage.due(NOW)
    storage.settle(due.id, SENT, NOW - timedelta(seconds=3))
    assert storage.db.table("due_messages").get(due.id)["late_ms"] == 0


@pytest.mark.parametrize("status", [MISSED, SKIPPED, CANCELLED, PENDING, UNREACHABLE, FAILED])
def test_other_statuses_record_no_lateness(storage, status):
    row = settled(storage, "a", status, NOW, NOW + timedelta(seconds=5), paced=2.0)
    assert row["late_ms"] is None and row["paced_ms"] is None


@pytest.mark.parametrize(("paced", "paced_ms"), [(None, None), (0.0, 0), (1.2344, 1234), (1.2346, 1235), (-0.5, 0)])
def test_settle_sent_stores_the_wait_for_a_rate_limit_slot(storage, paced, paced_ms):
    row = settled(storage, "a", SENT, NOW, NOW + timedelta(seconds=3), paced=paced)
    assert row["paced_ms"] == paced_ms


def test_settle_without_paced_keeps_working_for_existing_callers(storage):
    storage.schedule(1, "nudge", "a", NOW, NOW)
    [due] = storage.due(NOW)
    storage.claim(due.id, NOW)
    storage.settle(due.id, SENT, NOW + timedelta(seconds=1), message_id=77)
    row = storage.db.table("due_messages").get(due.id)
    assert (row["status"], row["message_id"], row["late_ms"], row["paced_ms"]) == (SENT, 77, 1000, None)


@pytest.mark.parametrize(("values", "percent", "expected"), [
    ([5], 50, 5), ([5], 95, 5),
    ([1, 2, 3, 4], 50, 2), ([1, 2, 3, 4, 5], 50, 3),
    (list(range(1, 21)), 95, 19), (list(range(1, 22)), 95, 20), (list(range(1, 101)), 95, 95),
    ([1, 2, 3], 100, 3),
])
def test_nearest_rank_percentile(values, percent, expected):
    assert nearest_rank(values, percent) == expected


def test_lateness_sums_up_sent_messages(storage):
    for n, late_ms in enumerate([400, 100, 9800, 2100, 300]):
        send(storage, f"s{n}", late_ms)
    assert storage.lateness(NOW - timedelta(days=1)) == Lateness(sent=5, p50_ms=400, p95_ms=9800, max_ms=9800,
                                                                  held_by_rate_limit=0)


def test_lateness_without_sends_is_empty(storage):
    settled(storage, "a", MISSED, NOW, NOW)
    assert storage.lateness(NOW - timedelta(days=1)) == Lateness(0, None, None, None, 0)


def test_lateness_counts_only_sends_since_the_instant(storage):
    send(storage, "old", 5000, sent_at=NOW - timedelta(days=2))
    send(storage, "new", 100)
    assert storage.lateness(NOW - timedelta(days=1)).sent == 1
    assert storage.lateness(NOW - timedelta(days=3)).sent == 2


@pytest.mark.parametrize(("paced_ms", "held"), [(None, 0), (0, 0), (RATE_LIMIT_HELD_MS - 1, 0),
                                                (RATE_LIMIT_HELD_MS, 1), (RATE_LIMIT_HELD_MS * 5, 1)])
def test_held_by_the_rate_limit_means_paced_a_second_or_more(storage, paced_ms, held):
    send(storage, "a", 6000, paced_ms=paced_ms)
    assert storage.lateness(NOW - timedelta(days=1)).held_by_rate_limit == held


def test_the_lateness_query_reads_the_partial_index(storage):
    statements: list[str] = []
    storage.db.conn.set_trace_callback(statements.append)
    storage.lateness(NOW)
    storage.db.conn.set_trace_callback(None)
    [query] = [sql for sql in statements if "late_ms" in sql]
    plan = " ".join(str(row) for row in storage.db.execute(f"explain query plan {query}").fetchall())
    assert "idx_due_messages_sent_late" in plan


@pytest.mark.parametrize(("lateness", "line"), [
    (Lateness(0, None, None, None, 0), "Scheduled sends late, today: none sent"),
    (Lateness(12, 400, 2100, 9800, 3),
     "Scheduled sends late, today: 12 sent, p50 0.4 s, p95 2.1 s, max 9.8 s; 3 held by the rate limit (1 s or more)"),
])
def test_format_lateness_line(lateness, line):
    assert format_lateness("today", lateness) == line


def test_stats_report_shows_today_and_the_last_7_days(storage):
    send(storage, "today", 2500, paced_ms=1500)
    send(storage, "earlier", 400, sent_at=NOW - timedelta(days=3))
    report = format_stats(collect_stats(storage, NOW + timedelta(hours=1))).splitlines()
    assert ("Scheduled sends late, today: 1 sent, p50 2.5 s, p95 2.5 s, max 2.5 s; "
            "1 held by the rate limit (1 s or more)") in report
    assert ("Scheduled sends late, last 7 days: 2 sent, p50 0.4 s, p95 2.5 s, max 2.5 s; "
            "1 held by the rate limit (1 s or more)") in report
