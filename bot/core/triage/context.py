"""What the sentence around a red-flag match says about it: a question, something over, a figure of speech.

Beyond negation and whom it is about (bot.core.triage.doc), a match can be:
- asked about rather than reported ("what does numbness in both legs mean?", "if someone can't pee…"):
  the bot answers and asks whether the person has it now;
- over ("had a fever last week, long gone") or long past ("fell off a ladder years ago");
- softened ("I nearly wet myself laughing", "my legs turned to jelly when I saw the bill"), or figurative
  ("my bank balance is losing weight", "I'm a Cancer, the star sign").
Anything over, softened or asked about earns a question, never a certain escalation.
"""

from __future__ import annotations

from bot.core.triage.rules import SIGNS, Level
from bot.core.triage.doc import SELF, Doc
from bot.core.triage.lexicon import BACK, compile_words

CERTAIN, ASK, INFO = "certain", "ask", "info"
HISTORY_SIGNS = frozenset({"cancer_history"})  # a sign that is itself about the past
LASTING_SIGNS = frozenset({"cancer_history", "immunosuppressed"})  # long past still counts unless it ended

RESOLVED = compile_words(r"went away|gone away|long gone|(?:is|s|has|have|are|re) (?:all )?gone now|cleared up|cleared"
                         r"|better now|fine now|ok now|okay now|resolved|recovered|healed|over now|all good now|back to"
                         r" normal|settled(?: down)?|no longer|not anymore|not any more|passed|all clear|broke|wore off"
                         r"|went in a (?:minute|second|few)|(?:has|have) not come back|stopped taking"
                         r"|(?<!death )warmed up|came back|sorted (?:that|it) out|perked up|fine once|"
                         r"came off (?:the |my |those )?(?:steroids|pred\w*|tablets|pills|meds|medication|them|it)"
                         r"|short course|(?<!rear )ended(?! up)|finished (?:the|my) course|recovering|on the mend"
                         r"|(?:grand|fine|ok|okay|good|right as rain|all good) now|sleeping (?:right )?through"
                         r"|sleep(?:ing)? fine")
REMOTE = compile_words(r"years? ago|(?:\d+|two|three|four|five|ten|several|many) years (?:ago|back|before|earlier)|(?:in|back in) (?:19|20)\d\d"
                       r"|when i was (?:a |younger|young|little|small|kid|child|teen)\w*|as a (?:kid|child|teenager)"
                       r"|long time ago|ages ago|decades? ago|in my (?:teens|twenties|20s|thirties|30s|youth)|childhood"
                       r"|last (?:winter|summer|spring|autumn|fall)|long ago")
SOFTENED = compile_words(r"laugh\w*|lol|haha\w*|joke|joking|kidding|when i (?:saw|heard|read|got)|watch\w*|film|movie"
                         r"|drama|tv|telly|documentary|episode|article|podcast|leaflet|the form|leg day|doms"
                         r"|in the (?:frost|cold|snow|rain)|from the cold|got soaked|minus \d+|below (?:zero|freezing)|heatwave"
                         r"|i work (?:in|at|on|for)"
                         r"|after (?:the |a |my )?(?:gym|workout|run|race|marathon|training|squats|session|hike|match)"
                         r"|i (?:m|am|work as) (?:a|an)"
                         r" (?:\w+ )?(?:nurse|carer|doctor|paramedic|physio\w*|care worker|midwife|gp|surgeon)")
# long-standing, so not the new trouble an emergency sign is about ("incontinent for years")
CHRONIC = compile_words(r"for years|always (?:had|been)|since (?:birth|childhood)")
NEARLY = frozenset("nearly almost practically".split())
FIGURATIVE = compile_words(r"star sign|horoscope|zodiac|bank balance|bank account|wallet|budget|savings"
                           r"|fever pitch|off the wagon|off my chest|typo|autocorrect\w*|voice to text|predictive text"
                           r"|spell ?check\w*|i meant|(?:gave|give|giving) me a heart attack|nearly had a heart attack|(?:i m|im|i am|typical|as) a (?:cancer|gemini|leo|virgo|libra|scorpio"
                           r"|taurus|aries|pisces|aquarius|capricorn|sagittarius)")
ONGOING = compile_words(r"still|currently|now on|ongoing|every day|daily|these days|at the moment")
GENERIC = compile_words(r"if (?:someone|somebody|a person|people|you|your|one|anyone)|(?:someone|somebody|a person"
                        r"|anyone|people) (?:with|who)|whether you|do you|can you|would you|does it mean|is it (?:true"
                        r"|normal|bad|serious)|what (?:does|do|is|are|happens|causes)|how (?:do|does|can|would) (?:you"
                        r"|one|someone|i know)|which is|just curious|out of curiosity|asking for|only asking")
