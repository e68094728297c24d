"""Editing messages the bot sent, in one place: a double press, a deleted or a too-old message is not an error.

Telegram refuses an edit that changes nothing ("message is not modified"), one of a message that is
gone ("message to edit not found") or too old to edit, and a second answer to a button press ("query
is too old"). None of these is the bot's fault, and each means the subscriber already sees what
they should (or nothing can be shown), so they are logged at INFO and the handler goes on.
"""

from __future__ import annotations

import logging

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest

logger = logging.getLogger(__name__)

# Parts of Telegram's error descriptions (lower case) that mean the edit or answer cannot matter.
HARMLESS = ("message is not modified", "message to edit not found", "message can't be edited",
            "message_id_invalid", "query is too old", "query id is invalid", "message to delete not found")


def is_harmless(error: BaseException) -> bool:
    """Whether an error is Telegram refusing an edit or answer that cannot matter (see HARMLESS)."""
    return isinstance(error, BadRequest) and any(part in error.message.lower() for part in HARMLESS)


async def edit_in_place(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None,
                        plain: bool = False) -> bool:
    """Replace the pressed message's text and buttons (plain: no HTML); False when refused harmlessly."""
    try:
        if plain:
            await query.edit_message_text(text, reply_markup=markup, parse_mode=None)
        else:
            await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        return _refused(error, "edit")
    return True


async def set_buttons(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> bool:
    """Replace (or, with None, remove) the pressed message's buttons; False when refused harmlessly."""
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest as error:
        return _refused(error, "button edit")
    return True


async def edit_message(bot: Bot, chat_id: int, message_id: int, text: str,
                       markup: InlineKeyboardMarkup | None = None, plain: bool = False) -> bool:
    """Replace a message's text by chat and message id (plain: no HTML); False when refused harmlessly."""
    try:
        if plain:
            await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=markup,
                                        parse_mode=None)
        else:
            await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=markup)
    except BadRequest as error:
        return _refused(error, "edit")
    return True


async def drop_buttons(bot: Bot, chat_id: int, message_id: int) -> bool:
    """Remove the buttons of a message by chat and message id; False when refused harmlessly."""
    try:
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
    except BadRequest as error:
        return _refused(error, "edit")
    return True


async def edit_caption(bot: Bot, chat_id: int, message_id: int, caption: str,
                       markup: InlineKeyboardMarkup | None = None) -> bool:
    """Replace a picture's caption (and buttons: none unless given); False when refused harmlessly."""
    try:
        await bot.edit_message_caption(chat_id=chat_id, message_id=message_id, caption=caption, reply_markup=markup)
    except BadRequest as error:
        return _refused(error, "edit")
    return True


async def answer_press(query: CallbackQuery, text: str | None = None, alert: bool = False) -> bool:
    """Answer a button press (once); False when it was answered already or is too old."""
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as error:
        return _refused(error, "answer")
    return True


def _refused(error: BadRequest, what: str) -> bool:
    if not is_harmless(error):
        raise error
    logger.info("%s refused by Telegram, nothing to do: %s", what, error.message)
    return False
