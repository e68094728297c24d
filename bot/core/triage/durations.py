"""How long the back pain has lasted, from a typed message: more than two weeks, not, or unclear.

Spans ("for 3 weeks", "seventeen days", "two weeks and three days", "a month and a bit", "the 23rd day of
this"), long-time phrases ("for ages", "chronic") and start dates ("since Halloween", "from the 6th",
"since 28 Oct", "mid-October", "since the clocks went back", relative to the subscriber's today) give a
length. A long span told of the pain is LONG; a long span with nothing saying it is the pain, or a start
anchored on something no calendar knows ("since my cousin's wedding"), is UNKNOWN: the bot asks
whether it has been more than two weeks. Not counted: "for 2 weeks", "in 3 weeks", "5 months pregnant",
"my mum has had it for years", "last year it lasted a month but it went away".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta

from bot.core.checkins.dates import MONTHS, NUMBER_WORDS, UNITS, WEEKDAYS, parse_since
from bot.core.checkins.holidays import HOLIDAYS, holiday_heads
from bot.core.triage.rules import PERSISTENCE_DAYS
from bot.core.triage.doc import CLAUSE_MARKS, CONTRAST, KIN, SELF, Doc
from bot.core.triage.lexicon import compile_words

LONG, UNKNOWN = "long", "unknown"
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
AT_LEAST = {"more than", "over", "longer than", "beyond", "upwards of", "well over", "+", "at least"}
_NUMBERS = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_UNITS = "|".join(sorted(set(UNITS) - {"d", "w", "an"}, key=len, reverse=True))
_SPAN = (rf"(?:(?P<n>\d+(?:[.,]\d+)?|{_NUMBERS}|several|many)(?P<plus> \+)? )?(?P<half>and a half )?(?P<u>{_UNITS})")
DURATION = compile_words(
    r"(?:(?P<q>more than|over|longer than|beyond|upwards of|well over|almost|nearly|about|around|roughly|at least"
    r"|the best part of|the better part of|the bulk of|a whole|a full|an entire|all of)"
    rf" )?{_SPAN}(?P<more> \+| and a (?:bit|half|little|few days)| plus| odd| or more| or so| and (?P<extra>\d+|"
    rf"{_NUMBERS}) (?P<extra_u>days?|weeks?))?")
DAY_COUNT = compile_words(r"(?:the )?(\d+)(?:st|nd|rd|th) (?:day|week)|day (\d+)(?! of)")
LONG_TIME = compile_words(r"for ages|ages now|donkey s years|half a year|since last (?:year|month)|since (?:19|20)\d\d"
                          r"|since (?:the )?(?:summer|spring|autumn|winter|christmas|easter|new year)|chronic"
                          r"|since i was (?:a )?(?:teenager|teen|kid|child|young|little|at school|in my \w+)"
                          r"|since (?:my )?(?:childhood|school|teens|twenties)|all my life|as long as i can remember")
LAST = compile_words(r"last (?:month|year)")
AGE = compile_words(rf"(\d+|{_NUMBERS}) (days?|weeks?|months?) old")
STILL = compile_words(r"still|ever since|since then|never (?:really )?(?:went|gone|got better|healed|stopped|left)"
                      r"|not (?:gone|better|healed|stopped)|keeps? (?:coming back|hurting|aching)|hasn t let up"
                      r"|has not let up|every (?:single )?(?:day|morning)|till now|until now|to this day")
PLURAL_UNITS = frozenset("weeks wks months years yrs fortnights wochen monate monaten jahre jahren semanas meses anos"
                         " semaines mois ans annees".split())
NOT_BEFORE = frozenset("in within every per each once twice next another coming following first".split())
NOT_AFTER = frozenset("old pregnant time s from".split())  # right after: "5 months pregnant", "3 weeks' time"
NOT_NEAR_AFTER = frozenset("""programme program plan challenge trial supply course physio physiotherapy rehab exercise
exercises training class classes block cycle stint holiday trip break contract""".split())  # "a 6 week physio course"
ONSET = frozenset("since seit desde depuis from started began begun start kicked noticed onwards began".split())
# An injury told by its verb starts on a date right after it ("it went on the 9th"), never one further on.
INJURED = frozenset("went happened hurt injured pulled tweaked twisted locked seized twinged gave".split())
ACTIVITY = frozenset("""spent sat stood waited worked standing sitting kneeling driving working doing playing queued
queuing walked walking bent carrying carried lifting under retired married lived living employed job career""".split())
CAUSAL = compile_words(r"since (?:i|i m|im|i am|it s|its|it is|you|we|they|there|this is|that is|he|she)"
                       r" (?:am|is|are|was|have|had|do|work|live|sit|can|cannot|will|need|been|m)")
CONTEXT = compile_words(
    r"pain\w*|hurt\w*|ache\w*|aching|achy|sore\w*|spasm\w*|stiff\w*|back|sciatica|symptoms?|problems?|issues?"
    r"|suffer\w*|agony|killing|lasted|lasting|going on|gone on|dragged on|carried on|ongoing|constant\w*|still"
    r"|started|began|begun|kicked off|had it|nagg\w*|grumbl\w*|niggl\w*|twing\w*"
    r"|it s been|its been|it has been|like this|seit|hace|depuis|desde|schmerz\w*|rucken\w*|dolor\w*|espalda"
    r"|douleur\w*|dos|krampf\w*|contractur\w*|on and off|keeps? coming back|comes and goes|recurr\w*|flare\w*")
CANCEL = compile_words(r"went away|gone (?:now|away|completely)|gone(?= [.,!?;])|gone$|used to|resolved|cleared up|recovered|healed|better now|fine now|fine"
                       r"|(?:seems?|feels?|feeling|getting|got|much|lot|bit) better|improv\w*|benign|cyst|all clear"
                       r"|been good|no trouble|no problems"
                       r"|pain free|years old|aged|pregnan\w*|(?:similar|same|previous|another) (?:spasm|episode"
                       r"|injury|thing)|last time")
FILLER = frozenset("""for about around roughly almost nearly since ago now already maybe like it s its been has have had
i think the past last over more than and a half seit hace depuis desde vor il y yes so ok well um of this closer to
really give or take wks i counted counting today""".split())
_PAIN_ITSELF = frozenset("it this that pain spasm spasms back ache injury sciatica".split())
_SKIPPABLE = frozenset("it about around roughly approximately maybe like on in at since somewhere sometime round towards off up"
                       " week of".split())
_PREPOSITIONS = frozenset("on in at around about from since of".split())
_DATE_FIRST = frozenset({*MONTHS, *WEEKDAYS, "the", "last", "early", "mid", "middle", "late", "end", "start",
                         "beginning", "first", "second", "third", "half", *(name.split()[0] for names in HOLIDAYS
                                                                             for name in names.split("|"))})


def duration(doc: Doc, today: date | None, patient_other: bool = False) -> str | None:
    """LONG (more than two weeks, about the pain), UNKNOWN (a length or start that can't be pinned to it) or None."""
    unknown = False
    for match in DURATION.finditer(doc.text):
        start, end = _span(doc, match)
        if _days(match) > PERSISTENCE_DAYS or (_at_least(match) and _days(match) >= PERSISTENCE_DAYS):
            if _plain(doc, start, end, patient_other) and not _counted_in(doc, start, end):
                if _about_the_pain(doc, start, end):
                    return LONG
                unknown = True
    for match in DAY_COUNT.finditer(doc.text):
        start, end = _span(doc, match)
        days = int(match[1] or match[2]) * (7 if match.group().endswith("week") else 1)
        if days > PERSISTENCE_DAYS and _plain(doc, start, end, patient_other) and not _counted_in(doc, start, end):
            return LONG
    for match in LONG_TIME.finditer(doc.text):
        start, end = _span(doc, match)
        if _plain(doc, start, end, patient_other) and not _counted_in(doc, start, end):
            return LONG
    for start, end in doc.find(LAST):
        if _plain(doc, start, end, patient_other) and _in_sentence(doc, start, doc.find(STILL)):
            return LONG
    if today is not None:
        found = _dated(doc, today, patient_other)
        if found is not None:
            return found
    return UNKNOWN if unknown else None


def _span(doc: Doc, match: re.Match[str]) -> tuple[int, int]:
    return bisect_left(doc.starts, match.start()), bisect_left(doc.starts, match.end() + 1)


def _amount(word: str | None) -> float:
    if word is None:
        return 1
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if word in ("several", "many"):
        return 3
    return float(word.replace(",", "."))


def _days(match: re.Match[str]) -> float:
    unit = UNITS[match["u"]]
    if match["n"] is None and match["u"] not in PLURAL_UNITS and match["q"] is None:
        return 0                          # "this month", "the week": no length
    if match["n"] is None and match["u"] in PLURAL_UNITS:
        amount = 2.5                      # "for weeks", "months now": a few
    else:
        amount = _amount(match["n"]) + (0.5 if match["half"] else 0)
    days = amount * UNIT_DAYS[unit]
    if match.end() < len(match.string) and match.string[match.end():].startswith(" yesterday"):
        days += 1                         # "two weeks yesterday"
    if match["extra"]:
        days += _amount(match["extra"]) * (7 if match["extra_u"].startswith("week") else 1)
    elif match["more"] and match["more"].startswith(" and a"):
        days += UNIT_DAYS[unit] / 4
    return days


def _at_least(match: re.Match[str]) -> bool:
    return match["q"] in AT_LEAST or match["plus"] is not None or match["more"] in (" +", " plus", " or more")


def _plain(doc: Doc, start: int, end: int, patient_other: bool) -> bool:
    """A length told of the pain as it is: not negated, not someone else's, not a what-if, a future or over."""
    if doc.is_negated(start, end) or doc.hypothetical(start):
        return False
    if not patient_other and _clause_names_someone(doc, start):
        return False
    return not _in_sentence(doc, start, doc.find(CANCEL))


def _counted_in(doc: Doc, start: int, end: int) -> bool:
    """A span that is not how long the pain has lasted: "in 3 weeks", "every 2 months", "5 months pregnant"."""
    words = doc.words
    if start > 0 and words[start - 1] in NOT_BEFORE:
        return True
    if words[max(0, start - 2):start] in (["i", "am"], ["she", "is"], ["she", "s"]):
        return True                       # "I'm 22 weeks": a pregnancy, not how long it has hurt
    clause = words[max(0, start - 6):start]
    cut = max((i for i, word in enumerate(clause) if word in CLAUSE_MARKS), default=-1)
    before = clause[cut + 1:]
    if ACTIVITY & set(before) and not any(CONTEXT.fullmatch(word) for word in before):
        return True                       # "under the bonnet for ages", "forty years bent double underground"
    if before[-2:] in (["feels", "like"], ["feel", "like"], ["seems", "like"], ["like", "an"]):
        return True                       # "eight days, feels like eight years"
    return (words[end:end + 1] != [] and words[end] in NOT_AFTER) or bool(NOT_NEAR_AFTER & set(words[end:end + 2]))


def _clause_names_someone(doc: Doc, index: int) -> bool:
    """Whether the clause holding index is about someone else ("my mum has had it for years"), not the user
    ("my cousin's party was in October and I've been sore since")."""
    words, j = doc.words, index - 1
    while j >= 0 and words[j] not in CLAUSE_MARKS and words[j] not in CONTRAST:
        if words[j] in KIN:
            return True
        if words[j] in SELF and words[j + 1:j + 2] != [] and words[j + 1] not in KIN:
            return False
        j -= 1
    return False


def _in_sentence(doc: Doc, index: int, spans: list[tuple[int, int]]) -> bool:
    low, high = doc.sentence_span(index)
    return any(low <= s < high and not doc.negated[s] for s, _ in spans)


def _about_the_pain(doc: Doc, start: int, end: int) -> bool:
    sentence_start, sentence_end = doc.sentence_span(start)
    rest = doc.words[:start] + doc.words[end:]
    if all(word in FILLER or word in CLAUSE_MARKS for word in rest) or doc.words[end:end + 1] == ["now"]:
        return True                       # just a length, or "3 weeks now"
    low, high = max(sentence_start, start - 8), min(sentence_end, end + 6)
    return any(low <= s and e <= high for s, e in doc.find(CONTEXT))


def _dated(doc: Doc, today: date, patient_other: bool) -> str | None:
    """A start date in the message ("since the 6th", "from 28 Oct till now"): LONG, UNKNOWN or None."""
    words = doc.words
    anchored = False
    for i, word in enumerate(words):
        if word in INJURED:
            began = _date_at(words, i + 1, _clause_end(words, i + 1), today)
            if began is not None and (today - began).days > PERSISTENCE_DAYS and _plain(doc, i, i + 1, patient_other):
                return LONG
            anchored = anchored or (began is None and _event_follows(words, i + 1) and _plain(doc, i, i + 1, patient_other))
            continue
        if word not in ONSET and not (word == "ever" and words[i + 1:i + 2] == ["since"]):
            continue
        began = _date_after(doc, i + 1, today)
        if began is not None:
            if (today - began).days > PERSISTENCE_DAYS and _plain(doc, i, i + 1, patient_other):
                return LONG
            return None
        if word != "since" and _event_follows(words, i + 1) and _plain(doc, i, i + 1, patient_other):
            anchored = True               # "started during Golden Week": a start no calendar here knows
        if word == "since" and not any(s == i for s, _ in doc.find(CAUSAL)) and _plain(doc, i, i + 1, patient_other):
            ever = i > 0 and words[i - 1] == "ever"
            # a message that is just "(honestly, ever) since …": the answer to "since when?"
            opening = all(w in FILLER or w in CLAUSE_MARKS or w in ("ever", "honestly", "erm", "oh") for w in words[:i])
            anchored = anchored or ever or (_anchor_follows(words, i + 1) and (opening or bool(doc.find(CONTEXT))))
    if not anchored:
        return None
    began = _date_anywhere(doc, today) or _birth(doc, today)  # "her party was 3 October… ever since"
    if began is None:
        return UNKNOWN
    return LONG if (today - began).days > PERSISTENCE_DAYS else None


def _date_anywhere(doc: Doc, today: date) -> date | None:
    """The earliest date the message gives after a preposition or "was" ("the wedding was on 3 October")."""
    words, found = doc.words, []
    for j, word in enumerate(words):
        if word in _PREPOSITIONS or word in ("was", "is"):
            day = _date_at(words, j + 1, _clause_end(words, j + 1), today)
            if day is not None:
                found.append(day)
    return min(found, default=None)


def _birth(doc: Doc, today: date) -> date | None:
    """'since she was born' with 'she is 8 weeks old': the age is the length."""
    if "born" not in doc.words:
        return None
    match = AGE.search(doc.text)
    if match is None:
        return None
    return today - timedelta(days=round(_amount(match[1]) * UNIT_DAYS[UNITS[match[2]]]))


def _date_after(doc: Doc, index: int, today: date) -> date | None:
    """The date a phrase right after index gives ("since the 6th", "noticed it mid-Oct", "from about 28 Oct")."""
    words = doc.words
    clause_end = _clause_end(words, index)
    for after in [index, *(j + 1 for j in range(index, clause_end) if words[j] in _PREPOSITIONS)]:
        found = _date_at(words, after, clause_end, today)
        if found is not None:
            return found
    return None


def _clause_end(words: list[str], index: int) -> int:
    while index < len(words) and words[index] not in CLAUSE_MARKS:
        index += 1
    return index


def _date_at(words: list[str], index: int, clause_end: int, today: date) -> date | None:
    for begin in range(index, min(index + 4, clause_end)):
        if words[begin] not in _DATE_FIRST and not words[begin][0].isdigit() and words[begin] not in holiday_heads(today.year):
            if words[begin] in _SKIPPABLE:
                continue
            return None
        for end in range(min(begin + 6, clause_end), begin, -1):
            found = parse_since(" ".join(words[begin:end]), today)
            if found is not None:
                return found
    return None


def _event_follows(words: list[str], index: int) -> bool:
    """'started during Golden Week', 'it went the day before Singles' Day': a start tied to an occasion."""
    following = " ".join(words[index:index + 4])
    return bool(re.match(r"(?:during|over|at|around|the day (?:before|after)|the week (?:before|after|of)"
                         r"|just (?:before|after)|right (?:before|after)) (?:the |my |our )?[a-z]", following))


def _anchor_follows(words: list[str], index: int) -> bool:
    """'since my cousin's wedding', 'since we moved': a start tied to an event no calendar knows."""
    following = words[index:index + 3]
    if not following or following[0] in CLAUSE_MARKS or following[0] in ("then", "when", "yesterday", "today", "this",
                                                                         "last"):
        return False
    return not _PAIN_ITSELF & set(following)  # "since the spasm", "since my back went": the pain's own start