MINE = compile_words(r"i (?:have|ve|have had|ve had|ve got|have got|got|am having|m having|get|had) (?:it|this|that"
                     r"|them|these|those|both)(?! before)|(?:that s|thats|this is|which is) (?:what i have|me|happening"
                     r" to me|what s happening)|(?:happening|happens|happened) to me|i do|yes i|i (?:think|guess) i"
                     r" (?:did|have|do|am)|i (?:did|have) (?:too|as well)")
DENIED = compile_words(r"i (?:have|ve) (?:got )?(?:neither|none of (?:them|those|that|these))|(?:i m|im|i am) (?:ok"
                       r"|okay|fine|alright)|i do not have (?:it|that|this|them|those|any of)|not me|i have not got"
                       r" (?:it|that|either)|no symptoms|just curious|only curious|nothing like that|none of that"
                       r"|mine (?:are|is|s) (?:totally |completely )?(?:fine|ok|okay|normal|the opposite|only|just)"
                       r"|i (?:have|do|did|am) not(?= [.,!?]|$)|i have not (?:\w+ )?(?:fallen|had|got|been)"
                       r"|i (?:have|ve) got no|i have no (?:\w+ )?(?:symptoms|pain|problems)")
PAIN_TALK = compile_words(BACK + r"|pain\w*|hurt\w*|ache\w*|aching|spasm\w*|sore|agony|sciatica|comfy|comfortable"
                          r"|crying|in pain|moaning|groaning|wincing")


def in_sentence(doc: Doc, index: int, spans: list[tuple[int, int]]) -> bool:
    """Whether any span, not negated, lies in the sentence of the token at index."""
    low, high = doc.sentence_span(index)
    return any(low <= start < high and not doc.negated[start] for start, _ in spans)


def frame(doc: Doc, sign: str, combo: tuple[tuple[int, int], ...], denied: bool = False) -> str | None:
    """How a match counts: CERTAIN, ASK (a question first), INFO (asked about: answer, then ask) or None.
    `denied`: the message denies the sign elsewhere, so a question about it or someone else's is not a report."""
    first = min(start for start, _ in combo)
    if in_sentence(doc, first, doc.find(FIGURATIVE)):
        return None
    if (sign not in LASTING_SIGNS and in_sentence(doc, first, doc.find(REMOTE))
            and not in_sentence(doc, first, doc.find(ONGOING))):
        return None
    question = _asked_about(doc, first) or (denied and _is_question(doc, first))
    if question:
        if doc.find(MINE) and not _same_sentence(doc, first, doc.find(MINE)):
            return CERTAIN
        return None if doc.find(DENIED) else INFO
    if sign not in HISTORY_SIGNS and in_sentence(doc, first, doc.find(RESOLVED)):
        return ASK if SIGNS[sign] == Level.EMERGENCY and not denied else None
    if in_sentence(doc, first, doc.find(SOFTENED)) or NEARLY & set(doc.words[max(0, first - 2):first]):
        return ASK
    if SIGNS[sign] == Level.EMERGENCY and in_sentence(doc, first, doc.find(CHRONIC)):
        return ASK                        # the emergency signs are about something new
    return CERTAIN


def _asked_about(doc: Doc, index: int) -> bool:
    """A question or what-if about the sign in general, not a report of one's own ("is that bad? I have it" is)."""
    low, high = doc.sentence_span(index)
    if any(word in SELF for word in doc.words[low:high]):
        return False
    return in_sentence(doc, index, doc.find(GENERIC)) or _is_question(doc, index)


def _is_question(doc: Doc, index: int) -> bool:
    """Whether the sentence holding index ends with a question mark."""
    _, high = doc.sentence_span(index)
    return doc.words[high - 1] == "?"


def _same_sentence(doc: Doc, index: int, spans: list[tuple[int, int]]) -> bool:
    low, high = doc.sentence_span(index)
    return any(low <= start < high for start, _ in spans)


def patient_is_other(doc: Doc) -> bool:
    """Whether the back pain the message is about is someone else's ("my mum's back", "she's done her back in")."""
    owners = {doc.owner(end - 1) for _, end in doc.find(PAIN_TALK)}
    return "other" in owners and "user" not in owners
