"""The subscriber's own records: /history (a chart of their check-ins) and /mydata (everything, as JSON)."""

from __future__ import annotations

import asyncio
import json

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.core.reports.charts import HistoryPoint, history_chart
from bot.tg.handlers.guards import consented_subscriber
from scheduler.settings import zone_of


async def history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a PNG of the subscriber's pain at every check-in (0 when they reported it gone)."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    texts = s.content.texts
    checkins = s.storage.checkins(subscriber.id)
    if not checkins:
        await message.reply_text(texts("history_empty"))
        return
    zone = zone_of(subscriber.timezone)
    points = [HistoryPoint(when=c.at.astimezone(zone), pain=(c.pain or 0) if c.pain_now else 0, level=c.level)
              for c in checkins]
    # about 0.1 s of drawing: off the event loop, so other chats are not held up
    png = await asyncio.to_thread(history_chart, points, texts("history_title"), texts("history_pain_label"))
    await message.reply_photo(InputFile(png, filename="history.png"),
                              caption=texts("history_caption", count=len(checkins)))


async def mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send everything stored about the subscriber as a JSON file."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    data = s.storage.export_subscriber(subscriber.id)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    await message.reply_document(InputFile(body, filename="my-data.json"), caption=s.content.texts("mydata_caption", days=s.config.unanswered_days))
