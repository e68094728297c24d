"""Nudge settings in storage: defaults, per-category changes, schedule-wide changes."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlite_utils import Database

from bot.core.storage.store import Storage
from scheduler.settings import CATEGORIES, DEFAULT_TIMES

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def storage():
    storage = Storage(Database(memory=True))
    storage.subscribe(1, "A", "en", "Europe/Berlin", NOW)
    storage.subscribe(2, "B", "en", "UTC", NOW)
    return storage


@pytest.mark.parametrize("category", CATEGORIES)
def test_defaults(storage, category):
    settings = storage.nudge_settings(1)[category]
    assert settings.enabled
    assert [t.strftime("%H:%M") for t in settings.times] == list(DEFAULT_TIMES[category])
    assert settings.weekdays == frozenset(range(7))
    assert (settings.quiet_start, settings.quiet_end) == (time(22), time(7))
    assert settings.timezone == "Europe/Berlin"
    assert settings.paused_until is None


def test_category_changes_are_kept_and_do_not_touch_others(storage):
    storage.set_category(1, "hydration", NOW, times=(time(10), time(14)), weekdays=frozenset({0, 1, 2, 3, 4}))
    storage.set_category(1, "posture", NOW, enabled=False)
    settings = storage.nudge_settings(1)
    assert settings["hydration"].times == (time(10), time(14))
    assert settings["hydration"].weekdays == frozenset(range(5))
    assert settings["posture"].enabled is False
    assert settings["stretching"].enabled is True
    assert storage.nudge_settings(2)["posture"].enabled is True


def test_schedule_changes_apply_to_every_category(storage):
    until = NOW + timedelta(days=3)
    storage.set_schedule(1, NOW, timezone="Asia/Tokyo", quiet=(time(23), time(6)), paused_until=until)
    for settings in storage.nudge_settings(1).values():
        assert settings.timezone == "Asia/Tokyo"
        assert (settings.quiet_start, settings.quiet_end) == (time(23), time(6))
        assert settings.paused_until == until
    storage.set_schedule(1, NOW, paused_until=None)
    assert storage.nudge_settings(1)["posture"].paused_until is None
    assert storage.nudge_settings(1)["posture"].timezone == "Asia/Tokyo"


def test_unknown_category_is_refused(storage):
    with pytest.raises(ValueError):
        storage.set_category(1, "yoga", NOW, enabled=False)


def test_settings_of_unknown_subscriber(storage):
    with pytest.raises(KeyError):
        storage.nudge_settings(99)
