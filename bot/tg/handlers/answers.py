"""Answers: the /topics menu, its pages, and the topic buttons (typed questions are in chat.py)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.tg.editing import answer_press, edit_in_place
from bot.core.content.answers import render_answer
from bot.tg.keyboards.callbacks import TOPIC, TOPICS_PAGE
from bot.tg.handlers.fallback import stale_button
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.keyboards.answers import answer_keyboard, topic_pages, topics_keyboard
from bot.tg.services import services
from scheduler.parsing import bounded_int

logger = logging.getLogger(__name__)

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
    await answer_press(query)
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
    await answer_press(query)
    await edit_in_place(query, content.texts("topics_header", page=page + 1, pages=pages), topics_keyboard(content, page))
