"""Small talk: telling a greeting, thanks, a goodbye or "are you a doctor?" from a question.

The words live in content/smalltalk.yaml. A message is small talk when it names a kind's cue and
every other word is a cue too, a filler ("you", "so", "much", "mate") or an emoji; one stray word in
four is forgiven, unless it is a word the answer topics use. So "thank you so much ❤️" is thanks, but
"thanks, is ice better?" is a question. Emoji are read by their Unicode names ("folded hands",
"thumbs up"), so an emoji nobody listed still counts when its name says what it means. When a message
names several kinds, the first in the file's order wins ("hi, what can you do?" is a request for help).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.core.conversation.vocabulary import Synonyms, tokens

KINDS = ("greeting", "thanks", "goodbye", "acknowledgement", "identity", "doctor", "help", "frustration")
HELP = "help"  # the kind answered with a menu of what to do next
MAX_WORDS = 14      # longer messages are never small talk
STRAY_SHARE = 4     # one word in this many may be neither cue nor filler
IGNORED_MARKS = ("VARIATION SELECTOR", "ZERO WIDTH", "EMOJI MODIFIER", "COMBINING ENCLOSING")


@dataclass(frozen=True)
class Kind:
    """One kind of small talk: the phrases that signal it, the emoji names, and what the bot replies."""

    name: str
    cues: tuple[tuple[str, ...], ...]
    emoji: tuple[str, ...]
    replies: tuple[str, ...]
    needs: tuple[tuple[str, ...], ...] = ()


def emoji_names(text: str) -> list[str]:
    """The lower-case Unicode names of the pictographs in a text (skin tones and joiners left out)."""
    names = []
    for char in text:
        if unicodedata.category(char) not in ("So", "Sk") or ord(char) < 0x2000:
            continue
        name = unicodedata.name(char, "")
        if name and not name.startswith(IGNORED_MARKS):
            names.append(name.lower())
    return names


def _positions(words: Sequence[str], phrase: tuple[str, ...]) -> set[int]:
    """Indexes of every word that is part of an occurrence of the phrase."""
    size, found = len(phrase), set[int]()
    for start in range(len(words) - size + 1):
        if tuple(words[start:start + size]) == phrase:
            found.update(range(start, start + size))
    return found


class SmallTalk:
    """Classifies a message as one kind of small talk, or None."""

    def __init__(self, kinds: Sequence[Kind], fillers: Iterable[str], synonyms: Synonyms) -> None:
        self.kinds = tuple(kinds)
        self.by_name = {kind.name: kind for kind in self.kinds}
        self.fillers = frozenset(fillers)
        self.synonyms = synonyms
        self.cue_words = frozenset(word for kind in self.kinds for cue in kind.cues for word in cue)

    def classify(self, text: str, is_topic_word: Callable[[str], bool] = lambda word: False) -> str | None:
        """The kind of small talk a message is, or None when it is (or may be) about something else."""
        words = tokens(self.synonyms.normalise(text))
        emoji = emoji_names(text)
        if len(words) > MAX_WORDS or not (words or emoji):
            return None
        covered: set[int] = set()
        named: list[str] = []
        for kind in self.kinds:
            cued = set().union(*(_positions(words, cue) for cue in kind.cues))
            needed = set().union(*(_positions(words, need) for need in kind.needs))
            if cued and (needed or not kind.needs):
                covered |= cued | needed
                named.append(kind.name)
            elif any(name_part in name for name in emoji for name_part in kind.emoji):
                named.append(kind.name)
        stray = [word for i, word in enumerate(words) if i not in covered and word not in self.fillers]
        if len(stray) > len(words) // STRAY_SHARE or any(is_topic_word(word) for word in stray):
            return None
        if named:
            return named[0]
        return "acknowledgement" if emoji and not words else None
