"""The symptom check-in as a pure state machine: one question at a time, a way back and a way out.

Questions, in order (some only when they apply):
  pain_now    Do you have back pain or spasms now?        yes | gone
  since       Since when? (only when an episode starts)    today | 1-3d | 4-7d | 1-2w | over2w | type
  since_date  (typed) the date it started                  free text, parsed
  pain        Pain now, 0-10                               0 ... 10
  trend       Compared with last time (from the 2nd check-in of an episode)   better | same | worse
  flags       The red-flag checklist                       a sign id (toggles) | none | done
Every step also takes `back` and `cancel`. A draft is plain data, kept in the database between
answers, so a restart in the middle of a check-in loses nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta

from bot.core.checkins.dates import SINCE_CHOICES, parse_since
from bot.core.triage.rules import SIGNS, CheckinReport
from scheduler.parsing import bounded_int

PAIN_NOW, SINCE, SINCE_DATE, PAIN, TREND, FLAGS = "pain_now", "since", "since_date", "pain", "trend", "flags"
STEPS = (PAIN_NOW, SINCE, SINCE_DATE, PAIN, TREND, FLAGS)
BACK, CANCEL, TYPE_DATE, NO_SIGNS, SIGNS_DONE = "back", "cancel", "type", "none", "done"
TRENDS = ("better", "same", "worse")
YES, GONE = "yes", "gone"


class InvalidAnswer(ValueError):
    """An answer that the current question does not offer (a stale or forged button, a bad date)."""


@dataclass(frozen=True)
class Draft:
    """A check-in in progress: the answers so far and the question being asked."""

    step: str = PAIN_NOW
    episode_open: bool = False     # an episode is open: don't ask since when
    earlier: int = 0               # check-ins already in that episode: ask for the trend when > 0
    pain_now: bool | None = None
    started_on: str | None = None  # ISO date
    pain: int | None = None
    trend: str | None = None
    signs: tuple[str, ...] = ()
    trail: tuple[str, ...] = field(default=())  # steps answered, for `back`

    def to_dict(self) -> dict:
        """Plain JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Draft:
        """Rebuild a draft from to_dict() data (raises InvalidAnswer on anything malformed)."""
        try:
            draft = cls(**{**data, "signs": tuple(data.get("signs", ())), "trail": tuple(data.get("trail", ()))})
        except TypeError as error:
            raise InvalidAnswer(f"malformed draft: {error}") from error
        if draft.step not in STEPS:
            raise InvalidAnswer(f"unknown step {draft.step!r}")
        return draft


@dataclass(frozen=True)
class Finished:
    """The check-in is complete: this is what was reported."""

    report: CheckinReport


@dataclass(frozen=True)
class Cancelled:
    """The subscriber left the check-in."""


def start(episode_started_on: date | None = None, earlier: int = 0) -> Draft:
    """A new check-in at its first question; pass the open episode's start date and check-in count."""
    if episode_started_on is None:
        return Draft()
    return Draft(episode_open=True, earlier=earlier, started_on=episode_started_on.isoformat())


def advance(draft: Draft, answer: str, today: date) -> Draft | Finished | Cancelled:
    """Apply one answer to the current question; return the next state (raises InvalidAnswer)."""
    if answer == CANCEL:
        return Cancelled()
    if answer == BACK:
        if not draft.trail:
            return Cancelled()
        return replace(draft, step=draft.trail[-1], trail=draft.trail[:-1])
    step = draft.step
    if step == PAIN_NOW:
        if answer == GONE:
            return Finished(report(replace(draft, pain_now=False), today))
        _expect(answer in (YES,), answer, step)
        return _next(replace(draft, pain_now=True), PAIN if draft.episode_open else SINCE)
    if step == SINCE:
        if answer == TYPE_DATE:
            return _next(draft, SINCE_DATE)
        _expect(answer in SINCE_CHOICES, answer, step)
        return _next(replace(draft, started_on=(today - timedelta(days=SINCE_CHOICES[answer])).isoformat()), PAIN)
    if step == SINCE_DATE:
        started = parse_since(answer, today)
        if started is None:
            raise _invalid(answer, step)
        return _next(replace(draft, started_on=started.isoformat()), PAIN, record=False)
    if step == PAIN:
        pain = bounded_int(answer, 0, 10)
        if pain is None:
            raise _invalid(answer, step)
        return _next(replace(draft, pain=pain), TREND if draft.episode_open and draft.earlier else FLAGS)
    if step == TREND:
        _expect(answer in TRENDS, answer, step)
        return _next(replace(draft, trend=answer), FLAGS)
    if answer == NO_SIGNS:
        return Finished(report(replace(draft, signs=()), today))
    if answer == SIGNS_DONE:
        return Finished(report(draft, today))
    _expect(answer in SIGNS, answer, step)
    toggled = tuple(sign for sign in SIGNS if (sign in draft.signs) != (sign == answer))
    return replace(draft, signs=toggled)


def report(draft: Draft, today: date) -> CheckinReport:
    """The CheckinReport a finished draft stands for."""
    return CheckinReport(on=today, pain_now=bool(draft.pain_now),
                         started_on=date.fromisoformat(draft.started_on) if draft.started_on else None,
                         pain=draft.pain, trend=draft.trend, signs=frozenset(draft.signs))


def _next(draft: Draft, step: str, record: bool = True) -> Draft:
    # a typed date replaces the `since` step rather than adding one: back from `pain` goes to `since`
    trail = draft.trail + (draft.step,) if record else draft.trail
    return replace(draft, step=step, trail=trail)


def _expect(ok: bool, answer: str, step: str) -> None:
    if not ok:
        raise _invalid(answer, step)


def _invalid(answer: str, step: str) -> InvalidAnswer:
    return InvalidAnswer(f"{answer!r} is not an answer to {step!r}")
