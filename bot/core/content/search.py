"""Finding the answer topic for a subscriber's question, or deciding honestly that there is none.

Ranking is BM25 (the bm25s library) over each topic's title, keywords and example questions, with
Snowball stemming (PyStemmer), so "stretches", "stretching" and "stretched" meet. A word the index
does not know is corrected to the nearest indexed word within one or two edits (rapidfuzz), so
"posure" and "sholder" still match. A question is answered only when its best score is high enough AND
it is about the back: either it names the domain (back, spine, spasm, muscle...), or nearly all of
its words are vocabulary the topics cover ("ice or heat?"). "How long do flu symptoms last" shares
words with a topic, but "flu" is unknown and nothing names the back, so the bot says it has no
answer rather than guessing; a long story about a back spasm is answered however much else it says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import bm25s
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.content.models import Answer

WORD = re.compile(r"[a-z]+")
# Question words stay: "why" points to causes, "how long" to duration, "when" to seeing a doctor.
STOPWORDS = (frozenset(STOPWORDS_EN_PLUS) - {"why", "how", "when", "what"}) | {
    "hi", "hello", "hey", "please", "thanks", "thank", "ok", "okay", "really", "also", "anyone",
    "tell", "question", "im", "ive", "dont", "cant", "doesnt", "isnt", "wont", "whats", "would",
    "could", "get", "got", "getting", "lot", "bit", "thing", "things", "way", "since", "know", "like",
}
# Words that put a question in the bot's domain, whatever else it mentions.
DOMAIN_WORDS = ("back", "backache", "backs", "spine", "spinal", "lumbar", "spasm", "spasms", "spasming",
                "cramp", "cramping", "muscle", "muscles", "muscular", "sciatica", "sciatic", "vertebra",
                "vertebrae", "disc", "posture", "slouch", "slouching", "ergonomic", "ergonomics")
# Body parts outside the bot's domain: "I twisted my knee" is not a back question, unless the topic
# found talks about that body part itself ("a pillow between your knees"). Legs are not listed:
# pain or numbness in the legs is part of back care (and of its red flags).
OTHER_BODY_PARTS = ("knee", "knees", "ankle", "ankles", "foot", "feet", "toe", "toes", "wrist", "wrists",
                    "elbow", "elbows", "hand", "hands", "finger", "fingers", "head", "headache", "tooth",
                    "teeth", "toothache", "throat", "ear", "ears", "eye", "eyes", "skin", "nose", "chest")
MIN_SCORE = 0.45         # BM25 score the best topic must reach
MIN_DOMAIN_SCORE = 0.25  # the same when the question names the domain (its words are in every topic)
MIN_COVERAGE = 0.85      # without a domain word: share of the question's weight (by IDF) the index knows
TITLE_WEIGHT, KEYWORD_WEIGHT, QUESTION_WEIGHT = 3, 2, 3  # field weights, applied by repetition
MAX_CORRECTIONS = 4096


@dataclass(frozen=True)
class Candidate:
    """A topic and its BM25 score for one question."""

    answer_id: str
    title: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    """The outcome of one search: the confident answer (or None), the top candidates and why."""

    answer_id: str | None
    candidates: tuple[Candidate, ...]
    coverage: float
    known_words: tuple[str, ...] = ()
    unknown_words: tuple[str, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)


def words(text: str) -> list[str]:
    """Lower-case words of a text, apostrophes dropped ("don't" -> "dont"), stopwords removed."""
    return [w for w in WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))
            if w not in STOPWORDS and len(w) > 1]


def max_edits(word: str) -> int:
    """How many typing mistakes a word of this length may carry and still be corrected."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


class AnswerIndex:
    """A search index over answer topics, built once when content loads."""

    def __init__(self, answers: Iterable[Answer]) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        answers = list(answers)
        self.ids = [answer.id for answer in answers]
        self.titles = {answer.id: answer.title for answer in answers}
        documents, surface = [], set()
        for answer in answers:
            text_words = (words(answer.title) * TITLE_WEIGHT
                          + [w for k in answer.keywords for w in words(k)] * KEYWORD_WEIGHT
                          + [w for q in answer.questions for w in words(q)] * QUESTION_WEIGHT
                          + words(answer.answer))
            surface.update(text_words)
            documents.append(self._stemmer.stemWords(text_words))
        self._topic_stems = {answer_id: set(document) for answer_id, document in zip(self.ids, documents)}
        self._vocabulary = {stem for document in documents for stem in document}
        # stems are correction targets too: "sholder" is one edit from the stem of "shoulders"
        # (long ones only: short stems invite false corrections such as "bread" -> "break")
        self._surface = sorted(surface | {stem for stem in self._vocabulary if len(stem) >= 6})
        frequency = {stem: sum(stem in set(d) for d in documents) for stem in self._vocabulary}
        count = len(documents)
        self._idf = {stem: math.log(1 + (count - df + 0.5) / (df + 0.5)) for stem, df in frequency.items()}
        self._unknown_weight = max(self._idf.values(), default=1.0)
        self._domain = set(self._stemmer.stemWords(list(DOMAIN_WORDS)))
        self._elsewhere = set(self._stemmer.stemWords(list(OTHER_BODY_PARTS)))
        self._bm25 = bm25s.BM25()
        self._bm25.index(documents, show_progress=False)
        self._corrections: dict[str, str | None] = {}

    def _correct(self, word: str) -> str | None:
        """The indexed word nearest to an unknown word, within its allowed edits; cached."""
        if word in self._corrections:
            return self._corrections[word]
        limit = max_edits(word)
        best = None
        if limit:
            # typos rarely change the first letter; keeping it also stops "weather" becoming "water"
            same_start = [w for w in self._surface if w[0] == word[0]]
            found = process.extractOne(word, same_start, scorer=OSA.distance, score_cutoff=limit)
            best = found[0] if found else None
        if len(self._corrections) < MAX_CORRECTIONS:
            self._corrections[word] = best
        return best

    def search(self, question: str, top: int = 3) -> SearchResult:
        """Rank topics for a question; answer_id is set only when the match is confident."""
        known, unknown, unknown_stems, corrections = [], [], [], {}
        for word in words(question):
            stem = self._stemmer.stemWord(word)
            if stem not in self._vocabulary:
                corrected = self._correct(word)
                if corrected is None:
                    unknown.append(word)
                    unknown_stems.append(stem)
                    continue
                corrections[word] = corrected
                stem = corrected if corrected in self._vocabulary else self._stemmer.stemWord(corrected)
            known.append(stem)
        if not known:
            return SearchResult(None, (), 0.0, (), tuple(unknown), corrections)
        scores = self._bm25.get_scores(known)
        order = sorted(range(len(self.ids)), key=lambda i: -scores[i])[:top]
        candidates = tuple(Candidate(self.ids[i], self.titles[self.ids[i]], float(scores[i])) for i in order)
        known_weight = sum(self._idf[stem] for stem in known)
        coverage = known_weight / (known_weight + self._unknown_weight * len(unknown))
        if any(stem in self._domain for stem in known):
            confident = candidates[0].score >= MIN_DOMAIN_SCORE
        else:
            topic_stems = self._topic_stems[candidates[0].answer_id]
            elsewhere = any(stem in self._elsewhere and stem not in topic_stems for stem in known + unknown_stems)
            confident = candidates[0].score >= MIN_SCORE and coverage >= MIN_COVERAGE and not elsewhere
        return SearchResult(candidates[0].answer_id if confident else None, candidates, coverage,
                            tuple(known), tuple(unknown), corrections)
