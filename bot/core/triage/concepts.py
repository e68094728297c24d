"""The second tier of the red-flag screening: families of meaning that earn a yes/no question, not an escalation.

A concept is a sign's body system, event, measurement, medicine or time, matched on stems and word
families rather than whole phrases: any talk of the bladder or the toilet, a sensation word near the
saddle area, a fall or a collision, a temperature reading, a weight change, a drug family by its
suffix (-mab, -cept, -limus, -tinib, -solone/-sone), a clock time at night. A concept the certain tier
did not settle gets one targeted question ("You mentioned your bladder: is peeing suddenly
difficult…?"); a Yes escalates. Each family is broad on purpose: a question costs a tap, a miss can
cost a spine.
"""

from __future__ import annotations

from bot.core.triage.lexicon import DELIBERATE, NUMB, OSTEO, PAIN_CAUSE, SADDLE, Pattern, alt, gap, pattern

# --------------------------------------------------------------------------- families
SENSE = (NUMB + r"|(?:could not|cannot|can not|can barely|could barely) (?:tell|feel|sense)"
         r"|(?:barely|hardly|did not|do not) (?:even )?(?:feel|felt|notice\w*)|(?:not|no) (?:getting |having )?(?:any )?"
         r"(?:feeling|sensation)|not a (?:flicker|hint|trace|bit|shred) of (?:feeling|sensation)|as though|as if|(?:is not|isnt|not) there"
         r"|missing|vanished|disappeared|(?:hardly|barely|does not|do not) register\w*|feel\w*|felt|sensation\w*"
         r"|touch\w*|fizz\w*|buzz\w*|woolly|wooly|rubber|cotton wool|far away"
         r"|switched off|(?:is not|isnt|not) (?:mine|my own)|someone else s|strange|weird|odd|funny|different"
         r"|cold|heavy|dull")
LEG_PART = (r"legs?|foot|feet|toes?|ankles?|knees?|thighs?|calf|calves|shins?|heels?|soles?|hips?|shoes?|trainers?"
            r"|boots?|bein\w*|pierna\w*|jambe\w*")
BILATERAL = (r"both|two|each|either|left and (?:the )?right|right and (?:the )?left|both sides|either side|each side"
             r"|the other (?:one|leg|foot|side|thigh|calf)|then the other|other one|same way|as well|too|beide\w*"
             r"|left " + gap(6) + r"right|right " + gap(6) + r"left"
             r"|ambas|les deux")
WEAKNESS = (r"weak\w*|power\w*|buckl\w*|fold\w*|giv\w* (?:way|out)|gave (?:way|out)|collaps\w*|drag\w*|scuff\w*"
            r"|catch\w*|slap\w*|flipper|flop\w*|limp\w*|stick|cane|crutch\w*|jelly|wobbl\w*|(?:will|would|does|did)"
            r" not (?:lift|come up|push|hold|work|move|do anything|obey)|(?:cannot|could not|can barely|can hardly)"
            r" (?:lift|control|move|put (?:any )?weight|stand|walk|get (?:up|upright|myself up)|push)"
            r"|not lifting|isnt lifting|went (?:straight )?down|on the (?:\w+ )?floor|zero power|no power|no strength"
            r"|no (?:oomph|force|go in it)|(?:cannot|could not) press|(?:was|is) not there|noodle|spaghetti|rubber")
CANNOT_UP = (r"(?:cannot|could not|unable to|can barely|can hardly|not able to) (?:walk|stand|get (?:up|upright"
             r"|myself up|out of bed)|manage (?:even )?(?:one|a|the) (?:stair|step)|climb the stairs)"
             r"|stuck on the (?:\w+ )?floor|went (?:straight )?down on|legs? (?:just )?(?:did not|would not|will not)"
             r" (?:do anything|work|move|hold)")
CHANGE = (r"spread\w*|wider|bigger|climb\w*|creep\w*|higher|further|up past|getting worse|worse|worsening|each day"
          r"|every day|day by day|more and more|whole|now|weaker|heavier|started (?:in|with)|at first|all the way"
          r"|runs|reach\w*|grown|grew|today it")
