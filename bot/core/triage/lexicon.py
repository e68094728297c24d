"""The words the red-flag screening is built from: the Pattern type and the shared word groups.

Patterns run on the tokens of bot.core.triage.words joined by single spaces (lower case, no accents,
"can't" as "cannot", "don't" as "do not"). A pattern with several parts fires when all of them occur
in one sentence within `window` tokens (anywhere in the message when `across`), none negated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def gap(n: int) -> str:
    """Up to n words (never punctuation) between two parts of a phrase."""
    return rf"(?:[a-z0-9]+(?:\.[0-9]+)? ){{0,{n}}}"


def alt(*alternatives: str) -> str:
    """Any one of the alternatives (regex bodies)."""
    return "|".join(alternatives)


def compile_words(body: str) -> re.Pattern[str]:
    """A pattern that only matches whole tokens."""
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


@dataclass(frozen=True)
class Pattern:
    """One way a sign shows in words."""

    sign: str
    parts: tuple[re.Pattern[str], ...]
    window: int = 8
    unless: re.Pattern[str] | None = None          # cancels when it occurs, not negated, near the match
    reach: int | None = None                       # tokens around the match `unless` looks at; None: the sentence
    unless_before: re.Pattern[str] | None = None   # cancels when the sentence right before the match ends so
    across: bool = False
    own: bool = True                               # about the user, or someone whose back pain the message is about
                                                   # ("my mum has cancer" alone is not the user's red flag)


def pattern(sign: str, *parts: str, unless: str | None = None, unless_before: str | None = None, window: int = 8,
            reach: int | None = None, across: bool = False, own: bool = True) -> Pattern:
    """Build a Pattern from regex bodies."""
    return Pattern(sign, tuple(compile_words(part) for part in parts), window=window,
                   unless=compile_words(unless) if unless else None, reach=reach,
                   unless_before=re.compile(rf"(?<![a-z0-9])(?:{unless_before}) ?$") if unless_before else None,
                   across=across, own=own)


NUMB = (r"numb\w*|tingl\w*|pins and needles|pins needles|no feeling|no sensation|lost (?:all )?(?:the )?"
        r"(?:feeling|sensation)|loss of (?:feeling|sensation)|(?:cannot|could not|unable to|not able to) feel"
        r"|(?:can|could) (?:barely|hardly|only just) feel|(?:do|does|did) not feel (?:my|his|her)"
        r"|dead|(?:reduced|altered|strange|weird|funny|odd|different) (?:feeling|sensation)|anaesth\w*|anesth\w*"
        r"|prickl\w*|taub\w*|kribbel\w*|entumec\w*|adormec\w*|hormigue\w*|dormid[ao]s?|engourd\w*|fourmill\w*"
        r"|no siento|spure nichts|spuere nichts|kein gefuhl|ne sens (?:plus|rien)")
SADDLE = (r"down there|groin|crotch|privates|private (?:parts?|area|bits)|taint|gooch|under me|beneath me"
          r"|insides? of (?:my )?thighs|my bits|(?:lady|man) bits|genital\w*"
          r"|perineum|perineal|anus|anal"
          r"|back passage|bum|bums|butt|butts|buttock\w*|bottom(?! of)|backside|arse|ass|saddle|vagina\w*|vulva"
          r"|labia|penis|scrotum|testicles|balls(?! of)|inner thighs?|between (?:my |the )?legs|sit(?:ting)? bones"
          r"|toilet seat|on the toilet|intimbereich|schritt|gesass|genitalbereich|po|entrepierna|genitales|gluteos"
          r"|nalgas|trasero|entrejambe"
          r"|fesses|parties intimes")
URINATE = (r"pee(?:s|d|ing)?|wee(?! bit| while| hour| one| lad| lass)|weed|weeing|bladder|wees|urinat\w*|urine"
           r"|pass(?:ing)? (?:urine|water)|piss\w*|go to the"
           r" (?:toilet|loo|bathroom)|empty(?:ing)? my bladder|orinar|mear|hacer pis|pinkeln|urinieren|wasser lassen"
           r"|uriner|faire pipi")
STRUGGLE = (r"cannot|could not|unable to|not able to|no longer able to|struggl\w*|trouble|difficult\w*|problems?"
            r"|issues?|hard to|hardly|barely|nothing (?:comes|came) out|will not come|no puedo|kann nicht|kann kaum"
            r"|ne peux pas|peux pas")
ORGAN = r"bladder|bowels?|pee|wee|urine|poo|poop|stools?|weeing|peeing|pooing"
SEX_PAIN = r"hurts?|hurting|painful|pain|because of (?:my|the) back|position\w*"
LEGS = (r"both (?:of )?(?:my )?(?:legs|feet|thighs|calves|knees)|(?<!between )(?<!between my )(?<!between the )legs"
        r"|feet|thighs|calves|either leg|each leg"
        r"|two legs|left and right legs?|right and left legs?|beide beine|beiden beinen|beine|ambas piernas"
        r"|las dos piernas|piernas|les deux jambes|jambes")
LEG_TROUBLE = (NUMB + r"|weak\w*|paraly[sz]\w*|giving (?:way|out)|give (?:way|out)|gave (?:way|out)|gives (?:way|out)"
               r"|buckl\w*|collaps\w*|jelly|wobbly|unsteady|not working|stopped working|will not (?:work|hold me)"
               r"|went from under me|do not (?:feel like they )?belong to me|like someone else s|schwach\w*|lahm\w*"
               r"|debil\w*|faibl\w*|paralys\w*")
PAIN_CAUSE = (r"because|cause|coz|cos|due to|pain\w*|hurts?|hurting|spasm\w*|agony|agonising|killing me|straight"
              r"|far|for long|long distances|sore|stiff\w*|schmerz\w*|dolor|douleur")
REMOTE_PAST = (r"years? ago|last year|(?:\d+|two|three|four|five|ten|several|many) years|(?:in|back in) (?:19|20)\d\d"
               r"|when i was (?:a |younger|young|little|small|kid|child|teen)\w*|as a (?:kid|child|teenager)"
               r"|long time ago|ages ago|decades? ago|in my (?:teens|twenties|20s|thirties|30s|youth)|childhood"
               r"|months ago")
FALLEN = r"fell|fall|falls|fallen|falling|slipped|tumbled|tumble|jumped|thrown|came off"
HIGH_PLACE = (r"ladder|roof|scaffold\w*|tree|height|balcony|wall|window|trampoline|cliff|loft|attic|bunk\w*|stairs"
              r"|staircase|steps|stepladder|hatch|ceiling|floorboards|horse|building|bridge|platform|truck|lorry"
              r"|stage|motorbike|motorcycle"
              r"|bike|bicycle|quad|scooter")
CANCER = (r"cancer\w*|tumou?r\w*|malignan\w*|carcinoma\w*|lymphoma\w*|leuka?emia|myeloma|melanoma|sarcoma"
          r"|metasta\w*|krebs\w*|cancro|tumeur\w*")
CANCER_DOUBT = (r"(?:(?:do|could|might|may|can|would|will) i|(?:is|could|can|might|may|would) (?:it|this|that"
                r"|the pain"
                r"|my pain|back pain|my back pain)|worried|worry\w*|afraid|scared|frightened|concerned|fear\w*"
                r"|wonder\w*"
                r"|think\w*|suspect\w*|paranoid|tests?|tested|checks?|checked|screen\w*|signs?|symptoms?|risk|chance"
                r"|rule out|ruled out|about|on|regarding|against|documentary|article|programme|show|film|book|news"
                r"|charity)(?: (?:about|that|it|this|i|is|s|might|may|could|would|be|have|has|got|get"
                r"|getting|developing|a|of|for|if|whether|im|am|bone|breast|prostate|lung|spinal|spine|back|the|some"
                r"|kind|sort|form))*")
NOT_BETTER = r"(?:(?!better|easier|less|fine|good|ok|okay|eas|relie|calm)[a-z0-9]+ ){0,3}"
NOT_DOUBT = r"(?:(?!fear|worr|scared|afraid|risk|chance|screen|test|check)[a-z0-9]+ ){0,3}"
LUMP = (r"lumps?|bump|bumps|bulge|bulges|swelling|swollen|growth|hump|protrusion|protruding|sticking out|beule"
        r"|knubbel|bulto|hinchazon|bosse|grosseur")
BACK = r"back|spine|spinal|vertebra\w*|tailbone|coccyx|backbone|rucken|wirbelsaule|espalda|columna|dos|colonne"
ONE_LEG = r"leg|foot|thigh|calf|knee|shin|ankle|toes?|bein|pierna|jambe|pied|pie|fuss"
PROGRESS = (r"spread\w*|(?:getting|gets|got|going|gone|becoming) (?:worse|weaker|number|bigger)|worsening|worse"
            r"|more (?:and more )?(?:numb|tingly|weak)|weaker|moving (?:up|down)|moved (?:up|down)|creeping"
            r"|progress\w*"
            r"|now (?:goes|reaches|up to|down to|into|in|all the way)|further (?:up|down)|increas\w*|extending"
            r"|travel\w* (?:up|down)|expanding|ausbreit\w*|schlimmer|empeora\w*|extiende|s etend|empire|pire")
OSTEO = (r"osteopo\w*|osteopenia|brittle bones?|thin bones|bone thinning|low bone density|weak bones|fragile bones"
         r"|osteoporose")
MINOR_FALL = (r"fell|falls|fallen|fall(?:ing)?(?! asleep| apart| in love| behind)|slipped(?! dis[ck])"
              r"|slip(?! dis[ck])"
              r"|tripped|trip (?:over|on|up)|stumbled|tumbled|landed " + gap(2) + r"on my (?:back|bum|bottom|tailbone"
              r"|side)|sat down (?:\w+ )?(?:hard|heavily)|missed (?:a|the|my) step|knocked (?:over|down)"
              r"|bumped (?:into|my back)"
              r"|jarred|gesturzt|hingefallen|ausgerutscht|me cai|caida|resbale|tombe|tombee|chute|glisse")
DELIBERATE = alt(
    r"diet\w*|on purpose|intentional\w*|deliberately|trying|tried|slimming|weight watchers|calorie\w*|gastric|bariatric"
    r"|sleeve|bypass",
    r"fasting|ozempic|wegovy|mounjaro|gym|exercis\w*|running|training|eating (?:better|less|healthier)",
    r"keto|cutting",
    r"(?:would|could|will|might|should|does|do|can) " + gap(2) + r"help\w*",
    r"help\w* (?:my|with)|(?:want\w*|plan\w*|try|trying|tried) to|goal",
    # a question or plan about losing weight, not a loss that happened: "will losing a bit of weight help"
    r"(?:would|could|will|might|does|do|can|if i|need to|going to|should i) (?:\w+ )?los(?:e|ing)",
)
