"""The words of a friendly reply: small talk by its kind, and the reply to a statement of pain."""

from __future__ import annotations

import html
import random

from bot.core.conversation.files import Conversation

# (first hour, part of the day): 05:00-11:59 morning, 12:00-16:59 afternoon, 17:00-21:59 evening
PARTS_OF_DAY = ((5, "morning"), (12, "afternoon"), (17, "evening"), (22, "night"))
FRUSTRATION = "frustration"


def part_of_day(hour: int) -> str:
    """The part of the day a local hour (0-23) falls in."""
    part = "night"
    for first, name in PARTS_OF_DAY:
        if hour >= first:
            part = name
    return part


def _fill(template: str, conversation: Conversation, first_name: str, hour: int) -> str:
    greeting = conversation.times_of_day[part_of_day(hour)]
    return template.format(first_name=html.escape(first_name, quote=False), greeting=html.escape(greeting, quote=False))


def small_talk_reply(conversation: Conversation, kind: str, rng: random.Random, first_name: str, hour: int,
                     contact: str = "") -> str:
    """One of the kind's replies (Telegram HTML), greeting by the local hour; the way to reach a person
    is added to a frustrated reply when the operator configured one."""
    reply = _fill(rng.choice(conversation.smalltalk.by_name[kind].replies), conversation, first_name, hour)
    if kind == FRUSTRATION and contact:
        reply += "\n\n" + conversation.contact_line.format(contact=html.escape(contact, quote=False))
    return reply


def pain_reply(conversation: Conversation, rng: random.Random, first_name: str, hour: int) -> str:
    """One of the replies to a statement of pain (Telegram HTML)."""
    return _fill(rng.choice(conversation.pain_replies), conversation, first_name, hour)
