"""Scoring what the bot does with typed messages: questions, off-topic questions, small talk, statements of pain.

Used by bench/conversation.py; tests/test_conversation.py holds the tables to the same rules. A route is
what the bot does with one message (bot/core/conversation/route.py): answer one topic, offer a few
topics as buttons, refuse honestly, reply with small talk, or reply to a statement of pain with a
topic button. A question counts as right when its topic is the answer or among the topics offered;
as confidently wrong when another topic is the answer. An off-topic question must be refused, a
small-talk message must get small talk, a statement of pain must get the pain reply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.conversation.route import ANSWER, OFFER, PAIN, REFUSE, SMALL_TALK, Route

Router = Callable[[str], Route]


@dataclass
class Score:
    """Counts per section of a held-out file, and the failures worth reading."""

    questions: Counter = field(default_factory=Counter)
    off_topic: Counter = field(default_factory=Counter)
    everyday: Counter = field(default_factory=Counter)
    descriptions: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    def rate(self, section: str, *good: str) -> float:
        """Share of a section's messages whose verdict is one of `good`."""
        counts: Counter = getattr(self, section)
        total = sum(counts.values())
        return sum(counts[g] for g in good) / total if total else 1.0

    def summary(self) -> str:
        """One line per section with its rates."""
        q, o, e, d = self.questions, self.off_topic, self.everyday, self.descriptions
        return "\n".join([
            f"questions   {sum(q.values()):3}: right {self.rate('questions', 'answered', 'offered'):6.1%} "
            f"(answered {q['answered']}, offered {q['offered']}), confidently wrong "
            f"{self.rate('questions', 'wrong'):5.1%} ({q['wrong']}), offered without it {q['offered_wrong']}, "
            f"refused {q['refused']}, other {q['other']}",
            f"off-topic   {sum(o.values()):3}: refused {self.rate('off_topic', 'refused'):6.1%}; "
            f"answered {o['answered']}, offered {o['offered']}, other {o['other']}",
            f"small talk  {sum(e.values()):3}: small-talk reply {self.rate('everyday', 'kind', 'other_kind'):6.1%} "
            f"(right kind {e['kind']}), article {e['article']}, refusal {e['refused']}, other {e['other']}",
            f"pain stated {sum(d.values()):3}: description reply {self.rate('descriptions', 'described'):6.1%}; "
            f"article {d['article']}, refusal {d['refused']}, other {d['other']}",
        ])


def load(path: Path) -> dict:
    """A held-out conversation file: questions, off_topic, everyday, descriptions."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def question_verdict(routed: Route, topics: list[str]) -> str:
    """answered, offered, wrong (another topic answered), offered_wrong, refused or other."""
    if routed.kind == ANSWER:
        return "answered" if routed.topics[0] in topics else "wrong"
    if routed.kind in (OFFER, PAIN):
        return "offered" if set(routed.topics) & set(topics) else "offered_wrong"
    return "refused" if routed.kind == REFUSE else "other"


def score(cases: dict, route: Router) -> Score:
    """Route every message of a held-out file and count the verdicts."""
    result = Score()
    for case in cases.get("questions", ()):
        routed = route(case["text"])
        found = question_verdict(routed, case["topics"])
        result.questions[found] += 1
        if found not in ("answered", "offered"):
            result.failures.append(("question", case["text"], f"{found}: {routed.kind} {routed.topics} want {case['topics']}"))
    for entry in cases.get("off_topic", ()):
        text = entry["text"] if isinstance(entry, dict) else entry
        routed = route(text)
        found = {REFUSE: "refused", ANSWER: "answered", OFFER: "offered"}.get(routed.kind, "other")
        result.off_topic[found] += 1
        if found != "refused":
            result.failures.append(("off_topic", text, f"{routed.kind} {routed.topics}"))
    for case in cases.get("everyday", ()):
        routed = route(case["text"])
        if routed.kind == SMALL_TALK:
            found = "kind" if routed.small_talk == case["kind"] else "other_kind"
        else:
            found = {ANSWER: "article", OFFER: "article", REFUSE: "refused"}.get(routed.kind, "other")
        result.everyday[found] += 1
        if found != "kind":
            result.failures.append(("everyday", case["text"], f"{found}: {routed.kind} {routed.small_talk} want {case['kind']}"))
    for entry in cases.get("descriptions", ()):
        text = entry["text"] if isinstance(entry, dict) else entry
        routed = route(text)
        found = {PAIN: "described", ANSWER: "article", OFFER: "article", REFUSE: "refused"}.get(routed.kind, "other")
        result.descriptions[found] += 1
        if found != "described":
            result.failures.append(("description", text, f"{routed.kind} {routed.topics}"))
    return result
