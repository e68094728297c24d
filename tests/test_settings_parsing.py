"""Tests for scheduler.settings: the NudgeSettings value object and the text parsers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.parsing import parse_days, parse_pause, parse_quiet, parse_times, parse_timezone, timezone_from_location
from scheduler.settings import DAYS_EXAMPLE, PAUSE_EXAMPLE, QUIET_EXAMPLE, TIME_EXAMPLE, TIMEZONE_EXAMPLE
from scheduler.settings import CATEGORIES, DEFAULT_QUIET, DEFAULT_TIMES, NudgeSettings, SettingsError, default_settings

UTC = timezone.utc
NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)


# --- NudgeSettings -----------------------------------------------------------

def test_settings_sorts_and_dedupes_times_to_the_minute():
    s = NudgeSettings("UTC", [time(18), time(9), time(18), time(9, 0, 30)])
    assert s.times == (time(9), time(18))


def test_settings_defaults():
    s = NudgeSettings("UTC", (time(9),))
    assert s.weekdays == frozenset(range(7))
    assert (s.quiet_start, s.quiet_end) == DEFAULT_QUIET == (time(22), time(7))
    assert s.enabled is True and s.paused_until is None


@pytest.mark.parametrize(
    ("zone", "times", "kw"),
    [("UTC", (), {}), ("UTC", tuple(time(h) for h in range(7)), {}),  # 1-6 times only
     ("Mars/Olympus", (time(9),), {}), (None, (time(9),), {}), ("", (time(9),), {}),
     ("UTC", (time(9),), {"weekdays": frozenset({7})}), ("UTC", ("09:00",), {}),
     ("UTC", (time(9),), {"paused_until": datetime(2026, 1, 1)})],  # naive pause
)
def test_settings_refuses_invalid(zone, times, kw):
    with pytest.raises(SettingsError):
        NudgeSettings(zone, times, **kw)


def test_settings_unknown_timezone_message_has_example():
    with pytest.raises(SettingsError, match="for example: /timezone Europe/Berlin"):
        NudgeSettings("Mars/Olympus", (time(9),))


def test_settings_converts_pause_to_utc():
    berlin = datetime(2026, 1, 1, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    s = NudgeSettings("UTC", (time(9),), paused_until=berlin)
    assert s.paused_until == datetime(2026, 1, 1, 11, tzinfo=UTC)
    assert s.paused_until.tzinfo == UTC


def test_settings_is_frozen():
    s = NudgeSettings("UTC", (time(9),))
    with pytest.raises(AttributeError):
        s.enabled = False  # type: ignore[misc]


@pytest.mark.parametrize("category", CATEGORIES)
def test_default_settings_use_default_times(category):
    s = default_settings(category, "Asia/Tokyo")
    assert [t.strftime("%H:%M") for t in s.times] == list(DEFAULT_TIMES[category])
    assert s.timezone == "Asia/Tokyo"


def test_default_settings_refuse_unknown_category():
    with pytest.raises(SettingsError, match="posture"):
        default_settings("yoga")


# --- parse_timezone ----------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"),
        ("  AMERICA/NEW_YORK ", "America/New_York"), ("america/new york", "America/New_York"),
        ("asia/tokyo", "Asia/Tokyo"), ("UTC", "UTC"), ("gmt", "GMT"), ("utc", "UTC"), ("+02:00", "Etc/GMT-2"),
        ("+2", "Etc/GMT-2"), ("-5", "Etc/GMT+5"), ("-05:00", "Etc/GMT+5"), ("UTC+3", "Etc/GMT-3"),
        ("utc + 3", "Etc/GMT-3"), ("GMT-8", "Etc/GMT+8"), ("+0", "Etc/GMT"), ("+14", "Etc/GMT-14"),
        ("-12", "Etc/GMT+12"), ("+0530", "Asia/Kolkata"), ("+05:30", "Asia/Kolkata"),
        ("UTC+5:45", "Asia/Kathmandu"), ("+09:30", "Australia/Darwin"), ("-09:30", "Pacific/Marquesas"),
    ],
)
def test_parse_timezone_accepts(text, expected):
    assert parse_timezone(text) == expected


@pytest.mark.parametrize(
    ("offset", "hours"), [("+02:00", 2), ("-5", -5), ("UTC+3", 3), ("+0530", 5.5), ("-09:30", -9.5)]
)
def test_parse_timezone_offset_is_the_real_offset(offset, hours):
    zone = ZoneInfo(parse_timezone(offset))
    for month in (1, 7):
        assert datetime(2026, month, 1, tzinfo=zone).utcoffset() == timedelta(hours=hours)


@pytest.mark.parametrize(
    "text", ["Mars/Olympus", "berlin", "", "+15", "-13", "+25:00", "+02:75", "+07:15", "-03:30", "2"]
)
def test_parse_timezone_refuses_with_example(text):
    with pytest.raises(SettingsError) as err:
        parse_timezone(text)
    assert TIMEZONE_EXAMPLE in str(err.value)
    assert "for example: /timezone Europe/Berlin" in str(err.value)


# --- timezone_from_location --------------------------------------------------

@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (52.52, 13.40, "Europe/Berlin"), (40.71, -74.01, "America/New_York"), (35.68, 139.69, "Asia/Tokyo"),
        (51.48, 0.0, "Europe/London"), (40.42, -3.70, "Europe/Madrid"), (-33.87, 151.21, "Australia/Sydney"),
        (0, -30, "Etc/GMT+2"),  # the open Atlantic: a fixed offset is all there is
    ],
)
def test_timezone_from_location_is_the_places_own_zone(lat, lon, expected):
    assert timezone_from_location(lat, lon) == expected


@pytest.mark.parametrize(("lat", "lon", "winter", "summer"), [(52.52, 13.40, 1, 2), (40.42, -3.70, 1, 2),
                                                              (40.71, -74.01, -5, -4), (-33.87, 151.21, 11, 10)])
def test_a_zone_from_a_location_follows_daylight_saving(lat, lon, winter, summer):
    """Berlin shared in winter still gets its nudges at local time after the clocks change (the fixed +1 did not)."""
    zone = ZoneInfo(timezone_from_location(lat, lon))
    offsets = [datetime(2026, month, 15, 12, tzinfo=zone).utcoffset().total_seconds() / 3600 for month in (1, 7)]
    assert offsets == [winter, summer]


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (-91, 0), (0, 181), (0, -180.5)])
def test_timezone_from_location_refuses_impossible_coordinates(lat, lon):
    with pytest.raises(SettingsError, match="latitude"):
        timezone_from_location(lat, lon)


@given(st.floats(-90, 90), st.floats(-180, 180))
def test_timezone_from_location_is_always_a_real_zone(lat, lon):
    zone = ZoneInfo(timezone_from_location(lat, lon))
    offset = datetime(2026, 1, 1, tzinfo=zone).utcoffset().total_seconds() / 3600
    assert -12 <= offset <= 14


# --- parse_times -------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["10:00", "14:00"], (time(10), time(14))), (["10:00 14:00"], (time(10), time(14))),
        (["10:00,14:00"], (time(10), time(14))), (["9"], (time(9),)), (["09"], (time(9),)),
        (["9:05"], (time(9, 5),)), (["0:00"], (time(0),)), (["23:59"], (time(23, 59),)),
        (["18:00", "9:30", "18:00"], (time(9, 30), time(18))), (["9", "09:00"], (time(9),)),
        (["1", "2", "3", "4", "5", "6"], tuple(time(h) for h in range(1, 7))),
    ],
)
def test_parse_times_accepts(args, expected):
    assert parse_times(args) == expected


@pytest.mark.parametrize(
    "bad", ["25:00", "24:00", "9:5", "9:60", "9.30", "noon", "123", "-1", "9:300", "9am", ":30"]
)
def test_parse_times_refuses_bad_time_with_example(bad):
    with pytest.raises(SettingsError) as err:
        parse_times(["10:00", bad])
    assert str(err.value) == f"'{bad}' is not a time. Use HH:MM, for example: /time stretching 18:30"


@pytest.mark.parametrize("args", [[], [""], ["  "]])
def test_parse_times_refuses_nothing(args):
    with pytest.raises(SettingsError, match=TIME_EXAMPLE):
        parse_times(args)


def test_parse_times_refuses_more_than_six():
    with pytest.raises(SettingsError, match="at most 6") as err:
        parse_times(["1", "2", "3", "4", "5", "6", "7"])
    assert TIME_EXAMPLE in str(err.value)


@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59)), min_size=1, max_size=6))
def test_parse_times_round_trips_formatted_times(pairs):
    parsed = parse_times([f"{h}:{m:02d}" for h, m in pairs])
    assert parsed == tuple(sorted({time(h, m) for h, m in pairs}))


# --- parse_days --------------------------------------------------------------

WEEKDAYS = frozenset(range(5))
ALL = frozenset(range(7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", WEEKDAYS), ("Mon - Fri", WEEKDAYS), ("monday to friday", WEEKDAYS),
        ("weekdays", WEEKDAYS), ("WEEKENDS", frozenset({5, 6})), ("weekend", frozenset({5, 6})),
        ("every day", ALL), ("Every  Day", ALL), ("daily", ALL), ("all", ALL),
        ("mon,wed,fri", frozenset({0, 2, 4})), ("mon, wed, fri", frozenset({0, 2, 4})),
        ("mon wed fri", frozenset({0, 2, 4})), ("Monday and Thursday", frozenset({0, 3})),
        ("sat-sun", frozenset({5, 6})), ("fri-mon", frozenset({4, 5, 6, 0})), ("sun-sun", frozenset({6})),
        ("tue-mon", ALL), ("Tuesday", frozenset({1})), ("thurs", frozenset({3})),
        ("sunday,mon-tue", frozenset({6, 0, 1})), ("weekends, wed", frozenset({2, 5, 6})),
    ],
)
def test_parse_days_accepts(text, expected):
    assert parse_days(text) == expected


@pytest.mark.parametrize("bad", ["", "funday", "mon-funday", "mon-tue-wed", "1,2", "none", "m"])
def test_parse_days_refuses_with_example(bad):
    with pytest.raises(SettingsError) as err:
        parse_days(bad)
    assert DAYS_EXAMPLE in str(err.value)
    assert "for example: /days mon-fri" in str(err.value)


# --- parse_quiet -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00-07:00", (time(22), time(7))), ("23-6", (time(23), time(6))),
        ("22:30 - 6:45", (time(22, 30), time(6, 45))), ("22:00 to 07:00", (time(22), time(7))),
        ("13:00-14:00", (time(13), time(14))), ("off", (time(0), time(0))), ("OFF", (time(0), time(0))),
        ("none", (time(0), time(0))), ("8-8", (time(0), time(0))),
    ],
)
def test_parse_quiet_accepts(text, expected):
    assert parse_quiet(text) == expected


@pytest.mark.parametrize("bad", ["", "22:00", "22-25", "22:00-07:61", "night", "22-7-8", "10pm-7am"])
def test_parse_quiet_refuses_with_example(bad):
    with pytest.raises(SettingsError) as err:
        parse_quiet(bad)
    assert QUIET_EXAMPLE in str(err.value)
    assert "for example: /quiet 22:00-07:00" in str(err.value)


# --- parse_pause -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("2h", timedelta(hours=2)), ("2 h", timedelta(hours=2)), ("2 hours", timedelta(hours=2)),
        ("90m", timedelta(minutes=90)), ("90 min", timedelta(minutes=90)), ("3d", timedelta(days=3)),
        ("3 days", timedelta(days=3)), ("1w", timedelta(weeks=1)), ("1 week", timedelta(weeks=1)),
        ("90d", timedelta(days=90)), ("2160h", timedelta(days=90)), ("1m", timedelta(minutes=1)),
    ],
)
def test_parse_pause_lengths(text, length):
    result = parse_pause(text, NOW, "Europe/Berlin")
    assert result == NOW + length
    assert result.tzinfo == UTC


def test_parse_pause_accepts_non_utc_now():
    now = datetime(2026, 5, 12, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    result = parse_pause("2h", now, "Europe/Berlin")
    assert result == datetime(2026, 5, 12, 12, 0, tzinfo=UTC)
    assert result.tzinfo == UTC


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        # 12:00 Berlin (CEST) -> next local midnight 2026-05-13 00:00 = 22:00 UTC.
        (datetime(2026, 5, 12, 10, 0, tzinfo=UTC), "Europe/Berlin", datetime(2026, 5, 12, 22, 0, tzinfo=UTC)),
        # 23:30 UTC is already 08:30 on the 13th in Tokyo -> midnight of the 14th.
        (datetime(2026, 5, 12, 23, 30, tzinfo=UTC), "Asia/Tokyo", datetime(2026, 5, 13, 15, 0, tzinfo=UTC)),
        # 02:00 UTC is still the 11th in New York (EDT) -> midnight of the 12th.
        (datetime(2026, 5, 12, 2, 0, tzinfo=UTC), "America/New_York", datetime(2026, 5, 12, 4, 0, tzinfo=UTC)),
        # Year end in Berlin (CET): Dec 31 -> Jan 1 00:00 local = Dec 31 23:00 UTC.
        (datetime(2026, 12, 31, 12, 0, tzinfo=UTC), "Europe/Berlin", datetime(2026, 12, 31, 23, 0, tzinfo=UTC)),
        # Santiago springs forward at midnight: 2026-09-06 00:00 does not exist -> 01:00 local.
        (datetime(2026, 9, 5, 15, 0, tzinfo=UTC), "America/Santiago", datetime(2026, 9, 6, 4, 0, tzinfo=UTC)),
    ],
)
def test_parse_pause_tomorrow_is_next_local_midnight(now, zone, expected):
    assert parse_pause("tomorrow", now, zone) == expected
    assert parse_pause(" Tomorrow ", now, zone) == expected


@pytest.mark.parametrize("bad", ["0h", "0m", "0d", "91d", "13w", "2161h", "129601m"])
def test_parse_pause_refuses_zero_or_too_long(bad):
    with pytest.raises(SettingsError) as err:
        parse_pause(bad, NOW, "UTC")
    assert PAUSE_EXAMPLE in str(err.value)


@pytest.mark.parametrize("bad", ["", "2", "h", "-2h", "2.5h", "forever", "2y", "next week"])
def test_parse_pause_refuses_bad_text_with_example(bad):
    with pytest.raises(SettingsError) as err:
        parse_pause(bad, NOW, "UTC")
    assert "for example: /pause 2h" in str(err.value)


def test_parse_pause_requires_aware_now():
    with pytest.raises(ValueError):
        parse_pause("2h", datetime(2026, 5, 12, 10), "UTC")


def test_parse_pause_result_builds_settings():
    until = parse_pause("3d", NOW, "Asia/Tokyo")
    s = NudgeSettings("Asia/Tokyo", (time(9),), paused_until=until)
    assert s.paused_until == datetime(2026, 5, 15, 10, 0, tzinfo=UTC)
    assert date(2026, 5, 15) == s.paused_until.date()
