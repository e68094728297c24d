"""The safety net's yes/no question as a message: its text, its Yes and No buttons, and reading a press back."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.content.texts import Texts
from bot.core.triage.questions import TOPICS, Concern, text_name
from bot.tg.keyboards.callbacks import SAFETY


@dataclass(frozen=True)
class Press:
    """A press on a question's button: Yes or No, and the concern it answers."""

    yes: bool
    concern: Concern


def question_text(texts: Texts, concern: Concern) -> str:
    """The question about one concern (with a line asking to answer for them, when it is about someone else)."""
    text = texts(text_name(concern.topic))
    return f"{text}\n{texts('ask_about_them')}" if concern.about_other else text


def question_markup(texts: Texts, concern: Concern) -> InlineKeyboardMarkup:
    """Yes and No, side by side."""
    whom = "o" if concern.about_other else "u"
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(texts("ask_yes_button"), callback_data=f"{SAFETY}y:{concern.topic}:{whom}"),
        InlineKeyboardButton(texts("ask_no_button"), callback_data=f"{SAFETY}n:{concern.topic}:{whom}"),
    ]])


def read_press(data: str) -> Press | None:
    """The press a button payload stands for; None when it is malformed or forged."""
    answer, _, rest = data.removeprefix(SAFETY).partition(":")
    topic, _, whom = rest.partition(":")
    if answer not in ("y", "n") or topic not in TOPICS or whom not in ("u", "o"):
        return None
    return Press(answer == "y", Concern(topic, whom == "o"))
