"""Finding the answer topic for a subscriber's question, or deciding honestly how sure the bot is.

Ranking is BM25 (the bm25s library) over each topic's title, keywords and example questions, with
Snowball stemming (PyStemmer), so "stretches", "stretching" and "stretched" meet. Everyday words are first
read as the content's (content/synonyms.yaml: chemist -> pharmacy, Tylenol -> paracetamol). A word the
index does not know is corrected to the nearest indexed word within one or two edits (rapidfuzz).

Every search lands in one of three bands:
- high: the best topic clearly beats the next (by RATIO) on real evidence (words the topic holds
  beyond the back itself): the bot answers;
- middle: there is evidence, but not enough to be sure: the bot offers the best two or three topics;
- low: the bot says honestly that it has no answer.
A question is in scope only when it names the back (synonyms.yaml `back_words`) or nearly all of its
words are ones the topics use ("ice or heat?"), and never when it names something else the bot does
not cover (`elsewhere_words`: "I twisted my knee") that the best topic does not mention itself.
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
from bot.core.conversation.vocabulary import Vocabulary, english_words, is_english, tokens

WORD = re.compile(r"[a-z]+")
# Question words stay: "why" points to causes, "how long" to duration, "when" to seeing a doctor.
STOPWORDS = (frozenset(STOPWORDS_EN_PLUS) - {"why", "how", "when", "what"}) | {
    "hi", "hello", "hey", "please", "thanks", "thank", "ok", "okay", "really", "also", "anyone",
    "tell", "question", "im", "ive", "dont", "cant", "doesnt", "isnt", "wont", "whats", "would",
    "could", "get", "got", "getting", "lot", "bit", "thing", "things", "way", "since", "know", "like",
}
# Bands (measured on tests/search_cases.yaml and tests/conversation_table.yaml, never on a sealed set)
HIGH_SCORE = 2.0       # BM25 score the best topic needs for a confident answer
RATIO = 1.5            # ... and how many times the second topic's score it must reach
MIN_EVIDENCE = 1.0     # IDF weight of the words the best topic holds beyond the back itself
OFFER_SCORE = 0.5      # a lower best score than this is no evidence at all
NAMED_BACK_SCORE = 0.2  # ... unless the question names the back: then even this is worth a choice
OFFER_SHARE = 0.5      # topics offered beside the best must score at least this share of it
OFFERED = 3            # at most this many topics offered
TOPIC_WORD_SHARE = 0.25  # a word used by at most this share of topics tells a question from small talk
UNKNOWN = 0.7          # an unknown word weighs this share of the rarest known word
MIN_COVERAGE = 0.85    # without a back word: share of the question's weight (by IDF) the index knows
OFFER_COVERAGE = 0.7   # the same, for offering a choice rather than answering
TITLE_WEIGHT, KEYWORD_WEIGHT, QUESTION_WEIGHT = 3, 2, 3  # field weights, applied by repetition
MAX_CORRECTIONS = 4096
# question words steer the ranking ("how long" -> duration) but are no evidence of a topic
QUESTION_STEMS = frozenset({"what", "how", "whi", "when", "which", "who", "where"})


# Words around "back" that make it the body part: "my back", "lower back", "back pain", "back went".
BACK_BEFORE = frozenset("my your his her their our the a lower upper mid middle sore bad stiff tight painful dodgy "
                        "whole for on in of with hurt hurts injured pulled strained twisted tweaked put threw done "
                        "wrecked ruined aching achy weak".split())
BACK_AFTER = frozenset("pain pains ache aches aching spasm spasms spasming muscle muscles is was has hurts hurting "
                       "went gone locked seized problem problems injury brace support belt stretch stretches "
                       "exercises exercise keeps feels gave stiffness".split())


def back_is_the_body(text: str) -> bool:
    """Whether "back" in a (normalised) text reads as the body part rather than "go back" or "back up"."""
    found = tokens(text)
    return any(word == "back" and ((i > 0 and found[i - 1] in BACK_BEFORE) or i == 0
                                   or (i + 1 < len(found) and found[i + 1] in BACK_AFTER))
               for i, word in enumerate(found))


@dataclass(frozen=True)
class Candidate:
    """A topic and its BM25 score for one question."""

    answer_id: str
    title: str
    score: float


HIGH, MIDDLE, LOW = "high", "middle", "low"


@dataclass(frozen=True)
class SearchResult:
    """The outcome of one search: its band, the answer (high) or topics to offer (middle), and why."""

    band: str
    reason: str
    candidates: tuple[Candidate, ...]
    coverage: float
    offered: tuple[str, ...] = ()
    known_words: tuple[str, ...] = ()
    unknown_words: tuple[str, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()

    def reaches(self, topic: str) -> bool:
        """Whether the subscriber gets to this topic: as the answer, or among the topics offered."""
        return self.answer_id == topic or topic in self.offered

    @property
    def answer_id(self) -> str | None:
        """The topic to answer with, when the bot is sure (the high band)."""
        return self.candidates[0].answer_id if self.band == HIGH else None


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

    def __init__(self, answers: Iterable[Answer], vocabulary: Vocabulary) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._synonyms = vocabulary.synonyms
        words = self._words
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
        # words few topics use: "magnesium" makes a message a question, "good" does not
        self._distinctive = {stem for stem, df in frequency.items() if df <= max(1, count * TOPIC_WORD_SHARE)}
        self._idf = {stem: math.log(1 + (count - df + 0.5) / (df + 0.5)) for stem, df in frequency.items()}
        self._unknown_weight = max(self._idf.values(), default=1.0)
        self._domain = set(self._stemmer.stemWords(list(vocabulary.back_words)))
        self._elsewhere = set(self._stemmer.stemWords(list(vocabulary.elsewhere_words)))
        english_words()  # loaded now, with the content, not on the first question (150 ms)
        self._bm25 = bm25s.BM25()
        self._bm25.index(documents, show_progress=False)
        self._corrections: dict[str, str | None] = {}

    def is_topic_word(self, word: str) -> bool:
        """Whether a word (or its typo-corrected form) is one that only a few topics use."""
        for candidate in self._words(word):
            stem = self._stemmer.stemWord(candidate)
            if stem not in self._vocabulary:
                corrected = self._correct(candidate)
                stem = self._stemmer.stemWord(corrected) if corrected else stem
            if stem in self._distinctive:
                return True
        return False

    def _words(self, text: str) -> list[str]:
        """The text's words with everyday terms read as the content's (synonyms.yaml)."""
        return words(self._synonyms.normalise(text))

    def _correct(self, word: str) -> str | None:
        """The indexed word nearest to an unknown word, within its allowed edits; cached."""
        if word in self._corrections:
            return self._corrections[word]
        limit = max_edits(word)
        best = None
        if limit and not is_english(word):  # "place" is a word of its own, not a typo of "pace"
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
        for word in self._words(question):
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
            return SearchResult(LOW, "no word the topics use", (), 0.0, (), (), tuple(unknown), corrections)
        scores = self._bm25.get_scores(known)
        order = sorted(range(len(self.ids)), key=lambda i: -scores[i])[:top]
        candidates = tuple(Candidate(self.ids[i], self.titles[self.ids[i]], float(scores[i])) for i in order)
        known_weight = sum(self._idf[stem] for stem in known)
        coverage = known_weight / (known_weight + self._unknown_weight * UNKNOWN * len(unknown))
        best = candidates[0]
        topic_stems = self._topic_stems[best.answer_id]
        evidence = tuple(sorted({stem for stem in known if stem in topic_stems
                                 and stem not in self._domain and stem not in QUESTION_STEMS}))

        def found(band: str, reason: str, offered: tuple[str, ...] = ()) -> SearchResult:
            return SearchResult(band, reason, candidates, coverage, offered, tuple(known), tuple(unknown),
                                corrections, evidence)

        named = {stem for stem in known if stem in self._domain}
        # "back" alone names the back only where it reads as the body part: not "reversing back into a space"
        named_back = bool(named - {"back"}) or ("back" in named and back_is_the_body(self._synonyms.normalise(question)))
        if not named_back and coverage < OFFER_COVERAGE:
            return found(LOW, f"does not name the back and only {coverage:.0%} of it is words the topics use")
        weight = sum(self._idf[stem] for stem in evidence)
        against = (sum(self._idf[stem] for stem in set(known) - topic_stems - self._domain - QUESTION_STEMS)
                   + self._unknown_weight * UNKNOWN * len(unknown))
        second = candidates[1].score if len(candidates) > 1 else 0.0
        ratio = best.score / second if second > 0 else math.inf
        sure_of_scope = named_back or coverage >= MIN_COVERAGE
        elsewhere = sorted({stem for stem in known + unknown_stems if stem in self._elsewhere})
        # a topic that talks about that body part itself ("a pillow between your knees") may still answer
        if not named_back and any(stem not in topic_stems for stem in elsewhere):
            return found(LOW, f"about something else ({', '.join(elsewhere)}), not the back")
        if best.score >= HIGH_SCORE and ratio >= RATIO and weight >= MIN_EVIDENCE and sure_of_scope:
            return found(HIGH, f"score {best.score:.2f}, {ratio:.1f}x the next, evidence {weight:.1f}")
        if elsewhere and not named_back:
            return found(LOW, f"about something else ({', '.join(elsewhere)}) and no topic is sure")
        # not naming the back, a choice needs more evidence for the best topic than against it (words the
        # best topic lacks, and words no topic uses): "who won the match last night" shares "last" with one
        # topic, "match" and "night" with others; "loosen a stiff bike chain" has "chain"
        if len({stem for stem in known if stem in self._domain} - {"back"}) and best.score >= NAMED_BACK_SCORE:
            pass  # a spasm, the spine...: even a weak match is worth offering ("back" alone may be "money back")
        elif best.score < OFFER_SCORE or not evidence or not (named_back or weight > against):
            return found(LOW, f"too little in common with any topic (score {best.score:.2f}, "
                              f"evidence {', '.join(evidence) or 'none'})")
        offered = tuple(c.answer_id for c in candidates if c.score >= best.score * OFFER_SHARE)[:OFFERED]
        why = (f"score {best.score:.2f} only {ratio:.1f}x the next" if ratio < RATIO
               else f"score {best.score:.2f}, evidence {weight:.1f}" if sure_of_scope
               else f"does not name the back and {coverage:.0%} of it is words the topics use")
        return found(MIDDLE, why, offered)