URINARY = alt(
    r"(?:have|has|had|did|do|does) not (?:felt|feel|had|noticed) (?:like )?(?:i )?(?:need|the need|the urge|any urge)",
    r"no (?:urge|need) to (?:go|wee|pee)|pee|pees|peed|peeing|wee(?! bit| while| one| lad| lass| hours| small| little)",
    r"wees|weed|weeing|piss\w*|urin\w*|bladder\w*|toilet|toilets|loo|loos|incontinen\w*|dribbl\w*|trickl\w*",
    r"catheter\w*|bowel\w*|poo|poos|pooed|poop\w*|constipat\w*|number two|nappy|nappies|diaper\w*",
    r"(?:pass\w*|loose|hard|black|bloody|my) stools?|stools? (?:sample|is|are|have)",
    r"lavatory|lav|washroom|restroom|few drops|flow|stream|nothing (?:came|comes|would come)",
    r"need to go|needed to go|came out|comes out|come out|escap\w*|leak\w*|gone in my sleep|went in my sleep",
    r"(?:did not|do not) (?:even )?feel (?:myself|it) (?:go|come)|not a drop",
    r"(?:sheets?|bed|mattress|boxers|underwear|knickers|pants|trousers|joggers|trackies|shorts|jeans) " + gap(4)
    + r"(?:soaked|wet|damp|bin|came out|mess\w*)|(?:soaked|wet|damp) (?:joggers|trackies|shorts|jeans|pants)",
    r"but not (?:under|on|in|between|around) (?:my )?(?:bum|bottom|backside|legs|groin|privates|cheeks)",
    r"(?:soaked|wet|damp) (?:through )?(?:the |my )?(?:sheets?|bed|mattress)",
    r"mess\w* (?:in|on) (?:my|the) (?:pants|underwear|knickers|trousers|bed|boxers)|no (?:clue|idea) it (?:had )?happened",
)
SEXUAL = alt(
    r"no (?:morning glory|morning wood|erections?|boners?|sex drive|libido)|solo|sex\w*|erect\w*|orgasm\w*",
    r"climax\w*|ejacul\w*|intercourse|intima\w*|libido|masturbat\w*|arous\w*|clitoris|clit|penis|vagina\w*|vulva",
    r"downstairs|bedroom|between the sheets|take care of myself|in bed (?:with|together)|finish|manhood|hardness|willy"
    r"|willie|dick|todger|vibrator",
    r"(?:me and|with) (?:the |my )?(?:wife|husband|partner|missus|missis|girlfriend|boyfriend|gf|bf) " + gap(3)
    + r"(?:tried|try|bed|together)",
)
SEX_TROUBLE = (SENSE + r"|(?:could not|cannot|unable to) (?:finish|get|keep|do)|nothing (?:is |s )?happen\w*"
               r"|not happening|not working|stopped working|(?:problem|trouble|issue|difficult)\w*|gone|lost|less|reduced"
               r"|(?:not|no longer) (?:becoming|getting|going|staying) hard")
CHEST = alt(
    r"chest(?! of drawers| freezer| stretch\w*| press\w*| exercises?| day| workout| fly| flies| opener\w*)",
    r"heart(?! ?burn| sank| rate| of| was in my mouth| in my mouth)|front of (?:my )?(?:ribs|ribcage)|breastbone",
    r"sternum|(?:down|into|along) (?:the inside of )?(?:my )?(?:left|right) arm",
    r"(?:sweaty|sweating|clammy) and (?:sick|faint|dizzy)|short of breath|breathless\w*|out of breath",
    r"(?:cannot|could not|struggl\w* to|hard to) (?:breathe|catch my breath)|palpitat\w*",
    r"(?:left|right) arm " + gap(3) + r"(?:heavy|numb|ache\w*|aching|pain\w*|tingl\w*|useless)|jaw (?:ache\w*|aching|pain\w*)",
)
FALL = (r"fell|fall(?:en|ing|s)?(?! asleep| apart| in love| behind| for| out| over laughing)|slid|slipped(?! dis[ck])"
        r"|tumbl\w*|came off|come off|flew off|thrown (?:off|from)|went (?:out )?from under|dropped (?:about )?\d+"
        r"|bounced|landed (?:on|flat|hard)|missed my footing|lost (?:my|her|his|their) footing|knocked (?:off|over"
        r"|down)|crash\w*|collision|collided|rear ended|clipped|airbags?|spun|hit by|run over|ran over|tackl\w*"
        r"|flatten\w*|(?:went|ran|skied|drove|crashed|rode|cycled|slammed|flew) (?:straight |head ?first )?into (?:a |the )"
        r"?(?:tree|wall|barrier|back|side|car|van|lorry|truck|bus|post|lamp ?post|ditch|fence|pole|goal ?post|rock)"
        r"|accident|pile up|whiplash|went flying|at (?:full |top )?speed|checked into|blindsided|speared|landed (?:back|head|bum|face) first|rolled|overturned|flipped|on its roof|in a ditch|written off|totalled"
        r"|came down " + gap(2) + r"(?:on|across|onto) (?:top of )?(?:me|my)|fell (?:on|onto) me|landed " + gap(2) + r"on (?:top of )?(?:me|my)|went down (?:the |a )?(?:whole |full )?(?:flight|stairs|staircase|steps)|went over"
        r" (?:the )?(?:bonnet|handlebars|top|car|bars)|threw me|bucked me|came down (?:hard )?on|(?:hit|caught|struck|smacked"
        r"|whacked|crushed|pinned) me " + gap(2) + r"(?:across|in|on|against) (?:the|my)"
        r"|wiped out|wipe out|smash\w*|piled on|landed on (?:top of )?me|kicked by|fell on me")
