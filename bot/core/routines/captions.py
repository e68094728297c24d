"""The words of a routine in progress: a step's caption (at most Telegram's 1,024 characters) and its clock."""

from __future__ import annotations

from bot.core.content.models import Routine, Tip
from bot.core.content.texts import Html, Texts
from bot.core.routines.session import Session, countdown, shown_left

CAPTION_LIMIT = 1024


def clock_text(texts: Texts, session: Session, seconds: int) -> str:
    """The countdown line: running, paused, or the step done."""
    if session.phase == "paused":
        return texts("routine_clock_paused", left=countdown(shown_left(seconds)))
    if seconds <= 0:
        return texts("routine_clock_done")
    return texts("routine_clock_running", left=countdown(shown_left(seconds)))


def step_caption(texts: Texts, routine: Routine, number: int, tip: Tip, clock: str) -> str:
    """One step: where in the routine, the stretch and how to do it, hold and repeats, the clock, and when to stop."""
    step = routine.steps[number]
    how = "\n".join(f"{n}. {line}" for n, line in enumerate(tip.steps or (), start=1))
    return texts("routine_step", routine=routine.title, number=number + 1, count=len(routine.steps), title=tip.title,
                 how=Html(how), seconds=step.seconds, times=step.times, clock=Html(clock),
                 stop_if=Html(tip.stop_if or ""))
