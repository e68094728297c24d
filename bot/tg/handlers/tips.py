"""The /tip command: one tip now, never the same one twice in a row; a stretch comes with its picture."""

from __future__ import annotations

import asyncio
import html

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.content.tips import choose_tip, render_tip
from bot.core.markup.html import parse_html, utf16_len
from bot.core.routines.captions import CAPTION_LIMIT
from bot.tg.sending.pictures import send_picture
from bot.tg.handlers.guards import consented_subscriber
from scheduler.settings import CATEGORIES


async def tip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send one tip, from the category named in the argument or from any category."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    texts = s.content.texts
    category = " ".join(context.args or ()).strip().lower() or None
    if category is not None and category not in CATEGORIES:
        await message.reply_text(texts("tip_unknown_category", category=category[:40],
                                       categories=", ".join(CATEGORIES)))
        return
    categories = [category] if category else list(CATEGORIES)
    candidates = [t for c in categories for t in s.content.tips[c]]
    chosen = choose_tip(candidates, s.storage.tip_views(subscriber.id, category), s.rng)
    s.storage.record_tip_view(subscriber.id, chosen.id, chosen.category, s.clock.now())
    text = render_tip(chosen, texts)
    pose = s.content.poses.get(chosen.id)
    picture = await asyncio.to_thread(s.pictures.picture, s.content.root, chosen.id, pose, "photo") if pose else None
    if picture is None:
        await message.reply_text(text)
    elif utf16_len(parse_html(text)) <= CAPTION_LIMIT:  # a stretch: its picture, the tip as the caption
        await send_picture(s.pictures, context.bot, message.chat_id, picture, text)
    else:
        await send_picture(s.pictures, context.bot, message.chat_id, picture, f"<b>{html.escape(chosen.title)}</b>")
        await message.reply_text(text)
