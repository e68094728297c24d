"""A routine in progress as a pure state machine: which step, whether its timer runs, and how long is left.

Instants are parameters (never the clock). A step's timer runs for seconds x times; when it reaches zero the
next step starts by itself, and after the last one the subscriber is asked how their back feels. Pausing
keeps what is left; a restart of the bot changes nothing, because the state is saved after every change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from bot.core.content.models import Routine

Phase = Literal["running", "paused", "feedback"]
TICK = 5  # seconds: the countdown shown moves in steps of this size (one edit every 5 s at most)


@dataclass(frozen=True)
class Session:
    """One subscriber's routine in progress."""

    routine_id: str
    step: int                 # 0-based
    phase: Phase
    started_at: datetime      # when the current step's timer would have started, had it never paused
    left: int | None = None   # seconds left, while paused
    message_id: int | None = None  # the current step's message
    shown: int | None = None  # the countdown last shown on it


def step_seconds(routine: Routine, step: int) -> int:
    """How long a step's timer runs."""
    return routine.steps[step].seconds * routine.steps[step].times


def begin(routine: Routine, now: datetime) -> Session:
    """A new session at the first step, its timer running."""
    return Session(routine.id, 0, "running", now)


def seconds_left(routine: Routine, session: Session, now: datetime) -> int:
    """Seconds left on the current step's timer (never below zero)."""
    if session.phase == "paused" and session.left is not None:
        return session.left
    if session.phase == "feedback":
        return 0
    elapsed = (now - session.started_at).total_seconds()
    return max(0, math.ceil(step_seconds(routine, session.step) - elapsed))


def shown_left(seconds: int) -> int:
    """The countdown as shown: rounded up to the next TICK."""
    return math.ceil(seconds / TICK) * TICK


def pause(routine: Routine, session: Session, now: datetime) -> Session:
    """Stop the timer, keeping what is left."""
    if session.phase != "running":
        return session
    return replace(session, phase="paused", left=seconds_left(routine, session, now))


def resume(routine: Routine, session: Session, now: datetime) -> Session:
    """Start the timer again from what was left."""
    if session.phase != "paused" or session.left is None:
        return session
    done = step_seconds(routine, session.step) - session.left
    return replace(session, phase="running", started_at=now - timedelta(seconds=done), left=None)


def advance(routine: Routine, session: Session, now: datetime) -> Session:
    """The next step with its timer running, or the feedback question after the last step."""
    if session.step + 1 >= len(routine.steps):
        return replace(session, phase="feedback", left=None, message_id=None, shown=None)
    return Session(routine.id, session.step + 1, "running", now)


def is_over(routine: Routine, session: Session, now: datetime) -> bool:
    """Whether a running step's timer has reached zero."""
    return session.phase == "running" and seconds_left(routine, session, now) == 0


def countdown(seconds: int) -> str:
    """Seconds as m:ss."""
    return f"{seconds // 60}:{seconds % 60:02d}"
