"""Progress summaries and streaks, as pure functions of outcomes and a given `today`.

Streak cases are written as day patterns, oldest first, the last character being today:
"D" a day with a done, "x" nudges sent but none done (a lapse), "." no nudge sent (neutral).
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.progress import (
    CATEGORIES,
    CategoryProgress,
    NudgeOutcome,
    Progress,
    best_streak,
    streak,
    summarize,
)

TODAY = date(2026, 3, 15)


def ago(n: int) -> date:
    """The local date `n` days before TODAY."""
    return TODAY - timedelta(days=n)


def nudge(days_ago: int, category: str = "posture", outcome: str = "done") -> NudgeOutcome:
    """One nudge outcome, dated relative to TODAY."""
    return NudgeOutcome(ago(days_ago), category, outcome)


def days(pattern: str) -> tuple[set[date], set[date]]:
    """Active days and nudge days of a pattern whose last character is TODAY."""
    dated = {ago(len(pattern) - 1 - i): c for i, c in enumerate(pattern)}
    return {d for d, c in dated.items() if c == "D"}, {d for d, c in dated.items() if c in "Dx"}


def outcomes(pattern: str) -> list[NudgeOutcome]:
    """Nudge outcomes realising a pattern: a done, a skip or no answer, or nothing sent."""
    result = []
    for i, c in enumerate(reversed(pattern)):
        if c == "D":
            result += [nudge(i, "posture", "done"), nudge(i, "hydration", "none")]
        elif c == "x":
            result += [nudge(i, "stretching", "skipped"), nudge(i, "posture", "none")]
        else:
            result.append(nudge(i, "hydration", "missed"))
    return result


def by_category(progress: tuple[CategoryProgress, ...]) -> dict[str, tuple[int, int, int]]:
    """(done, skipped, no_answer) per category."""
    return {p.category: (p.done, p.skipped, p.no_answer) for p in progress}


# --- counts ---------------------------------------------------------------------------------


def test_empty_data_gives_zeros():
    zeros = tuple(CategoryProgress(c, 0, 0, 0) for c in CATEGORIES)
    assert summarize([], TODAY) == Progress(zeros, zeros, streak=0, best_streak=0)


def test_categories_come_in_fixed_order():
    progress = summarize([nudge(0, "stretching"), nudge(0, "hydration")], TODAY)
    assert [p.category for p in progress.last_7] == ["posture", "hydration", "stretching"]
    assert [p.category for p in progress.last_30] == ["posture", "hydration", "stretching"]


def test_counts_per_category_and_outcome():
    data = [
        nudge(0, "posture", "done"),
        nudge(0, "posture", "done"),
        nudge(1, "posture", "skipped"),
        nudge(2, "hydration", "none"),
        nudge(2, "hydration", "done"),
        nudge(3, "stretching", "skipped"),
        nudge(3, "stretching", "skipped"),
        nudge(4, "stretching", "none"),
    ]
    assert by_category(summarize(data, TODAY).last_7) == {
        "posture": (2, 1, 0),
        "hydration": (1, 0, 1),
        "stretching": (0, 2, 1),
    }


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("days_ago", [0, 10])
def test_missed_nudges_are_not_counted(category, days_ago):
    progress = summarize([nudge(days_ago, category, "missed")], TODAY)
    assert set(by_category(progress.last_7).values()) == {(0, 0, 0)}
    assert set(by_category(progress.last_30).values()) == {(0, 0, 0)}


@pytest.mark.parametrize(
    "days_ago, in_7, in_30",
    [(0, 1, 1), (6, 1, 1), (7, 0, 1), (29, 0, 1), (30, 0, 0)],
    ids=["today", "day 7", "day 8", "day 30", "day 31"],
)
@pytest.mark.parametrize("outcome, column", [("done", 0), ("skipped", 1), ("none", 2)])
def test_window_edges(days_ago, in_7, in_30, outcome, column):
    progress = summarize([nudge(days_ago, "hydration", outcome)], TODAY)
    assert by_category(progress.last_7)["hydration"][column] == in_7
    assert by_category(progress.last_30)["hydration"][column] == in_30


def test_future_outcomes_are_ignored():
    assert summarize([nudge(-1, "posture", "done")], TODAY) == summarize([], TODAY)


@pytest.mark.parametrize(
    "bad", [nudge(0, "yoga", "done"), nudge(0, "posture", "snoozed")], ids=["category", "outcome"]
)
def test_unknown_values_are_rejected(bad):
    with pytest.raises(ValueError):
        summarize([bad], TODAY)


# --- streak ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("", 0),
        ("D", 1),
        ("DDD", 3),
        ("DDDDDDDDDD", 10),
        ("x", 0),
        ("xD", 1),  # an older lapse alone is forgiven, but adds nothing
        ("DDDxD", 4),  # one lapse forgiven
        ("DxDD", 3),
        ("DxDxD", 2),  # two lapses 2 days apart: the older one ends it
        ("DDxxD", 1),  # two lapses in a row
        ("DDDxDDDDDDDxD", 11),  # lapses 8 days apart: both forgiven
        ("DDDxDDDDDDxD", 10),  # 7 days apart: never within the same 7 days, both forgiven
        ("DDDxDDDDDxD", 6),  # 6 days apart: within one week, the older one ends it
        ("DDDxDDDxD", 4),  # 4 days apart
    ],
)
def test_streak_counts_done_days_and_forgives_one_lapse_a_week(pattern, expected):
    assert streak(*days(pattern), TODAY) == expected


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("DDD.", 3),
        ("D..D", 2),
        ("D.......D", 2),
        ("DD...xD", 3),
        ("Dx..xD", 1),  # neutral days still count towards the 7 days between lapses
        ("DDx......xD", 3),  # lapses 7 days apart, neutral days in between
    ],
)
def test_neutral_days_neither_extend_nor_break(pattern, expected):
    assert streak(*days(pattern), TODAY) == expected


@pytest.mark.parametrize("pattern, expected", [("DDDx", 3), ("DDD", 3), ("DxDx", 2), ("x", 0)])
def test_today_without_a_done_does_not_break_or_use_forgiveness(pattern, expected):
    assert streak(*days(pattern), TODAY) == expected


def test_days_with_only_missed_nudges_are_neutral():
    data = [nudge(0), nudge(1, "posture", "missed"), nudge(2, "posture", "skipped"), nudge(3)]
    assert summarize(data, TODAY).streak == 2  # day 1 neutral, day 2 forgiven


@pytest.mark.parametrize("outcome", ["skipped", "none"])
def test_a_day_of_skips_or_silence_is_a_lapse(outcome):
    lapse = "posture", outcome
    data = [nudge(0), nudge(1, *lapse), nudge(2), nudge(4, *lapse), nudge(5)]
    assert summarize(data, TODAY).streak == 2


def test_several_dones_in_a_day_count_once():
    data = [nudge(0, c) for c in CATEGORIES] + [nudge(1, c) for c in CATEGORIES]
    assert summarize(data, TODAY).streak == 2


def test_a_done_day_in_active_days_only_still_counts():
    assert streak({ago(0), ago(1)}, set(), TODAY) == 2


def test_removing_a_forgiven_day_can_free_forgiveness_for_an_older_lapse():
    assert streak(*days("DDxDDxD"), TODAY) == 3
    assert streak(*days("DDxDD.D"), TODAY) == 5


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("", 0),
        ("DDDxxDD", 3),
        ("DDDDDxxDD.", 5),
        ("DDxDDDxxD", 5),
        ("DDDx", 3),
        ("DxDDxxDDDxDD", 5),
    ],
)
def test_best_streak_is_the_longest_run(pattern, expected):
    assert best_streak(*days(pattern), TODAY) == expected
    assert summarize(outcomes(pattern), TODAY).best_streak == expected


def test_summarize_agrees_with_streak_on_patterns():
    pattern = "DD.xDDD.DxD"  # lapses 6 days apart: the older one ends the run
    assert summarize(outcomes(pattern), TODAY).streak == streak(*days(pattern), TODAY) == 5


# --- properties -----------------------------------------------------------------------------

patterns = st.text(alphabet="Dx.", max_size=45)


@given(patterns)
def test_streak_never_exceeds_days_with_a_done(pattern):
    active, nudged = days(pattern)
    assert 0 <= streak(active, nudged, TODAY) <= len(active)


@given(patterns)
def test_best_streak_is_at_least_the_streak(pattern):
    assert best_streak(*days(pattern), TODAY) >= streak(*days(pattern), TODAY)


@given(patterns)
def test_a_done_today_adds_exactly_one(pattern):
    active, nudged = days(pattern)
    before = streak(active, nudged, TODAY)
    after = streak(active | {TODAY}, nudged | {TODAY}, TODAY)
    assert after == before + (TODAY not in active)


@given(patterns)
def test_removing_the_newest_lapse_never_shortens_the_streak(pattern):
    active, nudged = days(pattern)
    lapses = sorted(nudged - active - {TODAY})
    if not lapses:
        return
    newest = lapses[-1]  # the first lapse the walk meets is always forgiven
    after = streak(active, nudged - {newest}, TODAY)
    assert after >= streak(active, nudged, TODAY)
    if len(lapses) == 1:
        assert after == streak(active, nudged, TODAY)


@given(patterns, st.lists(st.tuples(st.integers(-3, 40), st.sampled_from(CATEGORIES))))
def test_missed_nudges_change_nothing(pattern, missed):
    extra = [nudge(n, category, "missed") for n, category in missed]
    assert summarize(outcomes(pattern) + extra, TODAY) == summarize(outcomes(pattern), TODAY)


@given(patterns, st.integers(-400, 400))
def test_shifting_all_dates_with_today_changes_nothing(pattern, shift):
    moved = [
        NudgeOutcome(o.local_date + timedelta(shift), o.category, o.outcome)
        for o in outcomes(pattern)
    ]
    assert summarize(moved, TODAY + timedelta(shift)) == summarize(outcomes(pattern), TODAY)


@given(patterns)
def test_thirty_day_counts_contain_the_seven_day_counts(pattern):
    progress = summarize(outcomes(pattern), TODAY)
    for short, long in zip(progress.last_7, progress.last_30):
        assert short.done <= long.done and short.skipped <= long.skipped
        assert short.no_answer <= long.no_answer