FEVER = (r"(?<!hay )fever\w*|feverish|like death|shook all night|shaking all night|febrile|temperature\w*|temp|temps|thermometer|chills|chilly|shiver\w*|shaking all over"
         r"|teeth (?:are |were |keep )?chatter\w*|chattering teeth|rigou?rs|burning up|hot and cold|hot then cold"
         r"|cold then hot|sweats|sweating at night|(?:cannot|could not) (?:stop shaking|get warm)|shaking all over"
         r"|clammy|flu(?! jab| vaccine| shot| injection| booster)|flu like")
WEIGHT = (r"weight|kilos?|kgs?|kilograms?|pounds|lbs?|stone|belt|notch\w*|jeans|trousers|clothes|dress size|thin"
          r"|thinner|skinny|skin and bone\w*|hanging off|swimming on|falling off|baggy|watch|ring|rings|sizes?")
LOSS = (r"lost|losing|lose|dropp\w*|down|gone in|fall\w* off|hanging off|swimming|look\w* (?:thin|gaunt)|thinner"
        r"|sliding|slipping|need\w* a belt|from (?:a )?(?:size )?\d+ to (?:a )?\d+"
        r"|skinny|loose|too big|baggy|shrunk|lighter|less")
CANCER_MEDS = (r"tamoxifen|letrozole|anastrozole|exemestane|herceptin|trastuzumab|zoladex|goserelin|bicalutamide"
               r"|enzalutamide|abiraterone|chemo\w*|radiother\w*|radiation|oncolog\w*|metasta\w*|growth|rcc"
               r"|big c|mastectomy|lumpectomy|prostatectomy|nephrectomy|hormone therapy"
               r"|(?!(?:glauc|c|ar|dipl|st|hemat|haemat|lip|ather|granul|xanth|trach|sarc)oma)\w+omas?|sarcoma"
               r"|zytiga|xtandi|femara|arimidex|aromasin|nolvadex|keytruda|opdivo|ibrance|kisqali|verzenio|lupron"
               r"|prostap|decapeptyl|hodgkin\w*|leuka?emia|myeloma|cycle \d+ of \d+|(?:for|treating|treatment for) (?:my |the |her |his )?(?:prostate|breast|bowel|lung"
               r"|kidney|bladder|blood|skin)(?! stretch)")
MEDICINES = (r"\w+mab|(?!(?:ac|ex|con|inter|per|pre)cept)\w+cept|\w+limus|\w+tinib|\w+solone|\w+sone|pred|dex|mtx"
             r"|methotrexate|azathioprine|mycophenol\w*|ciclosporin|cyclosporin\w*|antiretrovir\w*|arvs?|hiv|aids"
             r"|enbrel|humira|stelara|cosentyx|remicade|rinvoq|xeljanz|olumiant|simponi|cimzia|taltz|skyrizi"
             r"|tremfya|entyvio|ocrevus|imuran|cellcept|prograf|neoral|steroid\w*|immun\w*|biologic\w*"
             r"|transplant\w*|dmards?|anti rejection|\w+vir|biktarvy|genvoya|triumeq|odefsey|symtuza|dovato|juluca"
             r"|atripla|eviplera|stribild|metoject|otrexup|rasuvo|jylamvo|nordimet|maxtrex|benepali|erelzi|medrol"
             r"|omnacortil|wysolone|deltacortril|cycle \d+ of \d+|\w+fox|\w+firi")
