"""Handlers for meeting the bot: /start and consent, /help, /about."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.core.storage.store import ACTIVE
from bot.tg.keyboards.checkin import begin_markup
from bot.tg.keyboards.answers import consent_keyboard
from bot.tg.editing import answer_press, set_buttons
from bot.tg.services import services


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet, show the disclaimer and offer consent; an active subscriber is just welcomed back."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    s = services(context)
    texts = s.content.texts
    subscriber = s.storage.subscriber(user.id)
    if subscriber is not None and subscriber.status == ACTIVE:
        await message.reply_text(texts("welcome_back", first_name=user.first_name))
        return
    welcome = texts("welcome", first_name=user.first_name)
    disclaimer = texts("disclaimer", emergency_number=s.config.emergency_number)
    await message.reply_text(f"{welcome}\n\n{disclaimer}", reply_markup=consent_keyboard(texts))


async def consent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe the user who pressed the consent button, with default settings."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    s = services(context)
    await answer_press(query)
    now = s.clock.now()
    s.storage.subscribe(user.id, user.first_name, user.language_code, s.config.default_timezone, now)
    s.planner.plan(user.id, now, now)
    if isinstance(query.message, Message):
        await set_buttons(query, None)
        await query.message.reply_text(s.content.texts("consented", first_name=user.first_name),
                                       reply_markup=begin_markup(s.content.texts))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands, one line each, with a button that starts a check-in."""
    if update.effective_message is not None:
        texts = services(context).content.texts
        await update.effective_message.reply_text(texts("help"), reply_markup=begin_markup(texts))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the content rests on, with the disclaimer."""
    if update.effective_message is None:
        return
    content = services(context).content
    sources = "\n".join(f"• {source.title}" for source in content.sources.values())
    await update.effective_message.reply_text(content.texts("about", sources=sources))
