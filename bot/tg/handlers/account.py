"""The subscriber's control over their subscription and data: /stop and /delete."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.storage.store import ACTIVE, STOPPED
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.keyboards.answers import delete_keyboard
from bot.tg.editing import answer_press, edit_in_place
from bot.tg.services import services


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop scheduled messages; the subscriber's data is kept."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    if subscriber.status != ACTIVE:
        await message.reply_text(s.content.texts("already_stopped"))
        return
    s.storage.set_status(subscriber.id, STOPPED, s.clock.now())
    s.storage.cancel_pending(subscriber.id)
    await message.reply_text(s.content.texts("stopped"))


async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for confirmation before erasing everything about the user."""
    message = update.effective_message
    if message is None:
        return
    texts = services(context).content.texts
    await message.reply_text(texts("delete_confirm"), reply_markup=delete_keyboard(texts))


async def delete_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erase everything stored about the user who confirmed."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    s = services(context)
    s.sender.forget(user.id)  # a nudge of a dispatcher pass under way is not sent after this
    s.storage.delete_subscriber(user.id)
    if context.user_data is not None:
        context.user_data.clear()
    await s.sender.quiet(user.id)  # one already on the wire lands before "erased" does
    await answer_press(query)
    await edit_in_place(query, s.content.texts("deleted"))


async def delete_cancelled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the data and say so."""
    query = update.callback_query
    if query is None:
        return
    await answer_press(query)
    await edit_in_place(query, services(context).content.texts("delete_cancelled"))
