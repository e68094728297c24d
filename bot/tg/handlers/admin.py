"""Operator commands, for BOT_ADMIN_IDS only: /stats, /broadcast (compose, preview, confirm), /reload.

Anyone else gets exactly the ordinary unknown-command reply, so nothing about these leaks. Operator
replies are plain text in English: they are tools for the team, not subscriber-facing content.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.reports.stats import collect_stats, format_stats
from bot.tg.sending.broadcasts import progress_text
from bot.tg.handlers.fallback import stale_button, unknown_command
from bot.tg.sending.nudges import dispatch_due
from bot.tg.reload import describe, reload_and_tell_admins
from bot.tg.services import services
from bot.tg.editing import answer_press, edit_in_place
from bot.tg.keyboards.callbacks import BROADCAST_BUTTON
from scheduler.parsing import MAX_ID, bounded_int

COMPOSING = "composing_broadcast"
ADMIN_COMMANDS = ("stats", "broadcast", "reload")


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the update comes from a configured admin."""
    user = update.effective_user
    return user is not None and user.id in services(context).config.admin_ids


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: subscribers, nudges, check-ins, escalations and unanswered questions."""
    if not is_admin(update, context) or update.effective_message is None:
        await unknown_command(update, context)
        return
    s = services(context)
    await update.effective_message.reply_text(format_stats(collect_stats(s.storage, s.clock.now())), parse_mode=None)


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload: load content/ again; refused whole if any file is broken."""
    if not is_admin(update, context) or update.effective_message is None:
        await unknown_command(update, context)
        return
    result = await reload_and_tell_admins(context.application, "/reload")
    if result.ok:  # on failure every admin, this one included, was already sent the problems
        await update.effective_message.reply_text(describe(result), parse_mode=None)


async def broadcast(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/broadcast: ask for the message; it is previewed before anything is sent."""
    if not is_admin(update, context) or update.effective_message is None:
        await unknown_command(update, context)
        return
    if context.user_data is not None:
        context.user_data[COMPOSING] = True
    await update.effective_message.reply_text(
        "Send me the message to broadcast to every active subscriber (formatting is kept). /broadcast again "
        "starts over; nothing is sent before you confirm.", parse_mode=None)


async def composed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The admin's broadcast text: show it as subscribers will see it, with Send and Cancel."""
    message, user_data = update.message, context.user_data
    if message is None or user_data is None or not user_data.get(COMPOSING) or not is_admin(update, context):
        return
    user_data.pop(COMPOSING, None)
    s = services(context)
    text = message.text_html
    broadcast_id = s.storage.draft_broadcast(text, message.chat_id, s.clock.now())
    audience = s.storage.active_subscriber_count()
    await message.reply_text(text)
    await message.reply_text(
        f"That is how it will look. Send it to {audience} active subscriber(s)?", parse_mode=None,
        reply_markup=InlineKeyboardMarkup([[
            InlineKeyboardButton(f"Send to {audience}", callback_data=f"{BROADCAST_BUTTON}yes:{broadcast_id}"),
            InlineKeyboardButton("Cancel", callback_data=f"{BROADCAST_BUTTON}no:{broadcast_id}")]]))
    raise ApplicationHandlerStop


async def broadcast_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send or Cancel under a broadcast preview: queue it once for every active subscriber."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None or not is_admin(update, context):
        await stale_button(update, context)
        return
    s = services(context)
    choice, _, number = query.data.removeprefix(BROADCAST_BUTTON).partition(":")
    broadcast_id = bounded_int(number, 1, MAX_ID)
    draft = s.storage.broadcast(broadcast_id) if broadcast_id is not None else None
    if draft is None or choice not in ("yes", "no"):
        await stale_button(update, context)
        return
    await answer_press(query)
    if choice == "no":
        await edit_in_place(query, "Broadcast cancelled; nothing was sent.", plain=True)
        return
    queued = s.storage.queue_broadcast(draft.id, query.message.message_id, s.clock.now())
    if queued is None:
        await edit_in_place(query, progress_text(s, draft.id), plain=True)
        return
    await edit_in_place(query, progress_text(s, draft.id), plain=True)
    context.application.create_task(dispatch_due(context.application), update=update)
