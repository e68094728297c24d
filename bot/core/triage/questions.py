"""The safety net's yes/no questions: what each one is about, what a Yes means, and reading a typed reply.

When a message touches a red flag that the certain tier did not settle (or gives a duration that
can't be worked out), the bot asks one targeted question about it. A topic is a sign id, or PERSIST
for "has this been going on for more than two weeks?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.triage.rules import PERSIST, SIGNS, Level, Outcome
from bot.core.triage.words import fold

TOPICS: tuple[str, ...] = (*SIGNS, PERSIST)
MAX_QUESTIONS = 2  # per message: the most urgent first, then (after a No) the next one

_YES = re.compile(r"(?:yes|yeah|yea|yep|yup|ya|yah|y|yess+|aye|sure|correct|true|right|affirmative|definitely"
                  r"|i do|i am|i have|it is|they do|they are|he does|she does|he is|she is|ja|si|oui)\b")
_NO = re.compile(r"(?:no|nope|nah|naw|n|not really|not at all|never|negative|i do not|i dont|i am not|i have not"
                 r"|i havent|it is not|it isnt|none|nein|non)\b")


@dataclass(frozen=True)
class Concern:
    """A red flag (or the two-week limit) a message touches without settling it: ask before anything else."""

    topic: str
    about_other: bool = False

    def __post_init__(self) -> None:
        if self.topic not in TOPICS:
            raise ValueError(f"unknown question topic {self.topic!r}")


def level_of(topic: str) -> Level:
    """The level a Yes to this topic's question leads to."""
    return SIGNS[topic] if topic in SIGNS else Level.SEE_DOCTOR


def confirmed(topic: str) -> Outcome:
    """The outcome of a Yes: that sign (or persistence) at its level."""
    return Outcome(level_of(topic), (f"sign:{topic}" if topic in SIGNS else PERSIST,))


def text_name(topic: str) -> str:
    """The name of the question's text in content/checkin.yaml."""
    return f"ask_{topic}"


def yes_no(text: str) -> bool | None:
    """A typed reply read as Yes (True) or No (False); None when it is neither, or too long to be just that."""
    plain = re.sub(r"[^a-z ]+", " ", fold(text)).split()
    if not plain or len(plain) > 6:
        return None
    phrase = " ".join(plain)
    if _NO.match(phrase):
        return False
    if _YES.match(phrase):
        return True
    return None
