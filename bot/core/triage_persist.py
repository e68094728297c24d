"""Spotting in a typed message that the back pain has lasted more than two weeks.

"for 3 weeks now", "it's been a month", "over two weeks", "since October" (with today's date), "for months",
"seit 3 Wochen"... but not "for 2 weeks", "a week", "in 3 weeks", "5 months pregnant" or "my mum has had
it for years".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from bot.core.checkin_dates import NUMBER_WORDS, UNITS, parse_since
from bot.core.triage import PERSISTENCE_DAYS
from bot.core.triage_doc import CLAUSE_MARKS, Doc
from bot.core.triage_lexicon import compile_words

UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
AT_LEAST = {"more than", "over", "longer than", "beyond", "upwards of", "well over", "+"}
_NUMBERS = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_UNITS = "|".join(sorted(set(UNITS) - {"d", "w", "an"}, key=len, reverse=True))
DURATION = compile_words(
    r"(?:(?P<q>more than|over|longer than|beyond|upwards of|well over|almost|nearly|about|around|roughly|at least)"
    rf" )?(?:(?P<n>\d+(?:[.,]\d+)?|{_NUMBERS}|several|many)(?P<plus> \+)? )?(?P<half>and a half )?(?P<u>{_UNITS})"
    r"(?P<more> \+)?")
LONG_TIME = compile_words(r"for ages|ages now|donkey s years|half a year|since last (?:year|month)|since (?:19|20)\d\d"
                          r"|since (?:the )?(?:summer|spring|autumn|winter|christmas|easter|new year)|chronic"
                          r"|since i was (?:a )?(?:teenager|teen|kid|child|young|little|at school|in my \w+)"
                          r"|since (?:my )?(?:childhood|school|teens|twenties)|all my life|as long as i can remember")
LAST = compile_words(r"last (?:month|year)")
STILL = compile_words(r"still|ever since|since then|never (?:really )?(?:went|gone|got better|healed|stopped)"
                      r"|not (?:gone|better|healed|stopped)|keeps? (?:coming back|hurting|aching)")
PLURAL_UNITS = frozenset("weeks wks months years yrs fortnights wochen monate monaten jahre jahren semanas meses anos"
                         " semaines mois ans annees".split())
NOT_BEFORE = frozenset("in within every per each once twice next another coming following first".split())
NOT_AFTER = frozenset("old pregnant programme program plan challenge trial supply course time s".split())
STARTS = frozenset("since seit desde depuis started began begun start".split())
CONTEXT = compile_words(
    r"pain\w*|hurt\w*|ache\w*|aching|achy|sore\w*|spasm\w*|stiff\w*|back|sciatica|symptoms?|problems?|issues?"
    r"|suffer\w*|agony|killing|lasted|lasting|going on|gone on|dragged on|carried on|ongoing|constant\w*|still"
    r"|started|began|begun|had it"
    r"|it s been|its been|it has been|like this|seit|hace|depuis|desde|schmerz\w*|rucken\w*|dolor\w*|espalda"
    r"|douleur\w*|dos|krampf\w*|contractur\w*|now|ago")
CANCEL = compile_words(r"went away|gone(?! on)|used to|resolved|cleared up|recovered|healed|better now|fine now"
                       r"|pain free"
                       r"|years old|aged|pregnan\w*|(?:similar|same|previous|another) (?:spasm|episode|injury|thing)"
                       r"|last time")
FILLER = frozenset("""for about around roughly almost nearly since ago now already maybe like it s its been has have had
i think the past last over more than and a half seit hace depuis desde vor il y yes so ok well um of this""".split())


def persists(doc: Doc, today: date | None) -> bool:
    """Whether the message says the pain has gone on for more than two weeks."""
    for match in DURATION.finditer(doc.text):
        start, end = _span(doc, match)
        if _long(match) and _plain(doc, start, end) and _about_the_pain(doc, start, end):
            return True
    for match in LONG_TIME.finditer(doc.text):
        start, end = _span(doc, match)
        if _plain(doc, start, end):
            return True
    for start, end in doc.find(LAST):
        sentence_start, sentence_end = doc.sentence_span(start)
        if _plain(doc, start, end) and any(sentence_start <= s < sentence_end and not doc.negated[s]
                                           for s, _ in doc.find(STILL)):
            return True
    return today is not None and any(_since_long_ago(doc, i, today) for i, word in enumerate(doc.words)
                                     if word in STARTS)


def _span(doc: Doc, match: re.Match[str]) -> tuple[int, int]:
    return bisect_left(doc.starts, match.start()), bisect_left(doc.starts, match.end() + 1)


def _long(match: re.Match[str]) -> bool:
    number, unit = match["n"], UNITS[match["u"]]
    if number is None:
        if match["u"] not in PLURAL_UNITS:
            return False
        amount = 2.5                      # "for weeks", "months now": a few
    elif number in NUMBER_WORDS:
        amount = NUMBER_WORDS[number]
    elif number in ("several", "many"):
        amount = 3
    else:
        amount = float(number.replace(",", "."))
    days = (amount + (0.5 if match["half"] else 0)) * UNIT_DAYS[unit]
    at_least = match["q"] in AT_LEAST or match["plus"] is not None or match["more"] is not None
    return days >= PERSISTENCE_DAYS if at_least else days > PERSISTENCE_DAYS


def _plain(doc: Doc, start: int, end: int) -> bool:
    """A duration told of the user's pain as it is: not negated, not someone else's, not a what-if or a future."""
    words = doc.words
    if start > 0 and words[start - 1] in NOT_BEFORE:
        return False
    if end < len(words) and (words[end] in NOT_AFTER or words[end:end + 2] == ["from", "now"]):
        return False
    if doc.is_negated(start, end) or doc.owner(start) == "other" or doc.hypothetical(start):
        return False
    sentence_start, sentence_end = doc.sentence_span(start)
    return not any(sentence_start <= s < sentence_end and not doc.negated[s] for s, _ in doc.find(CANCEL))


def _about_the_pain(doc: Doc, start: int, end: int) -> bool:
    sentence_start, sentence_end = doc.sentence_span(start)
    rest = doc.words[:start] + doc.words[end:]
    if all(word in FILLER or word in CLAUSE_MARKS for word in rest):
        return True
    low, high = max(sentence_start, start - 8), min(sentence_end, end + 6)
    return any(low <= s and e <= high for s, e in doc.find(CONTEXT))


def _since_long_ago(doc: Doc, index: int, today: date) -> bool:
    words = doc.words
    stop = index + 1
    while stop < len(words) and stop < index + 7 and words[stop] not in CLAUSE_MARKS:
        stop += 1
    for end in range(stop, index + 1, -1):
        started = parse_since(" ".join(words[index:end]), today)
        if started is not None:
            return (today - started).days > PERSISTENCE_DAYS and _plain(doc, index, end)
    if stop > index + 1 and re.fullmatch(r"(?:19|20)\d\d", words[index + 1]) and int(words[index + 1]) <= today.year:
        return (today - date(int(words[index + 1]), 1, 1)).days > PERSISTENCE_DAYS and _plain(doc, index, index + 2)
    return False