NIGHT = (r"(?<!last )night\w*|bedtime|bed|sleep\w*|asleep|awake|flat|0?[1-5] : [0-5]\d|lying|lie|laying|lay|recliner|sofa|couch|rest|resting|comfy"
         r"|comfortable|position\w*|(?:[1-5]|one|two|three|four|five) ?(?:am|a m|in the morning|o clock)"
         r"|(?:half|quarter (?:past|to)) (?:one|two|three|four|five|[1-5])|middle of the night|small hours|wee hours"
         r"|till it gets light|until (?:it s|its|it is) light|dawn")
NIGHT_BAD = (r"wake\w*|woke\w*|waking|nothing (?:touches|shifts|helps|works|eases) it|(?:not|no) (?:giving |getting )?"
             r"(?:any )?relief|cannot sleep|can not sleep|pain is more|gets? me up|got me up|worse|worst|throb\w*|no relief|(?:zero|no) difference"
             r"|nothing (?:works|helps|eases)|(?:not|never|does not|do not|did not) (?:help|ease|eas\w*|relie\w*)"
             r"|same whether|just as bad|(?:cannot|could not) get (?:comfy|comfortable)|whichever way|any position"
             r"|agony|unbearable|pacing|like clockwork")
LUMP = (r"lumps?(?! sum| of)|pok\w* out|jut\w* out|knob|nodule|(?:size of|as big as) (?:a |an )?\w+|bending off"
        r"|bending to (?:the )?(?:left|right)|curving|tilting|leaning to (?:the )?(?:left|right)|off to (?:the )?(?:left|right)|(?<!speed )bump(?! in the road|y| into)|bumps|swell\w*|swollen"
        r"|bulg\w*|growth|sticks? out|sticking out"
        r"|stuck out|protrud\w*|twisted|crooked|curved|(?<!speed )hump|hunchback|misshapen|wonky|lopsided|egg")
BACK_PART = r"back|spine|spinal|backbone|shoulder ?blades?|vertebra\w*|side|ribs?|tailbone|coccyx"
UPPER_BACK = (r"up high|high up|back of (?:my |the )?chest|(?:height|level) (?:of|with) (?:my )?armpits|shoulder ?blades?|scapula\w*|between (?:the |my |both )?blades|between (?:my |the )?shoulders|upper back|mid(?:dle)? back|middle of (?:my |the )"
              r"?back|bra (?:strap|line)|thoracic|t \d{1,2}|below (?:my|the) neck|base of (?:my|the) neck")
BONES = (OSTEO + r"|bones? (?:are|is) (?:like )?(?:glass|brittle|thin|fragile|weak|paper)|alendron\w*|\w+dronate"
         r"|\w+dronic|zoledron\w*|bone drip|for my bones"
         r"|bisphosphon\w*|prolia|denosumab|bone density|dexa scan")
HARD_FALL = (r"fell(?! asleep| for| behind| apart| in love)|fall(?:en|ing|s)?(?! asleep| apart| in love| behind| for| out| over laughing)|tumbl\w*|came off"
             r"|come off|flew off|thrown (?:off|from)|went (?:out )?from under|dropped (?:about )?\d+|bounced"
             r"|slid (?:straight )?off|crash\w*|collision|collided|rear ended|clipped|spun|hit by|run over|ran over"
             r"|airbags?|smash\w*")
SMALL_FALL = (FALL + r"|with a (?:thump|bump|bang|thud|bump)|misjudged|missed (?:it|the chair|the seat)|landed on the floor|tripped|trip|stumbl\w*|sat down (?:\w+ )?(?:hard|heavily)|went down|bumped|knocked|jarred"
              r"|missed (?:a|the) step|lost (?:my|her|his) balance")


def concept(sign: str, *parts: str, unless: str | None = None, window: int = 40, reach: int | None = None,
            across: bool = False, own: bool = True) -> Pattern:
    """A family combination that earns a question about a sign: all parts in one sentence (own: as in Pattern)."""
    return pattern(sign, *parts, unless=unless, window=window, reach=reach, across=across, own=own)


