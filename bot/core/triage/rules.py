"""Triage levels, the red-flag signs, and the assessment of a structured symptom check-in.

Pure rules: no I/O, no clock. The free-text screening that maps onto the same levels and rule ids
lives in bot.core.triage.screening.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum


class Level(IntEnum):
    """How urgently a person should get help; higher is more urgent."""

    SELF_CARE = 0
    SEE_DOCTOR = 1
    URGENT = 2
    EMERGENCY = 3


SIGNS: dict[str, Level] = {
    "saddle_numbness": Level.EMERGENCY,
    "bladder_bowel": Level.EMERGENCY,
    "sexual_dysfunction": Level.EMERGENCY,
    "both_legs": Level.EMERGENCY,
    "severe_leg_weakness": Level.EMERGENCY,
    "chest_pain": Level.EMERGENCY,
    "major_trauma": Level.EMERGENCY,
    "fever": Level.URGENT,
    "weight_loss": Level.URGENT,
    "cancer_history": Level.URGENT,
    "immunosuppressed": Level.URGENT,
    "night_pain": Level.URGENT,
    "back_deformity": Level.URGENT,
    "one_leg_spreading": Level.URGENT,
    "thoracic_pain": Level.URGENT,
    "osteoporosis_fall": Level.URGENT,
}

PERSISTENCE_DAYS = 14
HIGH_PAIN = 8
TRENDS = ("better", "same", "worse")

PERSIST, WORSE_TWICE, PAIN8_TWICE = "persist_14d", "worse_twice", "pain8_twice"
RULE_LEVELS: dict[str, Level] = {
    **{f"sign:{sign}": level for sign, level in SIGNS.items()},
    PERSIST: Level.SEE_DOCTOR,
    WORSE_TWICE: Level.SEE_DOCTOR,
    PAIN8_TWICE: Level.SEE_DOCTOR,
}
_RULE_ORDER = {rule: index for index, rule in enumerate(RULE_LEVELS)}


@dataclass(frozen=True)
class CheckinReport:
    """One finished check-in, as the triage sees it."""

    on: date
    pain_now: bool
    started_on: date | None
    pain: int | None
    trend: str | None
    signs: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.pain is not None and not 0 <= self.pain <= 10:
            raise ValueError(f"pain must be 0-10, not {self.pain}")
        if self.trend is not None and self.trend not in TRENDS:
            raise ValueError(f"unknown trend {self.trend!r}")
        if not isinstance(self.signs, frozenset):
            object.__setattr__(self, "signs", frozenset(self.signs))


@dataclass(frozen=True)
class Outcome:
    """The level a check-in or message calls for and every rule that fired, highest first."""

    level: Level
    rules: tuple[str, ...] = ()


def outcome_of(rules: Sequence[str]) -> Outcome:
    """The outcome for a set of fired rule ids: the highest level, rules sorted highest first."""
    unknown = [rule for rule in rules if rule not in RULE_LEVELS]
    if unknown:
        raise ValueError(f"unknown triage rules {unknown}")
    ordered = sorted(set(rules), key=lambda rule: (-RULE_LEVELS[rule], _RULE_ORDER[rule]))
    level = RULE_LEVELS[ordered[0]] if ordered else Level.SELF_CARE
    return Outcome(level, tuple(ordered))


def assess(report: CheckinReport, earlier: Sequence[CheckinReport] = ()) -> Outcome:
    """Assess a check-in; earlier = the previous check-ins of the same episode, oldest first."""
    unknown = report.signs - SIGNS.keys()
    if unknown:
        raise ValueError(f"unknown signs {sorted(unknown)}")
    rules = [f"sign:{sign}" for sign in report.signs]
    if report.pain_now:
        if report.started_on is not None and (report.on - report.started_on).days > PERSISTENCE_DAYS:
            rules.append(PERSIST)
        previous = earlier[-1] if earlier else None
        if previous is not None and report.trend == "worse" and previous.trend == "worse":
            rules.append(WORSE_TWICE)
        if previous is not None and _high(report.pain) and _high(previous.pain):
            rules.append(PAIN8_TWICE)
    return outcome_of(rules)


def combine(*outcomes: Outcome) -> Outcome:
    """Merge outcomes: the highest level wins and all their rules are kept, without duplicates."""
    rank: dict[str, Level] = {}
    for outcome in outcomes:
        for rule in outcome.rules:
            rank.setdefault(rule, RULE_LEVELS.get(rule, outcome.level))
    ordered = sorted(rank, key=lambda rule: (-rank[rule], _RULE_ORDER.get(rule, len(_RULE_ORDER))))
    level = max((outcome.level for outcome in outcomes), default=Level.SELF_CARE)
    return Outcome(Level(level), tuple(ordered))


def _high(pain: int | None) -> bool:
    return pain is not None and pain >= HIGH_PAIN
