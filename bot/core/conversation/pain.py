"""Statements of pain: "my back is killing me today" tells the bot how someone is, it asks nothing.

A message is a statement of pain when it names pain (a word whose stem is in content/smalltalk.yaml's
pain words: "hurts", "aching", "seized", "killing") and the back, a muscle or the writer ("it hurts when
I bend"), names no other part of the body instead ("my knee hurts"), and it is not a question:
no question mark, no question word at its start, no request ("any tips", "what should i do") inside.
Words are compared by their Snowball stems, so "aching", "aches" and "ached" are one word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import Stemmer

from bot.core.conversation.vocabulary import Synonyms, tokens

MAX_WORDS = 60  # a longer message is a story with a question in it more often than not
# clauses: after punctuation, or after "so" and "but" ("im 41 and fit so what makes it happen")
CLAUSE = re.compile(r"[,.;:!]+|\b(?:so|but)\b")
WH_WORDS = frozenset({"what", "how", "why", "where", "which", "who"})  # not "when": "it hurts when I bend"


@dataclass(frozen=True)
class PainWords:
    """The words that make a message a statement of pain, and those that make it a question."""

    pain: tuple[str, ...]
    body: tuple[str, ...]
    question_starts: tuple[str, ...]
    requests: tuple[tuple[str, ...], ...]
    back: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i:i + size]) == phrase for i in range(len(words) - size + 1))


class PainStatements:
    """Tells a statement of pain from a question."""

    def __init__(self, words: PainWords, synonyms: Synonyms) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._pain = frozenset(self._stemmer.stemWords(list(words.pain)))
        self._body = frozenset(self._stemmer.stemWords(list(words.body)))
        self._back = frozenset(self._stemmer.stemWords(list(words.back)))
        self._elsewhere = frozenset(self._stemmer.stemWords(list(words.elsewhere)))
        self._starts = frozenset(words.question_starts)
        self._requests = words.requests
        self._synonyms = synonyms

    def is_question(self, text: str) -> bool:
        """Whether a message asks something: a question mark, a question word first, a clause opening
        with what/how/why/where/which/who ("..., so what makes it happen"), or a request inside."""
        normalised = self._synonyms.normalise(text)
        words = tokens(normalised)
        if "?" in text or (words and words[0] in self._starts):
            return True
        clauses = (tokens(clause) for clause in CLAUSE.split(normalised))
        if any(clause and clause[0] in WH_WORDS for clause in clauses):
            return True
        return any(_contains(words, request) for request in self._requests)

    def names_the_back_or_pain(self, text: str, except_words: frozenset[str] = frozenset()) -> bool:
        """Whether a message names the back or pain ("my bak just spasmed"), words left out."""
        words = [word for word in tokens(self._synonyms.normalise(text)) if word not in except_words]
        return bool(set(self._stemmer.stemWords(words)) & (self._back | self._pain))

    def is_statement(self, text: str) -> bool:
        """Whether a message tells of pain in the back or a muscle without asking anything."""
        words = tokens(self._synonyms.normalise(text))
        if not words or len(words) > MAX_WORDS or self.is_question(text):
            return False
        stems = set(self._stemmer.stemWords(words))
        if stems & self._elsewhere and not stems & self._back:  # "my knee hurts" is not about the back
            return False
        return bool(stems & self._pain) and bool(stems & self._body)
