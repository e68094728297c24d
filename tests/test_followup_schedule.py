"""Follow-up check-in timing as pure functions of dates, times and zones (no clock, no sleeping)."""

from datetime import UTC, date, datetime, time

import pytest

from scheduler.followups import (
    check_every_days, followup_due, followup_slot, outside_quiet, parse_slot, reminder_due, reminder_slot,
)
from scheduler.settings import SettingsError

QUIET = (time(22, 0), time(7, 0))


@pytest.mark.parametrize(("last", "every", "zone", "expected_on", "expected_utc"), [
    (date(2026, 3, 2), 3, "UTC", date(2026, 3, 5), datetime(2026, 3, 5, 19, 0, tzinfo=UTC)),
    (date(2026, 3, 2), 1, "Europe/Berlin", date(2026, 3, 3), datetime(2026, 3, 3, 18, 0, tzinfo=UTC)),
    (date(2026, 3, 27), 3, "Europe/Berlin", date(2026, 3, 30), datetime(2026, 3, 30, 17, 0, tzinfo=UTC)),  # after DST
    (date(2026, 12, 30), 3, "America/New_York", date(2027, 1, 2), datetime(2027, 1, 3, 0, 0, tzinfo=UTC)),
    (date(2026, 2, 26), 7, "Asia/Tokyo", date(2026, 3, 5), datetime(2026, 3, 5, 10, 0, tzinfo=UTC)),
])
def test_followup_comes_every_n_days_at_the_local_checkin_time(last, every, zone, expected_on, expected_utc):
    assert followup_due(last, every, time(19, 0), zone, QUIET) == (expected_on, expected_utc)


def test_a_checkin_time_inside_quiet_hours_moves_to_their_end():
    on, at = followup_due(date(2026, 3, 2), 3, time(23, 30), "UTC", QUIET)
    assert (on, at) == (date(2026, 3, 5), datetime(2026, 3, 6, 7, 0, tzinfo=UTC))


@pytest.mark.parametrize(("instant", "expected"), [
    (datetime(2026, 3, 2, 12, 0, tzinfo=UTC), datetime(2026, 3, 2, 12, 0, tzinfo=UTC)),
    (datetime(2026, 3, 2, 22, 0, tzinfo=UTC), datetime(2026, 3, 3, 7, 0, tzinfo=UTC)),
    (datetime(2026, 3, 3, 3, 0, tzinfo=UTC), datetime(2026, 3, 3, 7, 0, tzinfo=UTC)),
    (datetime(2026, 3, 3, 7, 0, tzinfo=UTC), datetime(2026, 3, 3, 7, 0, tzinfo=UTC)),
])
def test_outside_quiet_hours(instant, expected):
    assert outside_quiet(instant, "UTC", QUIET) == expected


def test_quiet_hours_within_one_day():
    assert outside_quiet(datetime(2026, 3, 2, 13, 0, tzinfo=UTC), "UTC", (time(12, 0), time(14, 0))) == \
        datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def test_reminder_is_four_hours_later_unless_that_is_quiet():
    assert reminder_due(datetime(2026, 3, 5, 12, 0, tzinfo=UTC), "UTC", QUIET) == datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
    assert reminder_due(datetime(2026, 3, 5, 19, 0, tzinfo=UTC), "UTC", QUIET) == datetime(2026, 3, 6, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize("days", [0, 8, -1])
def test_every_days_outside_one_to_seven_is_refused(days):
    with pytest.raises(SettingsError, match="1 to 7"):
        check_every_days(days)


def test_slots_round_trip():
    slot = followup_slot(12, date(2026, 3, 5))
    assert slot == "followup:12:2026-03-05"
    assert parse_slot(slot) == ("followup", 12, date(2026, 3, 5))
    assert parse_slot(reminder_slot(slot)) == ("reminder", 12, date(2026, 3, 5))


@pytest.mark.parametrize("slot", ["posture:2026-03-05:09:30", "followup:x:2026-03-05", "followup:1"])
def test_malformed_slots_are_refused(slot):
    with pytest.raises(ValueError):
        parse_slot(slot)
