"""Everything the other handlers do not take: groups, media, edits, unknown commands, stale buttons,
and the central error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.storage.health import DatabaseProblem
from bot.tg.editing import answer_press, is_harmless
from bot.tg.services import services

logger = logging.getLogger(__name__)


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, **values: object) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(services(context).content.texts(name, **values))


async def ignore(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A channel post: the bot serves people in private chats (and says so in groups); channels get nothing."""
    raise ApplicationHandlerStop


async def private_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group: say in one line that the bot works in private chat."""
    await _reply(update, context, "private_only")


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message is not acted on; ask for a new one."""
    await _reply(update, context, "edited_message")


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Name the unknown command and point to /help."""
    message = update.effective_message
    command = (message.text or "").split()[0].split("@")[0][:40] if message else "?"
    await _reply(update, context, "unknown_command", command=command)


async def unsupported_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice and the like: say only text is read."""
    await _reply(update, context, "unsupported_message")


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press no handler recognises (expired or forged): say so, change nothing."""
    query = update.callback_query
    if query is not None:
        await answer_press(query, services(context).content.texts("stale_button"), alert=True)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error first, then tell the user something went wrong (without details): in the button's
    pop-up, or by a new message when the press was answered already or there was no button. Telegram
    refusing an edit or answer that cannot matter (a double press, a deleted message) is logged at INFO."""
    error = context.error
    if error is not None and is_harmless(error):
        logger.info("Telegram refused a request that cannot matter: %s", error)
        return
    if isinstance(error, DatabaseProblem):  # known, logged and told to admins once already: one line each time
        logger.warning("an update could not be saved: %s", error)
    else:
        logger.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update):
        return
    text = services(context).content.texts("error")
    try:
        if update.callback_query is not None and await answer_press(update.callback_query, text[:200], alert=True):
            return
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError as failure:
        logger.warning("could not tell the user about the error: %s", failure)
