"""The routine state machine as pure functions: timers, pause and resume, steps and the end."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.content.models import Routine, RoutineStep
from bot.core.routines.session import (advance, begin, countdown, is_over, pause, resume, seconds_left, shown_left,
                                       step_seconds)

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
ROUTINE = Routine(id="r", title="R", intro="i", steps=[RoutineStep(tip="a", seconds=20, times=3),
                                                        RoutineStep(tip="b", seconds=5, times=2)])


def later(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_steps_timer_is_its_seconds_times_its_repeats():
    assert step_seconds(ROUTINE, 0) == 60 and step_seconds(ROUTINE, 1) == 10
    assert ROUTINE.seconds == 70 and ROUTINE.minutes == 1


def test_the_timer_counts_down_by_the_clock():
    session = begin(ROUTINE, T0)
    assert seconds_left(ROUTINE, session, T0) == 60
    assert seconds_left(ROUTINE, session, later(12.5)) == 48
    assert seconds_left(ROUTINE, session, later(75)) == 0
    assert not is_over(ROUTINE, session, later(59)) and is_over(ROUTINE, session, later(60))


def test_pause_keeps_what_is_left_and_resume_continues_from_it():
    paused = pause(ROUTINE, begin(ROUTINE, T0), later(20))
    assert paused.phase == "paused" and seconds_left(ROUTINE, paused, later(500)) == 40
    resumed = resume(ROUTINE, paused, later(500))
    assert seconds_left(ROUTINE, resumed, later(510)) == 30
    assert not is_over(ROUTINE, paused, later(10_000))


def test_pause_and_resume_in_the_wrong_phase_change_nothing():
    running = begin(ROUTINE, T0)
    assert resume(ROUTINE, running, later(5)) == running
    paused = pause(ROUTINE, running, later(5))
    assert pause(ROUTINE, paused, later(9)) == paused


def test_advance_goes_step_by_step_then_asks_how_the_back_feels():
    second = advance(ROUTINE, begin(ROUTINE, T0), later(60))
    assert (second.step, second.phase, second.started_at) == (1, "running", later(60))
    end = advance(ROUTINE, second, later(70))
    assert end.phase == "feedback" and end.step == 1


@pytest.mark.parametrize("seconds, shown", [(60, 60), (59, 60), (55, 55), (1, 5), (0, 0)])
def test_the_countdown_moves_in_five_second_steps(seconds, shown):
    assert shown_left(seconds) == shown


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (9, "0:09"), (75, "1:15")])
def test_countdown_text(seconds, text):
    assert countdown(seconds) == text
