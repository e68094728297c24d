"""Screening any typed message for red flags and for pain lasting past two weeks, in two tiers.

Certain tier: the sign's patterns (bot.core.triage.patterns) match, plainly reported, so the message is
escalated at once. Second tier: the message touches a sign's family of meaning (bot.core.triage.concepts),
or reports a certain sign as over, softened or asked about (bot.core.triage.context): the bot asks one
yes/no question about that sign before anything else. Negations ("no fever", "my legs are fine") cancel
only the sign they govern. EMERGENCY signs count whoever they are about ("my husband can't feel his
legs": emergency advice phrased for him); URGENT signs and durations count for someone else only when
the back pain is theirs too ("mum has osteoporosis and slipped, now her back hurts").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import product

from bot.core.triage.rules import PERSIST, SIGNS, Level, Outcome, outcome_of
from bot.core.triage.concepts import CERTAIN_EXTRA, CONCEPTS
from bot.core.triage.context import ASK, CERTAIN, INFO, frame, patient_is_other
from bot.core.triage.doc import Doc
from bot.core.triage.lexicon import Pattern
from bot.core.triage.patterns import PATTERNS
from bot.core.triage.durations import LONG, UNKNOWN, duration
from bot.core.triage.questions import MAX_QUESTIONS, Concern

Span = tuple[int, int]
CERTAIN_PATTERNS: tuple[Pattern, ...] = (*PATTERNS, *CERTAIN_EXTRA)
_PARTS = tuple({part for pattern in (*CERTAIN_PATTERNS, *CONCEPTS) for part in pattern.parts})
_ORDER = {sign: index for index, sign in enumerate(SIGNS)}


@dataclass(frozen=True)
class Screening:
    """What a message calls for: a certain outcome now, and the yes/no questions to ask first."""

    outcome: Outcome
    about_other: bool = False
    ask: tuple[Concern, ...] = ()
    informational: bool = False  # the message asks about a sign: answer it, as well as asking


@dataclass(frozen=True)
class _Hit:
    sign: str
    how: str          # CERTAIN, ASK or INFO
    other: bool       # about someone else


def screen(text: str, today: date | None = None) -> Screening:
    """Screen a typed message: the certain escalation (if any) and the questions to ask first."""
    doc = _doc(text)
    patient_other = patient_is_other(doc)
    certain: dict[str, _Hit] = {}
    asks: dict[str, _Hit] = {}
    for pattern in CERTAIN_PATTERNS:
        hit = _hit(doc, pattern, patient_other)
        if hit is None:
            continue
        if hit.how == CERTAIN:
            certain.setdefault(hit.sign, hit)
        else:
            asks.setdefault(hit.sign, hit)
    for pattern in CONCEPTS:
        if pattern.sign not in certain and pattern.sign not in asks:
            hit = _hit(doc, pattern, patient_other)
            if hit is not None:
                asks[hit.sign] = _Hit(hit.sign, INFO if hit.how == INFO else ASK, hit.other)
    rules = [f"sign:{sign}" for sign in certain]
    how_long = duration(doc, today, patient_other)
    if how_long == LONG:
        rules.append(PERSIST)
    outcome = outcome_of(rules)
    about_other = bool(certain) and all(hit.other for hit in certain.values()
                                        if SIGNS[hit.sign] == outcome.level)
    pending = sorted((hit for sign, hit in asks.items() if sign not in certain and SIGNS[sign] > outcome.level),
                     key=lambda hit: (-SIGNS[hit.sign], _ORDER[hit.sign]))
    concerns = [Concern(hit.sign, hit.other) for hit in pending]
    if how_long == UNKNOWN and outcome.level == Level.SELF_CARE:
        concerns.append(Concern(PERSIST, patient_other))
    return Screening(outcome, about_other, tuple(concerns[:MAX_QUESTIONS]),
                     informational=any(hit.how == INFO for hit in pending))


def screen_text(text: str, today: date | None = None) -> Outcome:
    """The certain outcome of a typed message (what is escalated without asking)."""
    return screen(text, today).outcome


def _doc(text: str) -> Doc:
    doc = Doc(text)
    doc.shield([span for part in _PARTS for span in doc.find(part)])
    return doc


def _hit(doc: Doc, pattern: Pattern, patient_other: bool) -> _Hit | None:
    """The first way this pattern holds in the message, framed (certain, ask, info), or None."""
    hits = [doc.find(part) for part in pattern.parts]
    if not all(hits):
        return None
    found: _Hit | None = None
    for combo in product(*hits):
        if not _holds(doc, pattern, combo):
            continue
        owners = {doc.owner(end - 1) for _, end in combo}
        if "pet" in owners:
            continue                      # "my dog can't walk on his back leg": not a person's red flag
        other = "other" in owners
        if other and pattern.own and not patient_other:
            continue
        how = frame(doc, pattern.sign, combo, _denied_elsewhere(doc, pattern, combo))
        if how is None:
            continue
        if how == CERTAIN:
            return _Hit(pattern.sign, how, other)
        found = found or _Hit(pattern.sign, how, other)
    return found


def _denied_elsewhere(doc: Doc, pattern: Pattern, combo: tuple[Span, ...]) -> bool:
    """Whether the message denies this sign somewhere else ("…chest pain? I've got no chest pain at all")."""
    return any(doc.is_negated(start, end) and (start, end) not in combo
               for part in pattern.parts for start, end in doc.find(part))


def _holds(doc: Doc, pattern: Pattern, combo: tuple[Span, ...]) -> bool:
    first = min(start for start, _ in combo)
    if not pattern.across:
        if len({doc.sentence[start] for start, _ in combo}) > 1:
            return False
        if max(start for start, _ in combo) - min(end for _, end in combo) > pattern.window:
            return False
    if any(doc.is_negated(start, end) or doc.hypothetical(start) for start, end in combo):
        return False
    if pattern.unless_before is not None:
        sentence_start, _ = doc.sentence_span(first)
        if pattern.unless_before.search(" ".join(doc.words[sentence_start:first])):
            return False
    return pattern.unless is None or not any(_cancelled(doc, pattern, span) for span in combo)


def _cancelled(doc: Doc, pattern: Pattern, span: Span) -> bool:
    assert pattern.unless is not None
    low, high = doc.sentence_span(span[0])
    if pattern.reach is not None:
        low, high = max(low, span[0] - pattern.reach), min(high, span[1] + pattern.reach)
    return any(low <= start and end <= high and not doc.negated[start]
               for start, end in doc.find(pattern.unless) if (start, end) != span)


def explain(text: str, today: date | None = None) -> str:
    """A one-line trace of how a message was read (tokens, negated words, the screening): for tests and tuning."""
    doc = _doc(text)
    marked = [f"~{word}" if doc.negated[i] else word for i, word in enumerate(doc.words)]
    screening = screen(text, today)
    asked = [f"{c.topic}{'(other)' if c.about_other else ''}" for c in screening.ask]
    return f"{' '.join(marked)} -> {screening.outcome.rules} ask {asked}{' info' if screening.informational else ''}"
