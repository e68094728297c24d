"""Button payloads (callback_data): their fixed prefixes, so handlers and keyboards agree."""

CONSENT = "consent"
DELETE_YES = "delete:yes"
DELETE_NO = "delete:no"


def exact(payload: str) -> str:
    """Return a CallbackQueryHandler pattern that matches exactly this payload."""
    return f"^{payload}$"
TOPIC = "t:"          # t:<answer id>: show this answer topic
TOPICS_PAGE = "tp:"   # tp:<page>: show this page of the topic list


def prefixed(prefix: str) -> str:
    """Return a CallbackQueryHandler pattern for payloads starting with prefix."""
    return f"^{prefix}"
SAFETY = "sq:"        # sq:<y|n>:<topic>:<u|o>: the answer to a safety-net question (topic: a sign or persist_14d)
