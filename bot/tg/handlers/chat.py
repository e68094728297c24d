"""Typed messages that are not commands: small talk, statements of pain, and questions by their band."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.content.answers import render_answer
from bot.core.conversation.replies import pain_reply, small_talk_reply
from bot.core.conversation.route import ANSWER, OFFER, PAIN, SMALL_TALK, route
from bot.core.conversation.smalltalk import HELP
from bot.tg.editing import answer_press, edit_in_place
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.keyboards.answers import answer_keyboard, menu_keyboard, offer_keyboard, pain_keyboard
from bot.tg.services import services

logger = logging.getLogger(__name__)

QUESTION_LIMIT = 1000


async def typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply to typed text: small talk in kind, a statement of pain with care, a question by its band."""
    message, user = update.effective_message, update.effective_user
    if message is None or message.text is None or user is None:
        return
    s = services(context)
    content, texts = s.content, s.content.texts
    if len(message.text) > QUESTION_LIMIT:
        await message.reply_text(texts("too_long", limit=QUESTION_LIMIT))
        return
    decided = route(message.text, content)
    if decided.kind == SMALL_TALK and decided.small_talk is not None:  # nothing is stored: open to everyone
        subscriber = s.storage.subscriber(user.id)
        zone = ZoneInfo(subscriber.timezone if subscriber else s.config.default_timezone)
        hour = s.clock.now().astimezone(zone).hour
        reply = small_talk_reply(content.conversation, decided.small_talk, s.rng, user.first_name, hour,
                                 s.config.support_contact)
        if subscriber is None or subscriber.consented_at is None:
            reply += "\n\n" + texts("need_start")
        await message.reply_text(reply, reply_markup=menu_keyboard(texts) if decided.small_talk == HELP else None)
        return
    found = await consented_subscriber(update, context)
    if found is None:
        return
    now = s.clock.now()
    if decided.kind == PAIN:
        hour = now.astimezone(ZoneInfo(found[1].timezone)).hour
        await message.reply_text(pain_reply(content.conversation, s.rng, user.first_name, hour),
                                 reply_markup=pain_keyboard(content, decided.topics[0]))
    elif decided.kind == ANSWER:
        answer = content.answers[decided.topics[0]]
        await message.reply_text(render_answer(answer, texts), reply_markup=answer_keyboard(content, answer))
    elif decided.kind == OFFER:
        s.storage.record_unanswered(message.text, now, s.config.unanswered_days, band="middle")
        await message.reply_text(texts("offer_header"), reply_markup=offer_keyboard(content, decided.topics))
    else:
        s.storage.record_unanswered(message.text, now, s.config.unanswered_days)
        await message.reply_text(texts("no_answer"))


async def none_of_these(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """"None of these" under a choice of topics: the honest refusal, in place of the choice."""
    query = update.callback_query
    if query is None:
        return
    await answer_press(query)
    await edit_in_place(query, services(context).content.texts("no_answer"), None)
