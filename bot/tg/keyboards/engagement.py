"""Buttons of the question about unanswered nudges and of the pause after silence. Pure; labels from texts.

Payloads (ENGAGE_BUTTON, at most 64 bytes): f:<fewer|time|pause|keep>:<category> answer the question;
f:<earlier|later>:<category> move the category's times an hour; f:wake ends a pause for silence.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.content.texts import Texts
from bot.tg.keyboards.callbacks import ENGAGE_BUTTON, SETTINGS_BUTTON

WAKE = "wake"
SHIFTS = ("earlier", "later")


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=ENGAGE_BUTTON + data)


def question_keyboard(texts: Texts, category: str) -> InlineKeyboardMarkup:
    """Fewer of these, a different time, pause a week, keep as they are."""
    return InlineKeyboardMarkup([
        [_button(texts("engage_fewer_button"), f"fewer:{category}"), _button(texts("engage_time_button"), f"time:{category}")],
        [_button(texts("engage_pause_button"), f"pause:{category}"), _button(texts("engage_keep_button"), f"keep:{category}")],
    ])


def time_keyboard(texts: Texts, category: str) -> InlineKeyboardMarkup:
    """An hour earlier, an hour later, or the category's settings."""
    return InlineKeyboardMarkup([
        [_button(texts("engage_earlier_button"), f"earlier:{category}"),
         _button(texts("engage_later_button"), f"later:{category}")],
        [InlineKeyboardButton(texts("engage_choose_button"), callback_data=f"{SETTINGS_BUTTON}open:{category}")],
    ])


def resume_keyboard(texts: Texts) -> dict:
    """One button that starts the nudges again, as the Bot API's JSON (sent by the dispatcher)."""
    return {"inline_keyboard": [[{"text": texts("silent_resume_button"), "callback_data": ENGAGE_BUTTON + WAKE}]]}
