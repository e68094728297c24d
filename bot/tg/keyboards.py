"""Inline keyboards the bot sends; labels come from content texts."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.texts import Texts
from bot.tg.callbacks import CONSENT, DELETE_NO, DELETE_YES


def consent_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """One button: agree to the disclaimer and subscribe."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts("consent_button"), callback_data=CONSENT)]])


def delete_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Confirm or cancel erasing everything about the subscriber."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(texts("delete_yes_button"), callback_data=DELETE_YES),
        InlineKeyboardButton(texts("delete_no_button"), callback_data=DELETE_NO),
    ]])
