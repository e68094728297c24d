"""Answers: free-text questions searched in the content, and the /topics menu with its buttons."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.tg.editing import edit_in_place
from bot.core.content.answers import render_answer
from bot.tg.keyboards.callbacks import TOPIC, TOPICS_PAGE
from bot.tg.handlers.fallback import stale_button
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.keyboards.answers import answer_keyboard, topic_pages, topics_keyboard
from bot.tg.services import services
from scheduler.parsing import bounded_int

logger = logging.getLogger(__name__)

QUESTION_LIMIT = 1000


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a typed question from the content, or say honestly that there is no answer."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    s = services(context)
    texts = s.content.texts
    if len(message.text) > QUESTION_LIMIT:
        await message.reply_text(texts("too_long", limit=QUESTION_LIMIT))
        return
    if await consented_subscriber(update, context) is None:
        return
    content = s.content
    result = content.search.search(message.text)
    if result.answer_id is None:
        s.storage.record_unanswered(message.text, s.clock.now(), s.config.unanswered_days)
        await message.reply_text(texts("no_answer"))
        return
    answer = content.answers[result.answer_id]
    await message.reply_text(render_answer(answer, texts), reply_markup=answer_keyboard(content, answer))


async def topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the answer topics as buttons, first page."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, _, message = found
    await message.reply_text(s.content.texts("topics_header", page=1, pages=topic_pages(s.content)),
                             reply_markup=topics_keyboard(s.content, 0))


async def topic_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the pressed topic's answer in place, with related topics and a way back."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    content = services(context).content
    answer = content.answers.get(query.data.removeprefix(TOPIC))
    if answer is None:  # a topic that no longer exists, or a forged payload
        await stale_button(update, context)
        return
    await query.answer()
    await edit_in_place(query, render_answer(answer, content.texts), answer_keyboard(content, answer))


async def topics_page_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another page of the topic list in place."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    content = services(context).content
    page_text = query.data.removeprefix(TOPICS_PAGE)
    pages = topic_pages(content)
    page = bounded_int(page_text, 0, pages - 1)
    if page is None:
        await stale_button(update, context)
        return
    await query.answer()
    await edit_in_place(query, content.texts("topics_header", page=page + 1, pages=pages), topics_keyboard(content, page))
