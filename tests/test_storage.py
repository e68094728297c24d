"""Storage: migrations, subscribers, tip views, export and delete — on tiny in-memory databases."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from bot.core.storage.store import ACTIVE, BLOCKED, STOPPED, SUBSCRIBER_TABLES, Storage, migrations

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def storage():
    return Storage(Database(memory=True))


def test_migrations_are_recorded_and_idempotent(storage):
    applied = [m.name for m in migrations.applied(storage.db)]
    assert applied == ["m001_subscribers", "m002_unanswered_questions", "m003_schedules", "m004_nudge_actions",
                       "m005_checkins", "m006_broadcasts", "m007_unsure_questions", "m008_send_lateness",
                       "m009_engagement", "m010_routines"]
    migrations.apply(storage.db)
    assert [m.name for m in migrations.applied(storage.db)] == applied


def test_file_database_uses_wal_and_creates_its_folder(tmp_path):
    path = tmp_path / "nested" / "bot.sqlite3"
    storage = Storage.open(path)
    assert path.exists()
    assert storage.db.journal_mode == "wal"
    storage.close()


def test_existing_database_upgrades_in_place(tmp_path):
    path = tmp_path / "bot.sqlite3"
    first = Storage.open(path)
    first.subscribe(7, "Ana", "pt", "UTC", NOW)
    first.close()
    again = Storage.open(path)
    assert again.subscriber(7).first_name == "Ana"


def test_subscribe_creates_an_active_subscriber(storage):
    subscriber = storage.subscribe(42, "Sam", "en", "Europe/Berlin", NOW)
    assert subscriber.status == ACTIVE
    assert subscriber.timezone == "Europe/Berlin"
    assert subscriber.consented_at == NOW
    assert subscriber.created_at == NOW


def test_subscribe_again_keeps_creation_time_and_timezone(storage):
    storage.subscribe(42, "Sam", "en", "Europe/Berlin", NOW)
    storage.set_status(42, STOPPED, NOW + timedelta(days=1))
    later = storage.subscribe(42, "Samuel", "de", "UTC", NOW + timedelta(days=2))
    assert later.status == ACTIVE
    assert later.created_at == NOW
    assert later.timezone == "Europe/Berlin"
    assert later.first_name == "Samuel"


@pytest.mark.parametrize("status", [ACTIVE, STOPPED, BLOCKED])
def test_set_status(storage, status):
    storage.subscribe(1, "A", None, "UTC", NOW)
    storage.set_status(1, status, NOW)
    assert storage.subscriber(1).status == status


def test_set_status_refuses_unknown_status(storage):
    storage.subscribe(1, "A", None, "UTC", NOW)
    with pytest.raises(ValueError):
        storage.set_status(1, "sleeping", NOW)


def test_count_by_status(storage):
    for user in (1, 2, 3):
        storage.subscribe(user, "A", None, "UTC", NOW)
    storage.set_status(3, BLOCKED, NOW)
    assert storage.count_by_status() == {ACTIVE: 2, BLOCKED: 1}


def test_tip_views_keep_the_latest_time_per_tip(storage):
    storage.subscribe(1, "A", None, "UTC", NOW)
    storage.record_tip_view(1, "posture-a", "posture", NOW)
    storage.record_tip_view(1, "posture-a", "posture", NOW + timedelta(hours=1))
    storage.record_tip_view(1, "stretch-b", "stretching", NOW)
    assert storage.tip_views(1) == {"posture-a": NOW + timedelta(hours=1), "stretch-b": NOW}
    assert storage.tip_views(1, "stretching") == {"stretch-b": NOW}


def test_instants_are_stored_as_utc_text(storage):
    berlin = datetime(2026, 3, 1, 10, 0).astimezone()  # any aware time
    storage.subscribe(1, "A", None, "UTC", berlin)
    raw = storage.db.table("subscribers").get(1)["created_at"]
    assert raw.endswith("+00:00")


def test_naive_datetimes_are_refused(storage):
    with pytest.raises(ValueError):
        storage.subscribe(1, "A", None, "UTC", datetime(2026, 1, 1))


def test_export_contains_every_row_about_the_subscriber(storage):
    storage.subscribe(1, "A", None, "UTC", NOW)
    storage.subscribe(2, "B", None, "UTC", NOW)
    storage.record_tip_view(1, "posture-a", "posture", NOW)
    exported = storage.export_subscriber(1)
    assert [row["id"] for row in exported["subscribers"]] == [1]
    assert [row["tip_id"] for row in exported["tip_views"]] == ["posture-a"]


def test_delete_erases_the_subscriber_everywhere_and_no_one_else(storage):
    storage.subscribe(1, "A", None, "UTC", NOW)
    storage.subscribe(2, "B", None, "UTC", NOW)
    storage.record_tip_view(1, "posture-a", "posture", NOW)
    storage.record_tip_view(2, "posture-a", "posture", NOW)
    for user in (1, 2):
        storage.schedule(user, "nudge", "posture:2026-03-01:09:30", NOW, NOW)
    others_before = storage.export_subscriber(2)
    assert storage.delete_subscriber(1) is True
    for table, column in SUBSCRIBER_TABLES.items():
        assert storage.db.table(table).count_where(f"{column} = ?", [1]) == 0
    assert storage.export_subscriber(2) == others_before
    assert storage.delete_subscriber(1) is False


def test_every_table_with_subscriber_data_is_covered_by_delete(storage):
    """A new table with a user column must be registered for export and delete."""
    user_columns = {"user_id", "subscriber_id", "chat_id"}
    for table in storage.db.table_names():
        columns = {c.name for c in storage.db.table(table).columns}
        if columns & user_columns or table == "subscribers":
            assert table in SUBSCRIBER_TABLES, f"{table} holds subscriber data but is not erased on /delete"
