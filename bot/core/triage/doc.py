"""A tokenised message with what the red-flag screening needs to know about each word.

Which sentence it is in, whether a negation governs it ("no numbness", "my legs are fine",
"Fever? No."), and whom it is about (the user, or "my mum", "a friend"). A negation reaches forward
to the end of its clause only: "no fever but I can't feel my legs" keeps the legs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property

from bot.core.triage.lexicon import compile_words
from bot.core.triage.words import tokens

SENTENCE_ENDS = frozenset(".!?;")
CLAUSE_MARKS = SENTENCE_ENDS | {",", ":", "-"}
CONTRAST = frozenset("""but however although though except apart aside yet whereas while still only just instead
rather actually since which who because cause so then aber pero sino mais sondern doch pourtant sauf""".split())
STARTERS = frozenset("i im my it its he she they we both now then also suddenly today yesterday tonight recently"
                     " lately ich yo je".split())
PREPOSITIONS = frozenset("in on of to from with about down around between over under at for into across near"
                         " through inside".split())
CUES = frozenset("""no not never none nor neither without nothing nobody zero non kein keine keinen keiner keines
nicht nie niemals ohne sin nunca ni tampoco pas sans jamais aucun aucune rien""".split())
ANSWERS = frozenset("no nope none nah negative nein non nada not".split())
KIN = frozenset("""mum mom mother mam mummy mommy dad father daddy friend friends wife husband partner brother sister
son daughter grandma grandmother granny gran nan nana grandad granddad grandpa grandfather aunt auntie uncle cousin
colleague coworker boss neighbour neighbor girlfriend boyfriend kid kids child children family parents parent
grandparents fiance fiancee mate flatmate roommate bf gf hubby he she him his her hers someone somebody sibling niece
nephew stepmom stepmother stepdad stepfather papa madre padre mutter vater mere pere amigo amiga freund freundin
ami amie guy bloke character vet baby toddler bairn youngest eldest""".split())
PRONOUNS = frozenset("he she his her him hers".split())
PETS = frozenset("""dog dogs cat cats puppy pup kitten lab labrador pet pets terrier spaniel collie mare horse pony foal
gelding stallion cow ewe lamb goat pig hen""".split())
SELF = frozenset("i im me my myself mine we us our ourselves ich mich mir mein meine yo mi mis je moi mon ma"
                 " mes".split())

PSEUDO = compile_words(r"no (?:idea|clue|wonder|matter|doubt|joke|kidding|way)|not (?:sure|certain|only|just|long"
                       r" ago|to mention|even sure)|(?:do|does|did) not (?:know|understand|care|get why|remember)"
                       r"|non stop|nothing but|never mind|cannot (?:tell|say|explain|understand|remember)")
CUE_PHRASE = compile_words(r"(?:(?:do|does|did) not (?:think|believe|reckon|suppose|feel like)|doubt)(?: (?:that"
                           r"|if|whether))?(?: (?:i|it|there|its|this|im))?(?: (?:am|is|are|have|has|s|got|had))?"
                           r"|ruled out|rule out|excluded|free of|clear of|absence of|negative for")
POST_CUE = compile_words(r"fine|ok|okay|normal|normally|alright|all right|good|unaffected|not affected|as usual"
                         r"|like normal|no problems?|no issues?|not an issue|not a problem|nothing wrong|negative"
                         r"|ruled out")
ANSWER = re.compile(r"(?:no|nope|none|nah|negative|nein|non|nada|not really|not at all|none at all|absolutely not"
                    r"|definitely not|not anymore|not any more|no i (?:do|have|am) not)"
                    r"(?: (?:no|nope|thanks|thank you))*")
ALSO_ME = compile_words(r"(?:so|as) (?:do|did|have|am|was) i|me too|i (?:do|did|have|had) (?:it )?too|same here"
                        r"|i also (?:have|had|got)|like me|and me")
HYPOTHETICAL = compile_words(r"(?:if|should|in case|when) (?:i|you|one|someone|somebody|people|we) (?:have |had |has )?(?:ever"
                             r"|were ever)"
                             r"|in (?:the )?future|hypothetically|what (?:if|would happen if) (?:i|you) ever")
FORWARD_REACH, BACKWARD_REACH = 8, 6


class Doc:
    """A message as tokens, with sentences, negation and attribution worked out once."""

    def __init__(self, text: str) -> None:
        self.words = tokens(text)
        self.text = " ".join(self.words)
        self.starts, position = [], 0
        for word in self.words:
            self.starts.append(position)
            position += len(word) + 1
        self.sentence, current = [], 0
        for i, word in enumerate(self.words):
            self.sentence.append(current)
            # "Numbness? Yes, both legs": the answer belongs to its question
            current += word in SENTENCE_ENDS and self.words[i + 1:i + 2] not in (["yes"], ["yeah"], ["yep"], ["ja"],
                                                                                   ["si"], ["oui"])
        self._found: dict[int, tuple[re.Pattern[str], list[tuple[int, int]]]] = {}
        self.shielded: set[int] = set()

    def find(self, regex: re.Pattern[str]) -> list[tuple[int, int]]:
        """Token spans [start, end) where the regex matches."""
        # keyed by id: a compiled pattern hashes its whole source on every lookup; the entry keeps the pattern
        # alive, so its id can't be reused while this Doc lives
        entry = self._found.get(id(regex))
        if entry is None:
            entry = self._found[id(regex)] = (regex, [
                (bisect_left(self.starts, m.start()), bisect_left(self.starts, m.end() + 1))
                for m in regex.finditer(self.text) if m.group().strip()])
        return entry[1]

    def shield(self, spans: list[tuple[int, int]]) -> None:
        """Mark words inside sign phrases: a "no" or "not" in "no feeling" or "not working" is no negation."""
        if "negated" in self.__dict__:
            raise RuntimeError("shield before the negation is worked out")
        for start, end in spans:
            self.shielded.update(range(start, end))

    def sentence_span(self, index: int) -> tuple[int, int]:
        """The token range of the sentence holding token index."""
        number = self.sentence[index]
        start = self.sentence.index(number)
        end = start
        while end < len(self.words) and self.sentence[end] == number:
            end += 1
        return start, end

    def is_negated(self, start: int, end: int) -> bool:
        """Whether any word of the span is governed by a negation."""
        return any(self.negated[start:end])

    @cached_property
    def negated(self) -> list[bool]:
        """Per token: whether a negation governs it."""
        words, n = self.words, len(self.words)
        negated = [False] * n
        ignored = set(self.shielded)
        for start, end in self.find(PSEUDO):
            ignored.update(range(start, end))
        scopes = [(end, set(range(start, end))) for start, end in self.find(CUE_PHRASE)]
        doubt_words = set().union(*(cue for _, cue in scopes)) if scopes else set()
        scopes += [(i + 1, {i}) for i, word in enumerate(words)
                   if word in CUES and i not in ignored and i not in doubt_words]
        for begin, cue in scopes:
            for j in self._forward(begin, cue):
                negated[j] = True
        for start, end in self.find(POST_CUE):
            if not negated[start] and start not in self.shielded:
                for j in self._backward(start - 1):
                    negated[j] = True
        self._answers(negated)
        return negated

    def _forward(self, begin: int, cue: set[int]) -> list[int]:
        words, reached, count = self.words, list[int](), 0
        j = begin
        while j < len(words) and count < FORWARD_REACH:
            word = words[j]
            if word in CLAUSE_MARKS - {","} or word in CONTRAST or (word in CUES and j not in cue and reached):
                break
            if word == "," and not self._list_goes_on(j):
                break
            if word in STARTERS and reached and words[j - 1] not in PREPOSITIONS and words[j - 1] not in CUES:
                break
            reached.append(j)
            j += 1
            count += word != ","
        return reached

    def _list_goes_on(self, comma: int) -> bool:
        """After "no fever," the negation goes on only through a list: "chills or weight loss"."""
        words, j = self.words, comma + 1
        segment = []
        while j < len(words) and words[j] not in CLAUSE_MARKS and words[j] not in CONTRAST:
            segment.append(words[j])
            j += 1
        if not segment or segment[0] in STARTERS or segment[0] in CUES:
            return False
        if j < len(words) and words[j] == ",":
            return len(segment) <= 3
        return "or" in segment or "nor" in segment

    def _backward(self, j: int) -> list[int]:
        words, reached = self.words, list[int]()
        while j >= 0 and len(reached) < BACKWARD_REACH:
            if words[j] in CLAUSE_MARKS or words[j] in CONTRAST:
                break
            reached.append(j)
            if words[j] in STARTERS:
                break
            j -= 1
        return reached

    def _answers(self, negated: list[bool]) -> None:
        """'Fever? No.' and 'fever: no' deny what they answer."""
        words = self.words
        for i, word in enumerate(words):
            if word not in ANSWERS:
                continue
            start, end = self.sentence_span(i)
            content = " ".join(w for w in words[start:end] if w not in CLAUSE_MARKS)
            if i == start and ANSWER.fullmatch(content) and start > 0 and words[start - 1] == "?":
                previous_start, _ = self.sentence_span(start - 1)
                for j in range(previous_start, start):
                    negated[j] = True
            elif i >= 2 and words[i - 1] in (":", "-") and (i + 1 == len(words) or words[i + 1] in CLAUSE_MARKS):
                for j in self._backward(i - 2):
                    negated[j] = True

    def owner(self, index: int) -> str:
        """Whom the word at index is about: "user", "other" or "pet" (the nearest one named before it, else after;
        an animal counts only before it)."""
        start, end = self.sentence_span(index)
        before = [self._person(j, pets=True) for j in range(index, start - 1, -1)]
        people = before + [self._person(j) for j in range(index + 1, end)]
        found = next((person for person in people if person is not None), "user")
        if found == "other" and self._pet_pronoun(index, start):
            return "pet"
        if found == "other" and any(start <= s < end for s, _ in self.find(ALSO_ME)):
            return "user"
        return found

    def _pet_pronoun(self, index: int, start: int) -> bool:
        """'my dog's done his cruciate and can't walk': the nearest "his" before the sign is the dog."""
        for j in range(index, start - 1, -1):
            word = self.words[j]
            if word in PRONOUNS:
                continue
            if word in SELF and PETS & set(self.words[j + 1:j + 3]):
                return True
            if word in KIN:
                return False
        return False

    def _person(self, j: int, pets: bool = False) -> str | None:
        """Who word j names; an animal counts only as someone's, before the sign ("our old lab is on steroids",
        not "tripped over the dog")."""
        word, following = self.words[j], self.words[j + 1:j + 4]
        if word in KIN:
            return "other"
        if word in SELF:
            kin = KIN | PETS if pets else KIN
            # "my mum", "our old lab" (pets before the sign), "our 13 year old"
            if pets and PETS & set(following[:2]):
                return "pet"
            return "other" if following and (following[0] in KIN or "old" in following) else "user"
        return None

    def hypothetical(self, index: int) -> bool:
        """Whether the sentence sets up a what-if before this word ("if I ever get numb legs")."""
        start, _ = self.sentence_span(index)
        return any(start <= s < index for s, _ in self.find(HYPOTHETICAL))