CONCEPTS: tuple[Pattern, ...] = (
    concept("saddle_numbness", SADDLE + r"|loo seat|backside|undercarriage|nether\w*|down below|willy|willie|dick|todger"
            r"|manhood|(?:bit|bits|part|parts"
            r"|area) (?:i|you) (?:d |would )?sit on|what i sit on", SENSE, own=False,
            unless=r"(?:can|could) feel (?:everything|it all|fine|normally)|feels? (?:normal|fine|ok|okay)|normal"),
    concept("bladder_bowel", URINARY, unless=r"drink\w*|water|hydrat\w*|tea|coffee|how much|how often|full control"
            r"|(?:is|are) (?:fine|normal|ok|okay)|no (?:problem|issue|change)\w*", reach=4, own=False),
    concept("sexual_dysfunction", SEXUAL, SEX_TROUBLE, own=False),
    concept("both_legs", BILATERAL, LEG_PART, alt(SENSE, WEAKNESS, r"shoot\w*|pain|pinch\w*|electric\w*|sciatica"),
            own=False),
    concept("both_legs", r"legs|feet|thighs|calves|knees|ankles|shins|heels", alt(SENSE, WEAKNESS), own=False),
    concept("severe_leg_weakness", LEG_PART, WEAKNESS, own=False),
    concept("severe_leg_weakness", CANNOT_UP, unless=PAIN_CAUSE + r"|up straight|straighten", own=False),
    concept("chest_pain", CHEST, unless=r"(?:sea|tea|treasure|toy|blanket|wooden|storage|old|medicine|ice|tool|war|linen"
            r"|hope) chest"),
    concept("major_trauma", FALL, unless=r"laptop|computer|pc|phone|app|website|server|market|stocks?|system"),
    concept("fever", r"boiling|roasting|burning|sweating|hot", r"freezing|frozen|froze|icy|shivering|shaking|cold|chills",
            window=12,
            unless=r"outside|weather|heatwave|room|bath|shower|sauna|pad|water|pack|gel|bottle|drink\w*|food"),
    concept("fever", r"soaked|drenched|dripping|sweat\w*", r"night|woke|wake|sheets|bed|pillow|pyjamas|pajamas|am",
            window=12, unless=r"gym|run|running|workout|exercis\w*|sauna|hot (?:day|weather)|heatwave"),
    concept("fever", FEVER, unless=r"outside|weather|heatwave|room|bath|shower|sauna|pad|water|pack|gel|gauge|engine"
            r"|oven|car|van|thermostat|hay fever|hayfever"),
    concept("weight_loss", WEIGHT, LOSS, window=12, unless=DELIBERATE + r"|bench|squat\w*|deadlift\w*|reps?|pb|lift\w*"
            r"|(?:cannot|can not|unable to|struggl\w* to) lose"),
    concept("weight_loss", r"weigh\w*|scales|weight|kilos?|kgs?|pounds|lbs?|stone",
            r"eating the same|no idea why|\d+(?:[.,]\d+)?(?: , \d+(?:[.,]\d+)?){2,}"),
    concept("weight_loss", r"(?:was|used to be|from) \d+(?:[.,]\d+)? ?(?:kg|kgs|kilos?|lbs?|pounds|stone|st)",
            r"now|down to|to \d+"),
    concept("cancer_history", CANCER_MEDS),
    concept("immunosuppressed", r"rheumatoid|psoriatic arthritis|rheumy|rheumatolog\w*|sarcoid\w*|nephrotic|lupus"
            r"|crohn\w*|colitis|multiple sclerosis|vasculitis|myasthenia|transplant\w*",
            r"pen|injection\w*|jab\w*|infusion\w*|drip|tablets?|pills?|weekly|every (?:week|\w+day)|biologic\w*"),
    concept("immunosuppressed", r"pens?|injections?|jabs?|infusions?",
            r"every (?:week|fortnight|other week|two weeks|month|\d+ weeks)|fortnightly|weekly|monthly"),
    concept("immunosuppressed", MEDICINES, unless=r"cream|ointment|inhaler|puffer|nasal|spray|drops|epidural|anabolic"
            r"|negative|tests?|tested|screen\w*|check\w*"
            r"|steroid (?:injection|jab|shot)s?|injection\w* (?:in|into) (?:my|the) (?:back|spine|knee|shoulder|hip)"),
    concept("night_pain", NIGHT, NIGHT_BAD, unless=r"(?:worse|stiff\w*|bad|sore) (?:in the|first thing in the) morning"
            r"|mornings|first thing|when i (?:get|wake) up"),
    concept("back_deformity", LUMP, BACK_PART, unless=r"pregnan\w*|baby|twins|bump is|baby bump"),
    # a lump or deformity named without a place: asked about, not escalated (the certain tier wants the back named)
    concept("back_deformity", r"lumps?(?! sum| of)|deform\w*", unless=r"breast|throat|neck|arm|armpit|leg|groin|cyst|benign"
            r"|fatty|lipoma|mattress|pillow|bed|cushion|chair|sofa|seat|couch|porridge|gravy|sugar"),
    concept("one_leg_spreading", LEG_PART, alt(NUMB, r"weak\w*|dead|pins|funny|patch|strange|odd"), CHANGE, across=True,
            unless=r"fad\w*|less|better|improv\w*|eas\w*|going away|settl\w*"),
    concept("thoracic_pain", UPPER_BACK, r"(?:it s|its|it is) (?:on|in|at|up|between|right)|pain\w*|hurt\w*|ache\w*|aching|agony|sore|stab\w*|sharp|burn\w*|throb\w*"
            r"|feel it|moved up|spread\w*|sitting|sits"),
    concept("osteoporosis_fall", BONES),
)

