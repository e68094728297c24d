"""How the free-text screening recognises each URGENT sign: only when it is about the user.

"My mum has osteoporosis" or "my friend had cancer" is not the user's red flag.
"""

from __future__ import annotations

from bot.core.triage.lexicon import (
    BACK, CANCER, CANCER_DOUBT, DELIBERATE, LUMP, MINOR_FALL, ONE_LEG, OSTEO, PROGRESS, REMOTE_PAST, Pattern, alt, gap,
    pattern,
)

URGENT_PATTERNS: tuple[Pattern, ...] = (
    pattern("fever",
            alt(
                r"(?<!hay )(?<!glandular )fever\w*|febrile|fieber\w*|fiebre|fievre\w*|febbre|calentura|temperatura alta",
                r"hot and (?:cold|shivery)|hot then cold|burning up|cold sweats?|night sweats",
                r"sweat\w* (?:at|in the|through the) night|drenched in sweat|flu ?like|schuttelfrost|escalofrios",
                r"frissons?|sudores nocturnos|sueurs nocturnes",
            ),
    ),
    pattern("fever",
            alt(
                r"(?:have|has|had|got|getting|running|run|with|high|slight|mild|raised|spiking|spiked"
                r") (?:a )?(?:high |slight |mild |bit of a |raised |little )?(?:temperature|temp)(?! (?:outside"
                r"|in the|of the|pad|setting|job))",
                r"(?:temperature|temp) (?:is |was |of |at |reading |around |about )?(?:3[89]|4[0-2]"
                r"|10[0-5])(?:[.,]\d)?",
                r"(?:3[89]|4[0-2])(?:[.,]\d)? ?(?:c|grad|grados)|(?:3[89]|4[0-2])[.,]\d ?(?:degrees|deg)",
            ),
            unless=r"outside|weather|heatwave|sun|summer|room|bath|sauna|hot tub|pad|water|gauge|engine|oven|car|van"
                   r"|thermostat|dial|setting",
    ),
    pattern("fever",
            r"shiver\w*(?! down (?:my|the) spine)|shivery|chills|rigou?rs",
            unless=r"ice pack|ice bath|cold shower|cold water|freezing outside",
    ),
    pattern("weight_loss",
            alt(
                r"(?:lost|losing|dropped|dropping|shed|shedding|loss of) " + gap(3) + r"(?:weight"
                r"|\d+(?:[.,]\d+)? ?(?:kilos?|kgs?|kilograms?|pounds|lbs?|stone|st)|(?:a|one|two|three|four|five|six"
                r"|seven|eight|nine|ten|a few|several|a lot of|loads of|lots of) (?:kilos?|kgs?|kilograms?|pounds|lbs"
                r"|stone))",
                r"(?:unexplained|unintentional|unintended|unexpected|sudden|rapid|unexplainable|strange|weird|big"
                r"|significant|lot of|noticeable) weight loss",
                r"weight loss (?:without|for no reason|i cannot explain)",
                r"weight (?:is |has been |keeps )?(?:dropping|falling|going down|falling off)",
                r"(?:clothes|trousers|jeans) (?:are |have )?(?:\w+ )?(?:loose|falling off|too big)|abgenommen",
                r"gewichtsverlust|perdido peso",
                r"perdi " + gap(1) + r"(?:kilos|peso)",
                r"adelgazado|maigri\w*|perte de poids",
                r"perdu (?:du poids|" + gap(1) + r"kilos)",
            ),
            unless=DELIBERATE,
            reach=5,
    ),
    pattern("cancer_history",
            alt(
                r"(?:had|survived|survivor of|beat|beaten|diagnosed with|treated for|history of|recovering from"
                r"|remission from|fighting|battling|my|ex|previous|past|former|secondary) (?:(?!fear|worr|scared"
                r"|afraid|risk|chance|screen|test|check)[a-z0-9]+ ){0,3}" + f"(?:{CANCER})" + r"(?! scare| test"
                r"| screening| check| risk)",
                f"(?:{CANCER})" + r" (?:survivor|patient|treatment|history|when i was|in (?:19|20)\d\d|\d+ years ago"
                r"|last year)",
                r"(?:treated|treatment|seen|appointments?|patient) (?:at|in|by) (?:the "
                r"|a )?" + f"(?:{CANCER})" + r" (?:centre|center|clinic|unit|hospital|ward)",
                r"in remission|radiotherapy|radiation (?:therapy|treatment)|mastectomy|lumpectomy|oncologist",
            ),
    ),
    pattern("cancer_history",
            f"(?:{CANCER})" + r"(?! ward| unit| charity| research| awareness| centre| center| nurse| screening| test"
            r"| scare| risk| run| fundraiser| trust| society)",
            unless_before=CANCER_DOUBT,
    ),
    pattern("immunosuppressed",
            alt(
                r"hiv|vih|immuno ?suppress\w*|immuno ?compromised|immune ?(?:suppress\w*|deficien\w*)",
                r"(?:weak|weakened|low|poor|compromised|suppressed) immun\w*",
                r"immune system (?:is |has been )?(?:very )?(?:low|weak\w*|compromised|suppressed|poor)",
                r"(?:weak|weakened|low|poor|compromised|suppressed) immune system|chemo\w*|quimio\w*|chimio\w*",
                r"transplant\w*|anti ?rejection|prednisolone|prednisone|dexamethasone|methotrexate|azathioprine",
                r"tacrolimus|ciclosporin|cyclosporin\w*|mycophenolate|biologics?|humira|adalimumab|infliximab",
                r"rituximab",
            ),
            unless=r"test\w*|screen\w*",
            unless_before=r"hair",
            reach=3,
    ),
    pattern("immunosuppressed",
            alt(
                r"(?:on|taking|take|takes|took|been on|using|prescribed|long term|longterm|daily|years of|months of"
                r"|high dose|oral|course of) " + gap(3) + r"(?:steroid\w*|cortison\w*|kortison\w*|esteroides"
                r"|corticoid\w*|corticost\w*)",
                r"(?:steroid\w*|cortison\w*) " + gap(3) + r"(?:for (?:years|months|\d+|a long time|ages|a while)"
                r"|every day|daily|long term|tablets?|pills?)",
            ),
            unless=alt(
                r"injection\w*|inject\w*|jabs?|shots?|epidural|cream|ointment|inhaler|puffer|nasal|spray|drops|anabolic",
                r"gym",
            ),
            reach=12,
    ),
    pattern("night_pain",
            alt(
                r"(?:worse|worst|bad|badly|terrible|awful|unbearable|agony|agonising|agonizing|excruciating|intense"
                r"|severe|pain|hurts?|hurting|aches?|aching|throb\w*) (?:(?!better|easier|less|fine|good|ok|okay|eas"
                r"|relie|calm)[a-z0-9]+ ){0,3}(?:at night|during the night|in the night|overnight|through the night"
                r"|all night|every night|at nighttime|nights)",
                r"(?:night|nights|nighttime|night time)(?: (?:is|are|s|always|even|much|far|really|so|definitely|get"
                r"|gets|getting))* (?:the )?(?:worse|worst|terrible|awful|agony|unbearable|hell)",
                r"night pain|nocturnal pain",
                r"(?:pain|it|spasms?|back|ache) " + gap(2) + r"(?:wakes|woke|waking|wake|keeps|kept|keeping) me (?:up"
                r"|awake)",
                r"(?:woken|woke|wake|waking|wakes) (?:up )?" + gap(3) + r"(?:by|with|from|because of|in) (?:the "
                r"|such |bad |terrible |awful )?(?:pain|agony)",
                r"(?:cannot|could not|unable to|not able to) (?:sleep|get to sleep|fall asleep|stay asleep|lie down"
                r"|lie flat)(?: at night)? (?:for|because of|from|due to|with) (?:the |my )?(?:pain|agony|back)",
                r"(?:up|awake) all night (?:with|from|because of|in) (?:the )?(?:pain|agony)",
                r"(?:lying down|lying flat|lie down|lying|resting|rest|lying in bed|bed rest"
                r"|laying down) " + gap(2) + r"(?:makes|made) no difference",
                r"(?:lying down|lying flat|lie down|lying|resting|rest|lying in bed|bed rest"
                r"|laying down) " + gap(2) + r"(?:does not|do not|did not|never|is not|will not|not) (?:really |much "
                r"|at all )?(?:help\w*|eas\w*|reliev\w*|make (?:it|any) (?:better|difference))",
                r"(?:not|never) (?:eased|relieved|helped|better) (?:by|with|when|even when) (?:lying|rest\w*|laying)",
                r"no position (?:is comfortable|helps|eases)",
                r"(?:worse|worst|more painful|hurts more) (?:when |while )?(?:lying|laying|resting|at rest|in bed)",
                r"(?:hurts|pain|painful|worse) " + gap(2) + r"even (?:lying|at rest|when resting|in bed|when lying)",
                r"not even (?:when )?(?:lying|laying|resting|rest|in bed)",
                r"pain " + gap(1) + r"day and night",
                r"nachts (?:schlimmer|am schlimmsten|starker)|peor (?:por|en) la noche|pire la nuit",
            ),
    ),
    pattern("back_deformity", LUMP, BACK, unless=r"dis[ck]s?|pregnan\w*|baby|twins|bump is|baby bump", window=6),
    pattern("back_deformity",
            alt(
                r"(?:spine|back|backbone) " + gap(2) + r"(?:looks?|seems?|gone|changed|changing|become"
                r"|became) " + gap(2) + r"(?:curved|crooked|misshapen|deformed|different|wonky|out of shape"
                r"|s shaped)",
                r"(?:change\w*|different) " + gap(2) + r"shape " + gap(2) + r"(?:back|spine)",
                r"(?:bone|vertebra\w*) " + gap(2) + r"sticking out",
                r"(?:spine|back|backbone) (?:is |has |looks |seems |has gone |is getting "
                r"|got )?" + gap(1) + r"(?:crooked|misshapen|deformed|curved|wonky|out of shape|s shaped)",
                r"(?:spine|back) " + gap(2) + r"(?:changed|changing|different) shape",
            ),
            unless=r"throat|sum|sugar|cat|dog|pet|puppy|kitten|horse|neck|gland|breast|arm|armpit|leg|groin|cyst|benign"
                   r"|fatty|lipoma|mattress|pillow|bed|cushion|chair|sofa|seat|couch|porridge|gravy",
    ),
    pattern("one_leg_spreading",
            alt(
                r"numb\w*|tingl\w*|pins and needles|weak\w*|no feeling|dead|prickl\w*|taub\w*|kribbel\w*|entumec\w*",
                r"hormigue\w*|engourd\w*|fourmill\w*",
            ),
            ONE_LEG,
            PROGRESS,
            window=12,
    ),
    pattern("one_leg_spreading",
            r"weak\w*|schwach\w*|debil\w*|faibl\w*",
            r"leg|foot|thigh|bein|pierna|jambe",
            window=4,
    ),
    pattern("thoracic_pain",
            alt(
                r"between (?:my |the |your |his |her )?(?:shoulder ?blades?|scapula\w*|shoulders)",
                r"zwischen den schulterblatt\w*|entre (?:los |mis )?omoplatos|entre (?:les |mes )?omoplates",
                r"thoracic " + gap(2) + r"(?:pain|hurt\w*|ache\w*|aching|sore|spasm\w*)",
                r"(?:pain|hurt\w*|ache\w*|aching|sore|spasm\w*) " + gap(3) + r"thoracic",
            ),
    ),
    pattern("osteoporosis_fall", OSTEO, MINOR_FALL, unless=REMOTE_PAST, across=True),
)
