"""Handlers for meeting the bot: /start and consent, /help, /about."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.core.storage.store import ACTIVE
from bot.tg.keyboards.checkin import begin_markup
from bot.tg.keyboards.answers import consent_keyboard
from bot.tg.editing import answer_press, set_buttons
from bot.core.content.texts import Html
from bot.tg.handlers import setup
from bot.tg.keyboards.setup import quiet_text, schedule_lines
from bot.tg.services import Services, services


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
        await query.message.reply_text(s.content.texts("consented", first_name=user.first_name))
        await setup.begin(query.message, s, user.id)


def _schedule(s: Services, user_id: int) -> str:
    """What the bot sends this person: their own nudges and quiet hours, or what subscribing brings."""
    texts, subscriber = s.content.texts, s.storage.subscriber(user_id)
    if subscriber is None or subscriber.consented_at is None or subscriber.status != ACTIVE:
        return texts("help_schedule_default")
    settings = s.storage.nudge_settings(user_id)
    lines = schedule_lines(texts, settings)
    paused = s.storage.paused_until(user_id)
    if paused is not None and paused > s.clock.now():
        until = paused.astimezone(settings["posture"].zone).strftime("%Y-%m-%d %H:%M")
        lines += "\n" + texts("schedule_paused", until=until)
    return texts("help_schedule", schedule=Html(lines), quiet=Html(quiet_text(texts, settings["posture"])))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot sends this person, then the commands one line each, with a button that starts a check-in."""
    message, user = update.effective_message, update.effective_user
    if message is not None and user is not None:
        s = services(context)
        texts = s.content.texts
        await message.reply_text(texts("help", schedule=Html(_schedule(s, user.id))), reply_markup=begin_markup(texts))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the content rests on, with the disclaimer."""
    if update.effective_message is None:
        return
    content = services(context).content
    sources = "\n".join(f"• {source.title}" for source in content.sources.values())
    await update.effective_message.reply_text(content.texts("about", sources=sources))
