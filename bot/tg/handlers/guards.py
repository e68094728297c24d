"""Checks shared by handlers: is there a message, and has the user subscribed?"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.core.storage.store import Subscriber
from bot.tg.services import Services, services


async def consented_subscriber(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Services, Subscriber, Message] | None:
    """Return (services, subscriber, message), or tell a user who never consented to /start first."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    s = services(context)
    subscriber = s.storage.subscriber(user.id)
    if subscriber is None or subscriber.consented_at is None:
        await message.reply_text(s.content.texts("need_start"))
        return None
    return s, subscriber, message
