"""Removing personal details from the text of a question the bot could not answer, before it is kept.

Unanswered questions are kept (without who asked) so operators can add the topics people miss; what
someone typed may still name them: e-mail addresses, links, phone numbers and other long runs of
digits (card, insurance or ID numbers) are replaced by a placeholder.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|de|uk|io|info|co)(?:/\S*)?\b",
                  re.IGNORECASE)
# a phone number or any run of 5+ digits, allowing the separators people type inside them
NUMBER = re.compile(r"\+?\d(?:[\s./()-]*\d){4,}")


def scrub(text: str) -> str:
    """The text with e-mail addresses, links and long numbers replaced by [email], [link] and [number]."""
    text = EMAIL.sub("[email]", text)
    text = LINK.sub("[link]", text)
    return NUMBER.sub("[number]", text)
