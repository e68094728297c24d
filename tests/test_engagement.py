"""Pure rules of the first week: the day's times, likely zones, unanswered days and silence."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.nudges.engagement import DORMANT_AFTER, is_silent, should_ask, silent_days
from bot.core.storage.engagement import Question
from scheduler.day import DEFAULT_DAY, day_of, day_times, quiet_of, shifted
from scheduler.settings import DEFAULT_QUIET, SettingsError
from scheduler.zones import MAX_OFFERED, likely_zones

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)  # a Thursday


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def sent(day: int, category: str = "hydration", hhmm: str = "12:00") -> tuple[str, str, datetime]:
    return (f"{category}:2026-03-{day:02d}:{hhmm}", "sent", at(day))


def answered(day: int, action: str = "done", category: str = "hydration") -> tuple[str, str, datetime]:
    return (f"{category}:2026-03-{day:02d}:12:00", action, at(day, 13))


@pytest.mark.parametrize("start, end, count, expected", [
    (time(8), time(20), 2, ("12:00", "16:00")),
    (time(8), time(20), 3, ("11:00", "14:00", "17:00")),
    (time(7), time(22), 1, ("14:30",)),
    (time(9), time(23), 4, ("11:45", "14:30", "17:30", "20:15")),  # 168-minute steps, rounded
])
def test_hydration_is_spread_evenly_across_the_day(start, end, count, expected):
    assert tuple(t.strftime("%H:%M") for t in day_times("hydration", start, end, count)) == expected


def test_posture_comes_early_and_stretching_late_in_the_day():
    assert day_times("posture", time(8), time(20)) == (time(9, 30),)
    assert day_times("stretching", time(8), time(20)) == (time(18, 0),)


@pytest.mark.parametrize("start, end", [(time(10), time(14)), (time(20), time(8))])
def test_a_short_or_overnight_day_is_refused(start, end):
    with pytest.raises(SettingsError):
        day_times("posture", start, end)


def test_the_day_and_the_quiet_hours_are_each_others_complement():
    assert quiet_of(time(8), time(20)) == (time(20), time(8))
    assert day_of(*quiet_of(time(8), time(20))) == (time(8), time(20))
    assert day_of(*DEFAULT_QUIET) == DEFAULT_DAY
    assert day_of(time(0), time(0)) is None


def test_times_shift_round_midnight():
    assert shifted((time(23, 30), time(9)), timedelta(hours=1)) == (time(0, 30), time(10))
    assert shifted((time(0, 30),), -timedelta(hours=1)) == (time(23, 30),)


@pytest.mark.parametrize("language, clinic, first", [
    ("es", "UTC", "Europe/Madrid"), ("pt-br", "UTC", "America/Sao_Paulo"), ("de", "UTC", "Europe/Berlin"),
    (None, "Europe/London", "Europe/London"), ("xx", "Asia/Tokyo", "Asia/Tokyo"),
])
def test_likely_zones_start_with_the_languages_and_end_with_the_clinics(language, clinic, first):
    zones = likely_zones(language, clinic)
    assert zones[0] == first and clinic in zones and len(zones) <= MAX_OFFERED
    assert len(set(zones)) == len(zones)


def test_three_unanswered_days_in_a_row_are_counted():
    actions = [sent(8), answered(8), sent(9), sent(10), sent(11)]
    assert silent_days(actions, "hydration", None) == 3


def test_a_day_with_any_answer_ends_the_streak():
    actions = [sent(9), sent(10), sent(10, hhmm="16:00"), answered(10, "skipped"), sent(11)]
    assert silent_days(actions, "hydration", None) == 1


def test_other_categories_do_not_count():
    actions = [sent(9), sent(10), sent(11), answered(11, category="posture")]
    assert silent_days(actions, "hydration", None) == 3
    assert silent_days(actions, "posture", None) == 0


def test_the_question_is_asked_after_three_silent_days_and_not_on_the_third():
    actions = [sent(9), sent(10), sent(11)]
    assert should_ask(actions, "hydration", None, at(12, 11), MADRID)
    assert not should_ask(actions, "hydration", None, at(11, 15), MADRID)  # day 11 is today: not over yet


def test_the_question_is_asked_once_until_a_nudge_is_answered_again():
    asked = Question(asked_at=at(12, 11))
    later = [sent(9), sent(10), sent(11), sent(13), sent(14), sent(15), sent(16)]
    assert not should_ask(later, "hydration", asked, at(17, 11), MADRID)
    answered_since = later + [answered(13)]
    assert should_ask(answered_since, "hydration", asked, at(17, 11), MADRID)


def test_keep_as_is_is_remembered_for_30_days():
    kept = Question(asked_at=at(12, 11), answer="keep", answered_at=at(12, 12))
    silent = [sent(day) for day in range(13, 31)]
    assert not should_ask(silent, "hydration", kept, at(31, 11), MADRID)
    assert should_ask(silent, "hydration", kept, at(12, 12) + timedelta(days=30), MADRID)


def test_after_another_answer_only_new_silent_days_count():
    fewer = Question(asked_at=at(12, 11), answer="fewer", answered_at=at(12, 12))
    actions = [sent(9), sent(10), sent(11), sent(13), sent(14)]
    assert not should_ask(actions, "hydration", fewer, at(15, 11), MADRID)
    assert should_ask(actions + [sent(15)], "hydration", fewer, at(16, 11), MADRID)


def test_silence_is_14_days_without_anything_from_the_subscriber():
    assert not is_silent(NOW - DORMANT_AFTER + timedelta(minutes=1), NOW)
    assert is_silent(NOW - DORMANT_AFTER, NOW)
    assert not is_silent(None, NOW)
