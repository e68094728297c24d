"""content/synonyms.yaml and content/smalltalk.yaml: their shape, their checks, and what is built from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.core.content.yaml_source import Problem, YamlDocument
from bot.core.conversation.pain import PainStatements, PainWords
from bot.core.conversation.smalltalk import KINDS, Kind, SmallTalk
from bot.core.conversation.vocabulary import Synonyms, Vocabulary, plain, tokens

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Reply = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
TIMES_OF_DAY = ("morning", "afternoon", "evening", "night")
# placeholders a small-talk or pain reply may use
REPLY_PLACEHOLDERS = frozenset({"first_name", "greeting"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SynonymsFile(_Strict):
    """content/synonyms.yaml: each term the content uses, and the everyday words that mean it."""

    synonyms: dict[Phrase, list[Phrase]] = Field(min_length=1)
    spellings: dict[Phrase, list[Phrase]] = {}
    idioms: dict[Phrase, list[Phrase]] = {}
    back_words: list[Phrase] = Field(min_length=1)
    elsewhere_words: list[Phrase] = []


class SmallTalkKind(_Strict):
    """One kind of small talk in content/smalltalk.yaml."""

    cues: list[Phrase] = Field(min_length=1)
    needs: list[Phrase] = []
    emoji: list[Phrase] = []
    replies: list[Reply] = Field(min_length=1)


class PainSection(_Strict):
    """What makes a message a statement of pain, and the replies to one."""

    words: list[Phrase] = Field(min_length=1)
    body: list[Phrase] = Field(min_length=1)
    question_starts: list[Phrase] = Field(min_length=1)
    requests: list[Phrase] = []
    replies: list[Reply] = Field(min_length=1)
    topic: ItemId


class SmallTalkFile(_Strict):
    """content/smalltalk.yaml."""

    fillers: list[Phrase] = []
    times_of_day: dict[str, Phrase]
    contact_line: Reply
    kinds: dict[str, SmallTalkKind]
    pain: PainSection


def synonym_problems(parsed: SynonymsFile, document: YamlDocument) -> list[Problem]:
    """A word listed under two terms, or as a variant of itself, or an entry of one-word lists with
    several words, is refused."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    groups = [("synonyms", parsed.synonyms), ("spellings", parsed.spellings), ("idioms", parsed.idioms)]
    for section, term, variants in ((section, term, variants) for section, group in groups
                                    for term, variants in group.items()):
        for index, variant in enumerate(variants):
            key = plain(variant).strip()
            where = (section, term, index)
            if key == plain(term).strip():
                problems.append(document.problem(where, f"'{variant}' is the term itself"))
            elif key in owner and owner[key] != term:
                problems.append(document.problem(where, f"'{variant}' is listed under both '{owner[key]}' and '{term}'"))
            owner.setdefault(key, term)
    for section in ("back_words", "elsewhere_words"):
        for index, word in enumerate(getattr(parsed, section)):
            if len(tokens(word)) != 1:
                problems.append(document.problem((section, index), f"'{word}' must be one word (name a phrase as "
                                                                   "one word under `synonyms`)"))
    return problems


def smalltalk_problems(parsed: SmallTalkFile, document: YamlDocument, topics: set[str]) -> list[Problem]:
    """Every kind present once, the four times of day, and a pain topic that exists."""
    problems = [document.problem(("kinds",), f"missing kind '{name}'") for name in KINDS if name not in parsed.kinds]
    problems += [document.problem(("kinds", name), f"unknown kind '{name}' (the kinds are {', '.join(KINDS)})")
                 for name in parsed.kinds if name not in KINDS]
    problems += [document.problem(("times_of_day",), f"missing time of day '{name}'")
                 for name in TIMES_OF_DAY if name not in parsed.times_of_day]
    if topics and parsed.pain.topic not in topics:
        problems.append(document.problem(("pain", "topic"), f"pain topic '{parsed.pain.topic}' is not an answer topic"))
    return problems


@dataclass(frozen=True)
class Conversation:
    """How typed messages are read, and the friendly replies: built from synonyms.yaml and smalltalk.yaml."""

    vocabulary: Vocabulary
    smalltalk: SmallTalk
    pain: PainStatements
    pain_replies: tuple[str, ...]
    pain_topic: str
    times_of_day: dict[str, str]
    contact_line: str


def build_conversation(synonyms_file: SynonymsFile | None, smalltalk_file: SmallTalkFile) -> Conversation:
    """Everything the two files describe, ready to read messages with."""
    synonyms = Synonyms({**synonyms_file.synonyms, **synonyms_file.spellings, **synonyms_file.idioms}
                        if synonyms_file else {})
    vocabulary = Vocabulary(synonyms, tuple(plain(w) for w in synonyms_file.back_words) if synonyms_file else (),
                            tuple(plain(w) for w in synonyms_file.elsewhere_words) if synonyms_file else ())
    return Conversation(vocabulary, build_smalltalk(smalltalk_file, synonyms), build_pain(smalltalk_file, vocabulary),
                        tuple(smalltalk_file.pain.replies), smalltalk_file.pain.topic,
                        dict(smalltalk_file.times_of_day), smalltalk_file.contact_line)


def _phrases(lines: list[str], synonyms: Synonyms) -> tuple[tuple[str, ...], ...]:
    """Phrases read the way messages are: synonyms applied, split into words."""
    return tuple(tuple(words) for line in lines if (words := tokens(synonyms.normalise(line))))


def build_smalltalk(parsed: SmallTalkFile, synonyms: Synonyms) -> SmallTalk:
    """The small-talk classifier a parsed file describes, kinds in the file's order."""
    kinds = [Kind(name, _phrases(kind.cues, synonyms), tuple(e.lower() for e in kind.emoji), tuple(kind.replies),
                  _phrases(kind.needs, synonyms)) for name, kind in parsed.kinds.items()]
    fillers = {word for line in parsed.fillers for word in tokens(synonyms.normalise(line))}
    return SmallTalk(kinds, fillers, synonyms)


def build_pain(parsed: SmallTalkFile, vocabulary: Vocabulary) -> PainStatements:
    """The pain-statement reader a parsed file describes."""
    section, synonyms = parsed.pain, vocabulary.synonyms
    words = PainWords(tuple(plain(w) for w in section.words), tuple(plain(w) for w in section.body),
                      tuple(plain(w) for w in section.question_starts), _phrases(section.requests, synonyms),
                      vocabulary.back_words, vocabulary.elsewhere_words)
    return PainStatements(words, synonyms)
