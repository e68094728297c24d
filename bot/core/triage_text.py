"""Screening any typed message for red flags (EMERGENCY/URGENT signs) and for pain lasting past two weeks.

A missed red flag is the worst failure, so doubt leans towards escalating: a question about a sign
("what does numbness in both legs mean?") counts as the sign, and an EMERGENCY sign counts whoever it
is about ("my husband can't feel his legs"). URGENT signs and the duration count only about the user
("my mum has osteoporosis", "my friend had cancer" don't). Negations ("no fever", "my legs are fine",
"never had cancer") cancel only the sign they govern.
"""

from __future__ import annotations

from datetime import date
from itertools import product

from bot.core.triage import PERSIST, Outcome, outcome_of
from bot.core.triage_doc import Doc
from bot.core.triage_lexicon import Pattern
from bot.core.triage_patterns import PATTERNS
from bot.core.triage_persist import persists

Span = tuple[int, int]
_PARTS = tuple({part for pattern in PATTERNS for part in pattern.parts})


def screen_text(text: str, today: date | None = None) -> Outcome:
    """Screen any free-text message for EMERGENCY/URGENT signs and for persistence past two weeks."""
    doc = Doc(text)
    doc.shield([span for part in _PARTS for span in doc.find(part)])
    rules = [f"sign:{sign}" for sign in found_signs(doc)]
    if persists(doc, today):
        rules.append(PERSIST)
    return outcome_of(rules)


def found_signs(doc: Doc) -> list[str]:
    """The sign ids the message shows, each once, in lexicon order."""
    signs: list[str] = []
    for pattern in PATTERNS:
        if pattern.sign not in signs and _fires(doc, pattern):
            signs.append(pattern.sign)
    return signs


def _fires(doc: Doc, pattern: Pattern) -> bool:
    hits = [doc.find(part) for part in pattern.parts]
    return all(hits) and any(_holds(doc, pattern, combo) for combo in product(*hits))


def _holds(doc: Doc, pattern: Pattern, combo: tuple[Span, ...]) -> bool:
    first = min(start for start, _ in combo)
    if not pattern.across:
        if len({doc.sentence[start] for start, _ in combo}) > 1:
            return False
        if max(start for start, _ in combo) - min(end for _, end in combo) > pattern.window:
            return False
    for start, end in combo:
        if doc.is_negated(start, end) or doc.hypothetical(start):
            return False
        if pattern.own and doc.owner(end - 1) == "other":
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
    """A one-line trace of how a message was read (tokens, negated words): for tests and tuning."""
    doc = Doc(text)
    doc.shield([span for part in _PARTS for span in doc.find(part)])
    marked = [f"~{word}" if doc.negated[i] else word for i, word in enumerate(doc.words)]
    return f"{' '.join(marked)} -> {screen_text(text, today).rules}"

