"""Button payloads (callback_data): every fixed prefix in one place, so handlers and keyboards agree.

Each payload stays within Telegram's 64 bytes; the part after a prefix is documented beside it.
"""

CONSENT = "consent"             # the consent button after /start
DELETE_YES = "delete:yes"       # /delete confirmed
DELETE_NO = "delete:no"         # /delete cancelled
TOPIC = "t:"                    # t:<answer id>: show this answer topic
TOPICS_PAGE = "tp:"             # tp:<page>: show this page of the topic list
OFFER_NONE = "none"             # "none of these" under a choice of topics
NUDGE_BUTTON = "n:"             # n:<d|z|s>:<due id>: done, snooze, skip today
SETTINGS_BUTTON = "s:"          # s:<action>[:<argument>]: the /settings menu
CHECKIN_BUTTON = "ck:"          # ck:<step>:<answer>: a check-in answer
BEGIN_CHECKIN = "ckb"           # the "check in now" button offered after consent and in /help
SAFETY = "sq:"                  # sq:<y|n>:<topic>:<u|o>: a safety-net question (topic: a sign or persist_14d)
SETUP_BUTTON = "o:"             # o:<step action>[:<argument>]: the first steps after consent (keyboards/setup.py)
ENGAGE_BUTTON = "f:"            # f:<choice>:<category>: the question about unanswered nudges; f:wake after a silent pause
ROUTINE_BUTTON = "r:"           # r:go:<routine id>, r:next|pause|resume|stop, r:feel:<feeling>: guided routines
BROADCAST_BUTTON = "bc:"        # bc:<yes|no>:<broadcast id>: an operator confirming a broadcast


def exact(payload: str) -> str:
    """Return a CallbackQueryHandler pattern that matches exactly this payload."""
    return f"^{payload}$"


def prefixed(prefix: str) -> str:
    """Return a CallbackQueryHandler pattern for payloads starting with prefix."""
    return f"^{prefix}"