# A certain osteoporosis fall also takes the small falls the concept families know ("sat down heavily").
CERTAIN_EXTRA: tuple[Pattern, ...] = (
    pattern("osteoporosis_fall", BONES, SMALL_FALL, across=True),
    pattern("chest_pain", r"chest", r"pressure|tight\w*|heav\w*|crush\w*|squeez\w*|band|elephant|weight",
            r"sweat\w*|drench\w*|clammy|breath\w*|arm|jaw|neck|grey|gray|faint|dizzy|sick|nause\w*", window=20,
            own=False),
    pattern("major_trauma", HARD_FALL, r"ladder|stepladder|roof|extension|scaffold\w*|loft|attic|stairs|steps|staircase"
            r"|horse|trampoline|tree|wall|balcony|\d+ (?:feet|foot|ft|metres|meters|m)|airbags?|lorry|truck|motorway"
            r"|at speed|motorbike|car|van|bus", window=14),
    pattern("major_trauma", r"(?:two|three|\d+|a few|some) (?:lads|guys|men|players|people) (?:landed|fell|piled)"
            r"|airbags? (?:went off|deployed|blew)|(?:hit|knocked down|knocked over|run over) by a (?:car|van|bus"
            r"|lorry|truck|bike)"),
    pattern("fever", r"3[89][.,]\d|4[0-2][.,]\d|10[1-5][.,]\d|100[.,][4-9]",
            unless=r"outside|weather|room|bath|water|oven|fridge|freezer|sauna|car|km|miles|kg|kgs|kilos?|lbs?|pounds"
                   r"|percent|per cent|minutes?|seconds?|hours?|weeks?|cm|mm|inch\w*|price|cost|paid|pay"),
    pattern("fever", r"thermometer|temperature|temp|fever\w*|reading|read|reads|says|said|degrees?|deg|c|f|i have",
            r"3[89](?:[.,]\d)?|4[0-2](?:[.,]\d)?|10[1-9](?:[.,]\d)?|100[.,][4-9]", window=6,
            unless=r"outside|weather|room|bath|water|oven|fridge|freezer|sauna|car"),
    pattern("immunosuppressed", MEDICINES, r"(?:on|taking|take|takes|took|been on|prescribed|daily|every|weekly"
            r"|tablets?|pills?|jabs?|injections?|infusions?|\d+ ?mg|mg)", window=6,
            unless=r"cream|ointment|inhaler|puffer|nasal|spray|drops|epidural|anabolic|hay ?fever|asthma|eczema|flonase"
            r"|nasonex|beconase|avamys|pulmicort|clenil|qvar|seretide|symbicort|fostair|flixotide|immune system (?:is )?(?:fine|good"
            r"|normal|strong)|immun\w*|steroid injection\w*"),
)
