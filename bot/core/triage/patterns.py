"""How the free-text screening recognises each EMERGENCY sign, and PATTERNS: every sign's patterns, highest first.

A sign may have several patterns; any one of them fires it. These fire whoever they are about
(own=False): "my husband can't feel his legs" needs the emergency reply as much as "I can't".
"""

from __future__ import annotations

from bot.core.triage.lexicon import (
    FALLEN, HIGH_PLACE, LEGS, LEG_TROUBLE, NUMB, ORGAN, PAIN_CAUSE, REMOTE_PAST, SADDLE, SEX_PAIN, STRUGGLE,
    URINATE, Pattern, alt, gap, pattern,
)
from bot.core.triage.patterns_urgent import URGENT_PATTERNS

EMERGENCY_PATTERNS: tuple[Pattern, ...] = (
    pattern("saddle_numbness", NUMB, SADDLE, window=6, own=False),
    pattern("saddle_numbness",
            alt(
                r"(?:numb|no feeling|(?:cannot|could not) feel(?: anything| it| much| myself)?|feel nothing|(?:feels?"
                r"|felt) (?:different|strange|weird|odd|numb)|do not feel(?: anything| it"
                r"| the paper)?) " + gap(4) + r"(?:when|while|after) (?:i )?wip\w*",
                r"wip\w* " + gap(3) + r"(?:feels?|felt) (?:different|strange|weird|odd|numb|nothing)",
                r"(?:when|while|after) (?:i )?wip\w* " + gap(4) + r"(?:feels?|felt|numb|different|strange|weird|odd"
                r"|nothing)",
                r"(?:cannot|could not) feel (?:the )?(?:toilet )?(?:paper|tissue)|cauda equina",
            ),
            own=False,
    ),
    pattern("saddle_numbness",
            r"feeling|feels?|felt|sensation",
            SADDLE,
            r"different|strange|weird|odd|changed|reduced|less|gone|numb|funny|nothing",
            window=5, own=False,
    ),
    pattern("bladder_bowel", STRUGGLE, URINATE, window=4, own=False),
    pattern("bladder_bowel",
            alt(
                r"(?:lost|losing|lose|loss of|lack of|no|poor|without|(?:do|does|did) not have|(?:no longer"
                r"|not) (?:have|got)|cannot|could not|unable to|not able to) (?:any |full |proper |the )?(?:control"
                r"|hold)(?: of| over| on)? (?:my |the |of my )?" + f"(?:{ORGAN})",
                r"(?:loss of|lost|losing|lose|no|poor|lack of|reduced) (?:my |the )?(?:bladder|bowel"
                r"|bowels) (?:control|function)",
                r"(?:bladder|bowels?) (?:control )?(?:is |are |has |have )?(?:gone|failing|failed|not working"
                r"|stopped working|out of control|giving up|leaking)",
                r"(?:cannot|could not|unable to|not able to) (?:hold|control|empty|feel) (?:in )?(?:my "
                r"|the )?" + f"(?:{ORGAN})",
                r"(?:bladder|it) (?:will not|does not|did not|cannot|would not) (?:fully |properly )?empty",
                r"(?:peed|wet|weed|pooed) (?:the|my) bed",
                r"blase " + gap(1) + r"(?:funktioniert nicht|kontrolle|nicht leer)",
                r"(?:have|has) not (?:been able to )?(?:had a )?(?:pee|peed|wee|weed|urinated|passed urine"
                r"|passed water) (?:since|for|all)",
            ),
            own=False,
    ),
    pattern("bladder_bowel",
            alt(
                r"incontinen\w*|inkontinen\w*",
                r"(?:peed|pee|weed|wet|pooed|pood|pooped|poo|soiled|shit|shat|pissed|messed) (?:myself|himself"
                r"|herself|yourself|themselves|my (?:pants|trousers|knickers|underwear|pyjamas|pajamas|bed|jeans"
                r"|shorts))",
                r"wet (?:the|my) bed|wetting (?:myself|the bed)|leak\w* (?:urine|pee|wee|poo|stool)",
                r"(?:urine|pee|wee) (?:is )?leak\w*",
                r"accident (?:in|on) (?:my )?(?:pants|trousers|underwear|bed|knickers)",
                r"did not make it to the (?:toilet|loo|bathroom)",
                r"(?:cannot|do not|could not|did not) (?:feel|notice|tell|know|sense) (?:when |if "
                r"|that )?(?:i )?(?:need|needed|have|had|want) (?:to (?:pee|wee|go|poo)|the (?:toilet|loo|bathroom)"
                r"|a (?:wee|pee|poo))",
                r"no (?:urge|sensation|feeling) to (?:pee|wee|urinate|go|poo)|(?:urinary|urine) retention",
                r"retaining urine",
                r"(?:pee|urine|wee) " + gap(2) + r"dribbl\w*",
                r"dribbl\w* (?:of )?(?:urine|pee|wee)",
                r"(?:peed|pooed|pooped|wet|soiled|went|wee|pee|poo|leak\w*|bowels?"
                r"|bladder) " + gap(3) + r"without (?:me |even )?(?:knowing|noticing|realising|realizing|feeling)",
                r"(?:bowels?|bladder) (?:just )?(?:went|opened|emptied|let go|gave way)",
                r"(?:cannot|could not) stop (?:myself )?(?:from )?(?:pee|wee|poo)\w*|pierdo orina|perdida de orina",
                r"se me escapa (?:la )?(?:orina|pis|caca)|escapes de orina|me (?:hice|he hecho) (?:pis|encima)",
                r"me orine|eingenasst|in die hose gemacht|fait pipi (?:dessus|sur moi)",
            ),
            own=False,
    ),
    pattern("sexual_dysfunction",
            alt(
                r"erectile dysfunction|impoten\w*",
                r"(?:cannot|could not|unable to|not able to) (?:get|keep|maintain|stay) (?:an |my )?(?:erection|hard"
                r"|it up)",
                r"(?:erection|erectile) (?:problems?|issues?|trouble|difficult\w*)",
                r"(?:cannot|could not|unable to) (?:orgasm|climax|ejaculate)",
                r"(?:no|lost|loss of|reduced) (?:feeling|sensation) " + gap(2) + r"(?:during|in|when having) sex",
                r"numb " + gap(2) + r"(?:during|in|when having) sex",
                r"sex " + gap(2) + r"(?:feels?|felt) (?:numb|different|like nothing)",
                r"(?:no longer|not) (?:able to )?(?:get|keep) (?:an |my )?erection",
                r"erections? " + gap(2) + r"(?:stopped|gone|disappeared|not working|weaker)",
                r"erektionsstor\w*|erektionsproblem\w*|impotenz|disfuncion erectil|dysfonction erectile",
            ),
            own=False,
    ),
    pattern("sexual_dysfunction",
            r"(?:problems?|trouble|issues?|difficult\w*) (?:with|getting|having|in) (?:an )?(?:erections?|orgasm"
            r"|sex)",
            unless=SEX_PAIN,
            own=False,
    ),
    pattern("both_legs", LEG_TROUBLE, LEGS, window=6, own=False),
    pattern("both_legs",
            alt(
                r"(?:sciatica|shooting|radiat\w*|spread\w*|travel\w*|going|goes|runs|running|shoots|electric\w*"
                r"|pains?) " + gap(3) + r"(?:down|into|in|through|to) both (?:of my )?(?:legs|buttocks)",
                r"sciatica (?:on|in|down) both sides|(?:bilateral|double) sciatica",
            ),
            own=False,
    ),
    pattern("severe_leg_weakness",
            r"(?:cannot|could not|unable to|not able to|no longer able to|can barely|can hardly|struggl\w* to"
            r"|difficulty|trouble|problems?|kann nicht|kann kaum|no puedo|ne peux pas"
            r"|peux pas) (?:\w+ )?(?:walk\w*(?! the dog| my dog| the kids)|stand(?:ing)?(?: up)?(?! it| this| that"
            r"| the| much| how| him| her| my| sitting| being| people| when| having| waiting| lying| bending)"
            r"|put (?:any )?weight on|weight bear\w*|bear weight|laufen|gehen|stehen|caminar|andar|marcher)",
            unless=PAIN_CAUSE,
            own=False,
    ),
    pattern("severe_leg_weakness",
            alt(
                r"(?:leg|legs|knee|knees|foot) " + gap(2) + r"(?:giving|gave|gives|give|keeps giving) (?:way|out)",
                r"(?:leg|legs|knee|knees) (?:\w+ )?(?:buckl\w*|collaps\w*)|foot drop|drop foot",
                r"drag\w* my (?:left |right )?(?:leg|foot)|(?:leg|foot) (?:is )?drag\w*",
                r"(?:foot|toes) (?:\w+ )?(?:slap\w*|flop\w*)|trip\w* over my (?:own )?(?:foot|feet|toes)",
                r"(?:cannot|could not|unable to|not able to) (?:lift|move|raise|wiggle) " + gap(2) + r"(?:leg|legs"
                r"|foot|feet|toes|ankle)",
                r"(?:leg|foot) " + gap(2) + r"(?:very|really|so|extremely|completely|totally|terribly|badly) weak",
                r"(?:leg|foot) (?:is |has )?(?:gone|going|become|getting|got) (?:very |really |completely )?(?:weak"
                r"|floppy|limp|useless|dead)",
                r"(?:leg|foot) (?:is |feels )?(?:floppy|limp|useless)",
            ),
            own=False,
    ),
    pattern("severe_leg_weakness",
            alt(
                r"(?:rapidly|quickly|fast|suddenly) (?:getting |becoming |gone |going )?weak\w*",
                r"weak\w* " + gap(3) + r"(?:getting worse|worse|worsening) (?:fast|quickly|rapidly|by the hour)",
                r"weaker (?:and weaker|by the (?:hour|day|minute))",
                r"weaker " + gap(1) + r"(?:fast|quickly|rapidly)",
            ),
            r"legs?|foot|feet|thighs?|beine?|piernas?|jambes?",
            own=False,
    ),
    pattern("severe_leg_weakness",
            r"paraly[sz]\w*|paralys\w*|gelahmt",
            unless=r"(?:with|by|from) (?:the )?(?:pain|spasm\w*|fear|agony|indecision|choice|worry|anxiety|nerves|shock"
                   r"|boredom|laughter)|sleep",
            own=False,
    ),
    pattern("chest_pain",
            alt(
                r"chest(?! (?:stretch\w*|press\w*|exercises?|day|workout|of drawers|fly|flies|opener\w*|freezer"
                r"|infection|x ?ray)) " + gap(2) + r"(?:pains?|hurts?|hurting|aches?|aching|sore|tight\w*|pressure"
                r"|discomfort|heavy|heaviness|crushing|squeez\w*|burning|stabbing)",
                r"(?:pains?|hurts?|hurting|aches?|aching|tight\w*|pressure|discomfort|heaviness|crushing|squeez\w*"
                r"|burning|stabbing|stabs|sharp) " + gap(2) + r"(?:in|on|across|around|into|to|through|behind"
                r"|under) (?:my |the |his |her )?(?:chest|breastbone|sternum)",
                r"(?:having|think (?:i am |im |i m )?having|is this|could be|might be"
                r"|feels? like) (?:a )?heart attack",
                r"(?:weight|elephant|pressure|band|vice|vise) (?:on|around|across) (?:my )?chest|brustschmerz\w*",
                r"schmerz\w* in der brust|dolor (?:de|en el) pecho|duele el pecho",
                r"douleurs? (?:a la |dans la )?poitrine|douleur thoracique|mal a la poitrine|oppression thoracique",
            ),
            own=False,
    ),
    pattern("major_trauma",
            alt(
                r"(?:car|road|traffic|motorbike|motorcycle|moped|scooter|bike|bicycle|cycling|skiing|ski|snowboard\w*"
                r"|riding|rugby|diving|serious|bad|major|big|nasty|terrible|horrible|high speed|head on) (?:accident"
                r"|crash|collision|smash|wreck|pile up)",
                r"(?:hit|struck|knocked (?:down|over)|run over) by (?:a |the )?(?:car|van|truck|lorry|bus|vehicle"
                r"|bike|motorbike|motorcycle|train|cyclist|scooter)",
                r"(?:came|come|thrown|fell|fallen) off " + gap(2) + f"(?:{HIGH_PLACE})",
                r"(?:car|van|truck|lorry|bus|bike|motorbike|vehicle) (?:hit|crashed into|ran into|smashed into"
                r"|drove into|went into) (?:me|my (?:car|bike|motorbike))",
                r"rear ended|t boned|knocked off my (?:bike|motorbike)",
                r"(?:crashed|rolled|wrote off|totalled|totaled) (?:my |the |our |a )?(?:car|bike|motorbike|motorcycle"
                r"|van)",
                r"car (?:crash|wreck|smash)|crashed into",
                f"(?:{FALLEN})" + r" " + gap(2) + r"(?:off|from|out of|down|through) (?:a |the |my |our "
                r"|some )?(?:top of (?:the |a |my )?)?(?:\w+ ){0,2}(?:flights? of )?" + f"(?:{HIGH_PLACE})",
                r"fell (?:\d+|one|two|three|four|five|six|ten|several|a few) (?:m|metres|meters|feet|ft|storeys"
                r"|stories|floors|flights?)",
                r"(?:bad|big|heavy|hard|nasty|serious|major|awful|horrible|terrible) (?:fall|tumble)",
                r"fell (?:really |very )?(?:hard|heavily|badly)|landed (?:hard|heavily|badly)",
                r"(?:major|serious|severe|significant) (?:trauma|injury|impact)|whiplash|unfall\w*|von der leiter",
                r"accidente\w*|choque|me cai (?:de|por)|caida (?:de|por)|accident de (?:voiture|la route|moto|velo)",
                r"tombe (?:de|d un|dans les escaliers|du)",
            ),
            unless=REMOTE_PAST,
    ),
)

PATTERNS: tuple[Pattern, ...] = EMERGENCY_PATTERNS + URGENT_PATTERNS
