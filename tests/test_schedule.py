"""Tests for scheduler.schedule: slot instants, quiet hours, next_due, slot keys, late policy.

Plain datetimes only: no sleeping, no clock reads. Property tests compare
next_due against a minute-by-minute reference written independently of it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings as hyp_settings
from hypothesis import strategies as st

from scheduler.schedule import is_quiet, late_policy, local_slots, next_due, slot_key, slot_key_at
from scheduler.settings import NudgeSettings, parse_days

UTC = timezone.utc
BERLIN, NEW_YORK, TOKYO = "Europe/Berlin", "America/New_York", "Asia/Tokyo"
NO_QUIET = (time(0), time(0))


def make(zone=BERLIN, times=("09:30",), days="daily", quiet=NO_QUIET, **kw) -> NudgeSettings:
    """Build settings from short strings."""
    parsed = tuple(time.fromisoformat(t) for t in times)
    return NudgeSettings(zone, parsed, parse_days(days), quiet[0], quiet[1], **kw)


def utc(*args) -> datetime:
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)


def local(zone, *args) -> datetime:
    """An aware local datetime (fold=0)."""
    return datetime(*args, tzinfo=ZoneInfo(zone))


# --- local_slots -------------------------------------------------------------

@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        (BERLIN, date(2026, 1, 15), [utc(2026, 1, 15, 8, 30), utc(2026, 1, 15, 17, 0)]),
        (BERLIN, date(2026, 7, 15), [utc(2026, 7, 15, 7, 30), utc(2026, 7, 15, 16, 0)]),
        (NEW_YORK, date(2026, 1, 15), [utc(2026, 1, 15, 14, 30), utc(2026, 1, 15, 23, 0)]),
        (NEW_YORK, date(2026, 7, 15), [utc(2026, 7, 15, 13, 30), utc(2026, 7, 15, 22, 0)]),
        (TOKYO, date(2026, 1, 15), [utc(2026, 1, 15, 0, 30), utc(2026, 1, 15, 9, 0)]),
        (TOKYO, date(2026, 7, 15), [utc(2026, 7, 15, 0, 30), utc(2026, 7, 15, 9, 0)]),
    ],
)
def test_local_slots_three_timezones(zone, day, expected):
    slots = local_slots(make(zone, ("18:00", "09:30")), day)
    assert slots == expected
    assert all(s.tzinfo == UTC for s in slots)


@pytest.mark.parametrize(
    ("zone", "day", "wall", "expected"),
    [
        # Spring forward: the gap time fires at the first valid instant after the gap.
        (BERLIN, date(2026, 3, 29), "02:30", utc(2026, 3, 29, 1, 0)),
        (BERLIN, date(2026, 3, 29), "02:00", utc(2026, 3, 29, 1, 0)),
        (BERLIN, date(2026, 3, 29), "03:00", utc(2026, 3, 29, 1, 0)),
        (BERLIN, date(2026, 3, 29), "01:59", utc(2026, 3, 29, 0, 59)),
        (NEW_YORK, date(2026, 3, 8), "02:30", utc(2026, 3, 8, 7, 0)),
        # Fall back: the repeated time fires at its first occurrence (summer time).
        (BERLIN, date(2026, 10, 25), "02:30", utc(2026, 10, 25, 0, 30)),
        (BERLIN, date(2026, 10, 25), "03:00", utc(2026, 10, 25, 2, 0)),
        (NEW_YORK, date(2026, 11, 1), "01:30", utc(2026, 11, 1, 5, 30)),
        (NEW_YORK, date(2026, 11, 1), "02:00", utc(2026, 11, 1, 7, 0)),
    ],
)
def test_local_slots_dst(zone, day, wall, expected):
    assert local_slots(make(zone, (wall,)), day) == [expected]


def test_local_slots_gap_times_collapse_into_one_slot():
    s = make(BERLIN, ("02:00", "02:30", "03:00", "09:30"))
    assert local_slots(s, date(2026, 3, 29)) == [utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 7, 30)]


def test_local_slots_gap_fires_at_three_local():
    (slot,) = local_slots(make(BERLIN, ("02:30",)), date(2026, 3, 29))
    assert slot.astimezone(ZoneInfo(BERLIN)).time() == time(3, 0)


# --- is_quiet ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("quiet", "wall", "expected"),
    [
        ((time(22), time(7)), time(21, 59), False),
        ((time(22), time(7)), time(22, 0), True),
        ((time(22), time(7)), time(23, 30), True),
        ((time(22), time(7)), time(0, 0), True),
        ((time(22), time(7)), time(6, 59), True),
        ((time(22), time(7)), time(7, 0), False),
        ((time(13), time(14)), time(12, 59), False),
        ((time(13), time(14)), time(13, 0), True),
        ((time(13), time(14)), time(14, 0), False),
        (NO_QUIET, time(0, 0), False),
        (NO_QUIET, time(23, 59), False),
    ],
)
def test_is_quiet_half_open_and_wrapping(quiet, wall, expected):
    s = make(TOKYO, quiet=quiet)
    instant = datetime.combine(date(2026, 5, 12), wall, ZoneInfo(TOKYO))
    assert is_quiet(s, instant) is expected


@pytest.mark.parametrize(
    ("instant", "expected"),
    [(utc(2026, 1, 15, 21, 30), True), (utc(2026, 1, 15, 20, 30), False),
     (utc(2026, 7, 15, 20, 30), True), (utc(2026, 7, 15, 5, 0), False)],
)
def test_is_quiet_uses_local_time(instant, expected):
    # Berlin 22:00-07:00: 21:30 UTC is 22:30 CET; 20:30 UTC is 22:30 CEST in summer.
    assert is_quiet(make(BERLIN, quiet=(time(22), time(7))), instant) is expected


def test_is_quiet_refuses_naive():
    with pytest.raises(ValueError):
        is_quiet(make(), datetime(2026, 1, 1))


# --- next_due: basics --------------------------------------------------------

@pytest.mark.parametrize(
    ("zone", "after", "expected"),
    [
        (BERLIN, utc(2026, 5, 12, 6, 0), utc(2026, 5, 12, 7, 30)),
        (BERLIN, utc(2026, 5, 12, 7, 30), utc(2026, 5, 13, 7, 30)),
        (NEW_YORK, utc(2026, 5, 12, 6, 0), utc(2026, 5, 12, 13, 30)),
        (NEW_YORK, utc(2026, 1, 12, 6, 0), utc(2026, 1, 12, 14, 30)),
        (TOKYO, utc(2026, 5, 12, 6, 0), utc(2026, 5, 13, 0, 30)),
        (TOKYO, utc(2026, 5, 12, 0, 29), utc(2026, 5, 12, 0, 30)),
    ],
)
def test_next_due_three_timezones(zone, after, expected):
    assert next_due(make(zone), after) == expected


def test_next_due_is_strictly_after():
    s = make(TOKYO, ("09:30", "18:00"))
    assert next_due(s, utc(2026, 5, 12, 0, 30)) == utc(2026, 5, 12, 9, 0)


def test_next_due_accepts_non_utc_after():
    after = local(TOKYO, 2026, 5, 12, 9, 0)
    assert next_due(make(TOKYO), after) == utc(2026, 5, 12, 0, 30)


def test_next_due_refuses_naive_after():
    with pytest.raises(ValueError):
        next_due(make(), datetime(2026, 5, 12))


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (local(BERLIN, 2026, 5, 15, 10, 0), local(BERLIN, 2026, 5, 18, 9, 30)),  # Fri -> Mon
        (local(BERLIN, 2026, 5, 16, 8, 0), local(BERLIN, 2026, 5, 18, 9, 30)),  # Sat -> Mon
        (local(BERLIN, 2026, 5, 17, 23, 0), local(BERLIN, 2026, 5, 18, 9, 30)),  # Sun -> Mon
        (local(BERLIN, 2026, 5, 18, 8, 0), local(BERLIN, 2026, 5, 18, 9, 30)),  # Mon same day
    ],
)
def test_next_due_weekdays_skip_the_weekend(after, expected):
    assert next_due(make(BERLIN, days="mon-fri"), after) == expected


def test_next_due_weekday_is_the_local_weekday():
    # Tokyo 08:00 Sunday is Saturday 23:00 UTC: a Sunday-only schedule fires on it.
    s = make(TOKYO, ("08:00",), days="sun")
    assert next_due(s, utc(2026, 5, 12)) == utc(2026, 5, 16, 23, 0)
    # Monday 21:00 EDT is Tuesday 01:00 UTC: a Monday-only schedule fires on it.
    s = make(NEW_YORK, ("21:00",), days="mon")
    assert next_due(s, utc(2026, 5, 12, 2)) == utc(2026, 5, 19, 1, 0)


@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK, TOKYO])
def test_next_due_quiet_hours_wrapping_midnight_block_late_time(zone):
    s = make(zone, ("23:30",), quiet=(time(22), time(7)))
    assert next_due(s, utc(2026, 5, 12)) is None


@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK, TOKYO])
def test_next_due_quiet_hours_skip_only_quiet_times(zone):
    s = make(zone, ("06:30", "07:00", "23:30"), quiet=(time(22), time(7)))
    after = local(zone, 2026, 5, 12, 8, 0)
    first = next_due(s, after)
    assert first == local(zone, 2026, 5, 13, 7, 0)
    assert next_due(s, first) == local(zone, 2026, 5, 14, 7, 0)


@pytest.mark.parametrize(
    "kw",
    [{"enabled": False}, {"days": "mon", "enabled": False}],
)
def test_next_due_disabled_is_none(kw):
    assert next_due(make(**kw), utc(2026, 5, 12)) is None


def test_next_due_no_weekdays_is_none():
    s = NudgeSettings(BERLIN, (time(9),), frozenset())
    assert next_due(s, utc(2026, 5, 12)) is None


# --- next_due: pause ---------------------------------------------------------

def test_next_due_pause_skips_slots_and_fires_first_after():
    pause_end = local(BERLIN, 2026, 5, 14, 12, 0)
    s = make(BERLIN, ("09:30", "18:00"), paused_until=pause_end)
    assert next_due(s, local(BERLIN, 2026, 5, 12, 8, 0)) == local(BERLIN, 2026, 5, 14, 18, 0)


def test_next_due_slot_exactly_at_pause_end_fires():
    s = make(BERLIN, paused_until=local(BERLIN, 2026, 5, 14, 9, 30))
    assert next_due(s, utc(2026, 5, 12)) == local(BERLIN, 2026, 5, 14, 9, 30)


def test_next_due_expired_pause_is_ignored():
    s = make(BERLIN, paused_until=utc(2026, 5, 1))
    assert next_due(s, local(BERLIN, 2026, 5, 12, 8, 0)) == local(BERLIN, 2026, 5, 12, 9, 30)


def test_next_due_long_pause_still_finds_a_slot():
    s = make(TOKYO, days="wed", paused_until=utc(2026, 8, 1))  # 2026-08-01 is a Saturday
    assert next_due(s, utc(2026, 5, 12)) == utc(2026, 8, 5, 0, 30)


def test_next_due_pause_with_weekdays_and_quiet():
    s = make(NEW_YORK, ("06:00", "12:00"), days="mon-fri", quiet=(time(22), time(7)),
             paused_until=local(NEW_YORK, 2026, 5, 15, 13, 0))  # Friday afternoon
    assert next_due(s, utc(2026, 5, 12)) == local(NEW_YORK, 2026, 5, 18, 12, 0)


# --- next_due: DST -----------------------------------------------------------

@pytest.mark.parametrize(
    ("zone", "wall", "after", "expected", "following"),
    [
        (BERLIN, "02:30", utc(2026, 3, 28, 12), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)),
        (NEW_YORK, "02:30", utc(2026, 3, 7, 12), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)),
        (BERLIN, "02:30", utc(2026, 10, 24, 12), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)),
        (NEW_YORK, "01:30", utc(2026, 10, 31, 12), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)),
    ],
)
def test_next_due_dst_fires_exactly_once(zone, wall, after, expected, following):
    s = make(zone, (wall,))
    assert next_due(s, after) == expected
    assert next_due(s, expected) == following  # the repeated/skipped hour does not fire again


def test_next_due_fall_back_second_occurrence_never_fires():
    s = make(BERLIN, ("02:30",))
    between = utc(2026, 10, 25, 1, 0)  # 02:00 CET, before the second 02:30
    assert next_due(s, between) == utc(2026, 10, 26, 1, 30)


def test_next_due_spring_forward_gap_and_three_o_clock_fire_once():
    s = make(BERLIN, ("02:30", "03:00"))
    first = next_due(s, utc(2026, 3, 28, 12))
    assert first == utc(2026, 3, 29, 1, 0)
    assert next_due(s, first) == utc(2026, 3, 30, 0, 30)


# --- next_due: calendar edges ------------------------------------------------

@pytest.mark.parametrize(
    ("zone", "times", "after", "expected"),
    [
        (TOKYO, ("09:30",), local(TOKYO, 2026, 1, 31, 10), local(TOKYO, 2026, 2, 1, 9, 30)),
        (BERLIN, ("09:30",), local(BERLIN, 2026, 1, 31, 10), local(BERLIN, 2026, 2, 1, 9, 30)),
        (NEW_YORK, ("00:00",), local(NEW_YORK, 2026, 12, 31, 23, 59), local(NEW_YORK, 2027, 1, 1)),
        (BERLIN, ("09:30",), local(BERLIN, 2026, 12, 31, 23, 59), local(BERLIN, 2027, 1, 1, 9, 30)),
        (TOKYO, ("09:30",), local(TOKYO, 2028, 2, 28, 10), local(TOKYO, 2028, 2, 29, 9, 30)),
        (TOKYO, ("09:30",), local(TOKYO, 2028, 2, 29, 10), local(TOKYO, 2028, 3, 1, 9, 30)),
        (NEW_YORK, ("09:30",), local(NEW_YORK, 2027, 2, 28, 10), local(NEW_YORK, 2027, 3, 1, 9, 30)),
    ],
)
def test_next_due_month_year_and_leap_day(zone, times, after, expected):
    assert next_due(make(zone, times), after) == expected


def test_next_due_year_end_in_utc():
    s = make("UTC", ("00:00",))
    assert next_due(s, utc(2026, 12, 31, 23, 59)) == utc(2027, 1, 1)


def test_next_due_leap_day_only_weekday():
    # 2028-02-29 is a Tuesday.
    s = make(BERLIN, days="tue")
    assert next_due(s, utc(2028, 2, 24)) == local(BERLIN, 2028, 2, 29, 9, 30)


# --- slot_key ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("category", "day", "wall", "expected"),
    [
        ("posture", date(2026, 3, 29), time(9, 30), "posture:2026-03-29:09:30"),
        ("hydration", date(2028, 2, 29), time(0, 0), "hydration:2028-02-29:00:00"),
        ("stretching", date(2026, 12, 31), time(23, 59, 30), "stretching:2026-12-31:23:59"),
    ],
)
def test_slot_key(category, day, wall, expected):
    assert slot_key(category, day, wall) == expected


def test_slot_key_refuses_unknown_category():
    with pytest.raises(ValueError):
        slot_key("yoga", date(2026, 1, 1), time(9))


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        (TOKYO, utc(2026, 5, 12, 0, 30), "posture:2026-05-12:09:30"),
        (NEW_YORK, utc(2026, 1, 1, 2, 0), "posture:2025-12-31:21:00"),
        (BERLIN, utc(2026, 3, 29, 1, 0), "posture:2026-03-29:03:00"),
    ],
)
def test_slot_key_at_uses_local_date_and_time(zone, instant, expected):
    assert slot_key_at("posture", make(zone), instant) == expected


# --- late_policy -------------------------------------------------------------

DUE = local(BERLIN, 2026, 5, 12, 9, 30)


@pytest.mark.parametrize(
    ("late", "expected"),
    [
        (timedelta(0), "send"),
        (timedelta(minutes=1), "send"),
        (timedelta(hours=1, minutes=59), "send"),
        (timedelta(hours=1, minutes=59, seconds=59), "send"),
        (timedelta(hours=2), "missed"),
        (timedelta(hours=2, minutes=1), "missed"),
        (timedelta(days=1), "missed"),
    ],
)
def test_late_policy_two_hour_limit(late, expected):
    assert late_policy(DUE, DUE + late, make(BERLIN)) == expected


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        (local(BERLIN, 2026, 5, 12, 21, 0), local(BERLIN, 2026, 5, 12, 22, 0), "missed"),
        (local(BERLIN, 2026, 5, 12, 21, 0), local(BERLIN, 2026, 5, 12, 21, 59), "send"),
        (local(BERLIN, 2026, 5, 12, 6, 0), local(BERLIN, 2026, 5, 12, 6, 30), "missed"),
        (local(BERLIN, 2026, 5, 12, 6, 0), local(BERLIN, 2026, 5, 12, 7, 0), "send"),
    ],
)
def test_late_policy_quiet_hours_at_now(due, now, expected):
    s = make(BERLIN, quiet=(time(22), time(7)))
    assert late_policy(due, now, s) == expected


@pytest.mark.parametrize(
    "kw", [{"enabled": False}, {"paused_until": DUE + timedelta(hours=1)}]
)
def test_late_policy_disabled_or_paused_is_missed(kw):
    assert late_policy(DUE, DUE + timedelta(minutes=5), make(BERLIN, **kw)) == "missed"


def test_late_policy_refuses_naive():
    with pytest.raises(ValueError):
        late_policy(datetime(2026, 5, 12, 9), DUE, make())


# --- properties --------------------------------------------------------------

ZONES = [BERLIN, NEW_YORK, TOKYO, "Australia/Lord_Howe", "America/Santiago",
         "Etc/GMT-2", "Etc/GMT+5", "Asia/Kolkata", "UTC"]
FIXED = {"Etc/GMT-2": 120, "Etc/GMT+5": -300, "Asia/Kolkata": 330, "UTC": 0}
EDGES = [utc(2028, 2, 29), utc(2026, 12, 31), utc(2027, 1, 31)]


def transitions(zone: str, year: int = 2026) -> list[datetime]:
    """The UTC instants (to the minute) where the zone's offset changes in a year."""
    tz, found, hour = ZoneInfo(zone), [], utc(year, 1, 1)
    while hour.year == year:
        nxt = hour + timedelta(hours=1)
        if hour.astimezone(tz).utcoffset() != nxt.astimezone(tz).utcoffset():
            found.append(next(hour + timedelta(minutes=m) for m in range(1, 61)
                              if (hour + timedelta(minutes=m)).astimezone(tz).utcoffset()
                              != hour.astimezone(tz).utcoffset()))
        hour = nxt
    return found


