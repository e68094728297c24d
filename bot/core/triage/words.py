"""Turning a typed message into plain tokens for the red-flag screening: case, accents, contractions, typos.

The typo fixer only rewrites a token into one of a short list of words the screening cares about, and
never a real English word that happens to be close to one ("cancel" stays "cancel", not "cancer").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from text_to_num import alpha2digit

FUZZY_TARGETS = frozenset("""
accident anything between bladder blades bowels buttocks cancer chemo chemotherapy chest chills control
deformed deformity erection feeling fever feverish fevers fortnight genitals immunocompromised
immunosuppressed incontinence incontinent kilos ladder leukaemia leukemia lymphoma months motorbike myself
numbed numbing numbness osteoporosis paralysed paralyzed peeing pooed prednisolone scaffolding sciatica
sensation shivering shivers shivery shoulder spreading steroid steroids swelling swollen temperature
thoracic tingle tingles tingling tingly transplant trying tumor tumour unexplained urinate urinating urine
weaker weakness weeing weight wetting without
""".split())

# Real words within typo distance of a target (from the English word lists): never "corrected".
NOT_TYPOS = frozenset("""
accidental accidents acridest anythings badder bladders blade blames blander blares blazes bowel bowell
bowers bowls bullocks buttock cancel cancers canker canter cheat chess chests chiles chilis chill chilli
chilly controls crest deferred deforming deported ejection ejections election elections electron erectile
erecting erections eruption eviction execution exertion feeding feelings felling feverishly fewer fiver
foresight forthright fortnightly fortnights fueling generals genital genitalia gentians kills kilns kilts
ladders lander larder lauder lymphomas lymphomata month moths motorbiked motorbikes motorise motorize mouths
number paralyse paralyses paralysis paralyze paralyzes parlayed peeking peeling peeping peering peeving
peking pieing poked poled poohed pooled pooped pored posed schelling sciatic screaming sculling sedation
seedling selling sensational sensations serenading severing shavers sheering shelling shelving shilling
shimmering shiners shirring shiver shouldered shoulders shoveling showering shredding shriveling silvering
slavering slivering slivers smelling smelting smoulder smoulders sniveling speaking spearing speeding
spelling spellings spending spheroids spilling spraying spreeing stalling stealing steeling sterling
stilling streaking streaming swearing sweating sweeping swellings swerving swilling swirling swiveling
swivelling tangle tangles tangling tangoing temperate temperatures thoraces tickling timor timour tinge
tingeing tinges tinging tingled tinglings tinkle tinkles tinkling tinseling tippling toggling tonguing
toying transplanted transplants truing tudor tumors tumours tutor twingeing twinging twinkling tying
urinated urinates urination weaken weaknesses wearer weariness weaver weeding weeping weigh weighs weights
weighty wellness welting whetting wight witting wright freezing wheezing sneezing breezing squeezing
""".split())

SHORT_TYPOS = {"leggs": "legs", "lges": "legs", "legz": "legs", "boht": "both", "bith": "both", "nunb": "numb",
               "mumb": "numb", "nmub": "numb", "numbb": "numb", "numm": "numb", "neumb": "numb", "wen": "when",
               "peeed": "peed", "fver": "fever", "cnt": "cannot", "cannt": "cannot", "carnt": "cannot"}

_TARGETS_BY_LETTER: dict[str, tuple[str, ...]] = {}
for _target in sorted(FUZZY_TARGETS):
    _TARGETS_BY_LETTER[_target[0]] = (*_TARGETS_BY_LETTER.get(_target[0], ()), _target)

_CONTRACTIONS = (
    (r"\bcan ?'? ?t\b|\bcan not\b|\bcan no longer\b", "cannot"),
    (r"\bwon'?t\b", "will not"),
    (r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need|ai)n'?t\b", r"\1 not"),
    (r"\bi'm\b", "i am"),
    (r"\bi'?ve\b", "i have"),
    (r"\b(you|we|they)'re\b", r"\1 are"),
    (r"\b(you|we|they)'ve\b", r"\1 have"),
)
_TOKEN = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d+(?:st|nd|rd|th)\b|\d+(?:[.,]\d+)?|[a-z]+|[.,;:!?+-]")


def fold(text: str) -> str:
    """Lower case without accents, curly quotes made straight, ß as ss."""
    text = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[’‘`´]", "'", text)


def tokens(text: str) -> list[str]:
    """The message as screening tokens: words, numbers and the punctuation that shapes sentences."""
    text = fold(text)
    for pattern, replacement in _CONTRACTIONS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])|'", " ", text)
    text = alpha2digit(text, "en")  # "seventeen days" -> "17 days", "thirty eight point nine" -> "38.9"
    text = re.sub(r"[\n\r]+", " . ", text)
    return [fix_typo(token) for token in _TOKEN.findall(text)]


@lru_cache(maxsize=4096)
def fix_typo(token: str) -> str:
    """The screening word a misspelt token stands for ('numbess' -> 'numbness'), else the token itself."""
    if token in SHORT_TYPOS:
        return SHORT_TYPOS[token]
    if len(token) < 5 or not token.isalpha() or token in FUZZY_TARGETS or token in NOT_TYPOS:
        return token
    candidates = [t for t in _TARGETS_BY_LETTER.get(token[0], ()) if abs(len(t) - len(token)) <= 2]
    if not candidates:
        return token
    found = process.extractOne(token, candidates, scorer=OSA.distance,
                               score_cutoff=1 if len(token) <= 7 else 2)
    return found[0] if found else token
