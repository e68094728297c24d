"""The route a typed message takes: small talk, a statement of pain, or a question in one of three bands.

Checked in that order: "thanks!" is never searched, "my back is killing me today" is met with a kind
word, a topic to read and a check-in offer rather than whichever article shares a word with it, and
a question gets the answer (high band), a choice of topics (middle) or an honest "I don't know" (low).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content.loader import Content
from bot.core.content.search import HIGH, MIDDLE, SearchResult

SMALL_TALK, PAIN, ANSWER, OFFER, REFUSE = "small_talk", "pain", "answer", "offer", "refuse"


@dataclass(frozen=True)
class Route:
    """What the bot does with one typed message, and why."""

    kind: str
    topics: tuple[str, ...] = ()
    small_talk: str | None = None
    search: SearchResult | None = None

    @property
    def reason(self) -> str:
        """One line on why the message took this route."""
        if self.kind == SMALL_TALK:
            return f"small talk: {self.small_talk}"
        if self.kind == PAIN:
            return "a statement of pain, not a question"
        assert self.search is not None
        return f"{self.search.band} band: {self.search.reason}"


def route(text: str, content: Content) -> Route:
    """Decide what to do with a typed message (the safety screening has already run)."""
    conversation = content.conversation
    # a message that names the back or pain is never small talk ("my back just went, ok what now"),
    # whatever cue it holds; small talk's own words ("ugh", "terrible") do not count
    if not conversation.pain.names_the_back_or_pain(text, conversation.smalltalk.cue_words):
        kind = conversation.smalltalk.classify(text, content.search.is_topic_word)
        if kind is not None:
            return Route(SMALL_TALK, small_talk=kind)
    result = content.search.search(text)
    if conversation.pain.is_statement(text):
        best = result.answer_id or next(iter(result.offered), None) or conversation.pain_topic
        return Route(PAIN, (best,), search=result)
    if result.band == HIGH and result.answer_id is not None:
        return Route(ANSWER, (result.answer_id,), search=result)
    if result.band == MIDDLE:
        return Route(OFFER, result.offered, search=result)
    return Route(REFUSE, search=result)
