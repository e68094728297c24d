"""Sending a picture of a stretch: uploaded the first time, then by the file_id Telegram gave it."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message

from bot.core.routines.pictures import Picture, Pictures
from bot.tg.services import Services

logger = logging.getLogger(__name__)


def draw_in_background(s: Services) -> None:
    """Render any drawing missing from the cache in a worker thread (at start and after a content reload), so that
    no subscriber waits for one."""
    async def draw() -> None:
        try:
            drawn = await asyncio.to_thread(s.pictures.prepare, s.content.poses)
        except OSError as error:  # the cache folder cannot be written: pictures are drawn when first sent instead
            logger.warning("drawings not cached in %s: %s", s.pictures.cache_dir, error)
            return
        if drawn:
            logger.info("drew %d pictures of stretches into %s", drawn, s.pictures.cache_dir)
    task = asyncio.create_task(draw())
    s.background.add(task)
    task.add_done_callback(s.background.discard)


async def send_picture(pictures: Pictures, bot: Bot, chat_id: int, picture: Picture, caption: str,
                       markup: InlineKeyboardMarkup | None = None) -> Message:
    """Send a photo or an animation with a caption (at most 1,024 characters) and buttons."""
    media = pictures.file_ids.get(picture.key) or InputFile(picture.path.read_bytes(), picture.path.name)
    if picture.kind == "photo":
        message = await bot.send_photo(chat_id, media, caption=caption, reply_markup=markup)
    else:
        message = await bot.send_animation(chat_id, media, caption=caption, reply_markup=markup)
    sent = message.animation or message.document or (message.photo[-1] if message.photo else None)
    if sent is not None:
        pictures.file_ids[picture.key] = sent.file_id  # the next send reuses the upload
    return message