DST = [(z, t) for z in (BERLIN, NEW_YORK, "Australia/Lord_Howe", "America/Santiago")
       for t in transitions(z)]
grid_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def cases(draw, zones=ZONES):
    """Draw (settings, after); half the time around a DST change with times near it."""
    times = draw(st.lists(grid_times, min_size=0, max_size=6))
    if zones is ZONES and draw(st.booleans()):
        zone, change = draw(st.sampled_from(DST))
        after = change + timedelta(minutes=draw(st.integers(-36 * 60, 12 * 60)))
        wall = (change - timedelta(hours=1)).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        base = wall.replace(minute=wall.minute // 15 * 15)
        near = st.builds(lambda k: (base + timedelta(minutes=15 * k)).time(), st.integers(0, 12))
        times += draw(st.lists(near, min_size=1, max_size=3))
    else:
        zone = draw(st.sampled_from(zones))
        after = draw(st.one_of(
            st.datetimes(datetime(2025, 1, 1), datetime(2029, 12, 31), timezones=st.just(UTC)),
            st.builds(lambda d, m: d + timedelta(minutes=m), st.sampled_from(EDGES),
                      st.integers(-36 * 60, 36 * 60))))
    times = times[:6] or [draw(grid_times)]
    quiet = draw(st.one_of(st.just(NO_QUIET), st.tuples(grid_times, grid_times)))
    pause = draw(st.one_of(st.none(), st.integers(-3000, 6000)))
    s = NudgeSettings(
        zone, tuple(times), frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
        quiet[0], quiet[1],
        paused_until=None if pause is None else after + timedelta(minutes=pause),
    )
    return s, after


def reference_slots(s: NudgeSettings, start: datetime, end: datetime) -> list[datetime]:
    """Firing instants in (start, end], minute by minute, written without next_due."""
    zone, chosen = ZoneInfo(s.timezone), set(s.times)
    minute = start.replace(second=0, microsecond=0) + timedelta(minutes=1)
    prev_wall = (minute - timedelta(minutes=1)).astimezone(zone)
    found = []
    while minute <= end:
        wall = minute.astimezone(zone)
        naive_prev, naive = prev_wall.replace(tzinfo=None), wall.replace(tzinfo=None)
        exact = wall.time().replace(tzinfo=None) in chosen and wall.fold == 0
        gap = naive - naive_prev > timedelta(minutes=1) and any(
            naive_prev < datetime.combine(naive_prev.date() + timedelta(days=k), t) < naive
            for k in (0, 1) for t in chosen)
        quiet = s.quiet_start != s.quiet_end and (
            (s.quiet_start <= wall.time() < s.quiet_end) if s.quiet_start < s.quiet_end
            else (wall.time() >= s.quiet_start or wall.time() < s.quiet_end))
        paused = s.paused_until is not None and minute < s.paused_until
        if (exact or gap) and wall.weekday() in s.weekdays and not quiet and not paused:
            found.append(minute)
        prev_wall, minute = wall, minute + timedelta(minutes=1)
    return found


@hyp_settings(max_examples=300, deadline=None)
@given(cases())
def test_property_next_due_is_after_allowed_and_not_quiet(case):
    s, after = case
    due = next_due(s, after)
    if due is None:
        return
    assert due > after
    assert due.tzinfo == UTC
    assert not is_quiet(s, due)
    assert due.astimezone(ZoneInfo(s.timezone)).weekday() in s.weekdays
    assert s.paused_until is None or due >= s.paused_until


@hyp_settings(max_examples=200, deadline=None)
@given(cases(zones=list(FIXED)))
def test_property_fixed_offset_local_time_is_a_chosen_time(case):
    s, after = case
    due = next_due(s, after)
    if due is not None:
        wall = due + timedelta(minutes=FIXED[s.timezone])
        assert wall.time().replace(tzinfo=None) in s.times
        assert wall.weekday() in s.weekdays


@hyp_settings(max_examples=60, deadline=None)
@given(cases())
def test_property_matches_minute_by_minute_reference(case):
    s, after = case
    due = next_due(s, after)
    horizon = max(after, s.paused_until or after) + timedelta(days=8)
    expected = reference_slots(s, after, due if due is not None else horizon)
    if due is None:
        assert expected == []
    else:
        assert expected == [due]  # nothing allowed is skipped before it


@hyp_settings(max_examples=40, deadline=None)
@given(cases())
def test_property_repeated_next_due_never_repeats_or_skips_within_a_week(case):
    s, after = case
    end = after + timedelta(days=7)
    seen, current = [], after
    while (current := next_due(s, current)) is not None and current <= end:
        seen.append(current)
    assert seen == sorted(set(seen))
    keys = [slot_key_at("posture", s, d) for d in seen]
    assert len(keys) == len(set(keys))
    assert seen == reference_slots(s, after, end)
