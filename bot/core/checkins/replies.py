"""Turning a triage outcome into the reply a subscriber reads, from the texts in content/checkin.yaml."""

from __future__ import annotations

from datetime import date

from bot.core.checkins.texts import OUTCOME_TEXT, OUTCOME_TEXT_OTHER
from bot.core.content.texts import Html, Texts
from bot.core.triage.rules import PERSIST, CheckinReport, Level, Outcome

COLD_DAYS = 2  # cold packs in the first 48 hours, warmth after
REASONS = ("persist_14d", "worse_twice", "pain8_twice")


def escalation_reply(texts: Texts, outcome: Outcome, emergency_number: str, about_other: bool = False) -> str:
    """The reply for an escalated outcome (EMERGENCY, URGENT or SEE_DOCTOR), phrased for someone else
    when the subscriber is writing about them."""
    if outcome.level == Level.SELF_CARE:
        raise ValueError("a self-care outcome is not an escalation")
    name = (OUTCOME_TEXT_OTHER if about_other else OUTCOME_TEXT)[outcome.level]
    if outcome.level == Level.EMERGENCY:
        return texts(name, emergency_number=emergency_number)
    if outcome.level == Level.URGENT:
        return texts(name)
    suffix = "_other" if about_other and PERSIST in outcome.rules else ""
    reasons = [texts(f"reason_{rule}{suffix if rule == PERSIST else ''}") for rule in REASONS if rule in outcome.rules]
    return texts(name, reasons=Html("\n".join(reasons)))


def self_care_advice(texts: Texts, report: CheckinReport) -> str:
    """The self-care advice that fits: cold early in an episode, warmth later, movement, stretches, water."""
    early = report.started_on is not None and (report.on - report.started_on).days < COLD_DAYS
    lines = [texts("outcome_self_care"), texts("advice_cold" if early else "advice_heat"),
             texts("advice_active"), texts("advice_stretch"), texts("advice_hydration")]
    return "\n".join(lines)


def outcome_reply(texts: Texts, outcome: Outcome, report: CheckinReport, emergency_number: str,
                  next_on: date | None, closed_episode: bool = False) -> str:
    """The whole reply at the end of a check-in: the outcome, then when the next check-in comes
    (or, when the pain is gone, that follow-ups stop)."""
    parts = []
    if outcome.level != Level.SELF_CARE:
        parts.append(escalation_reply(texts, outcome, emergency_number))
    if not report.pain_now:
        parts.append(texts("checkin_closed" if closed_episode else "checkin_nothing_open"))
    elif outcome.level == Level.SELF_CARE:
        parts.append(self_care_advice(texts, report))
    if report.pain_now and next_on is not None:
        parts.append(texts("checkin_next", when=f"{next_on:%A, %d %B}"))
    return "\n\n".join(parts)
