"""Everyday words mapped onto the words the content uses (content/synonyms.yaml): chemist and drugstore
become pharmacy, Tylenol becomes paracetamol, "u" becomes "you". Applied to every typed message and to
the answer topics alike, so search and small talk read both in the same words."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from spellchecker import SpellChecker

WORD = re.compile(r"[a-z0-9]+")
APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`")


def plain(text: str) -> str:
    """Lower case with apostrophes dropped: "Don't" -> "dont"."""
    return text.lower().translate(APOSTROPHES)


def tokens(text: str) -> list[str]:
    """Every word of a text, lower case, apostrophes dropped, stopwords kept."""
    return WORD.findall(plain(text))


@cache
def english_words() -> frozenset[str]:
    """About 160,000 English words (pyspellchecker's dictionary), loaded once."""
    return frozenset(SpellChecker(language="en").word_frequency.dictionary)


def is_english(word: str) -> bool:
    """Whether a lower-case word is spelled as an English word ("place" is; "sholder" is not)."""
    return word in english_words()


class Synonyms:
    """Replaces each variant (a word or phrase) by its canonical term, whole words only."""

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
        self.canonical = {plain(variant).strip(): plain(term).strip()
                          for term, variants in groups.items() for variant in variants}
        ordered = sorted(self.canonical, key=len, reverse=True)  # "drug store" before "drug"
        alternatives = "|".join(re.escape(variant) for variant in ordered)
        self._pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])") if ordered else None

    def normalise(self, text: str) -> str:
        """The text in lower case with every variant replaced by its canonical term."""
        lowered = plain(text)
        if self._pattern is None:
            return lowered
        return self._pattern.sub(lambda match: self.canonical[match.group(0)], lowered)

    def __len__(self) -> int:
        return len(self.canonical)


@dataclass(frozen=True)
class Vocabulary:
    """The synonyms, the words that put a question about the back, and those that put it elsewhere."""

    synonyms: Synonyms
    back_words: tuple[str, ...]
    elsewhere_words: tuple[str, ...]
