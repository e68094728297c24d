"""Receiving updates by webhook: Telegram POSTs each update to BOT_WEBHOOK_URL's path on BOT_LISTEN.

A POST without the right `X-Telegram-Bot-Api-Secret-Token` header is refused (403) and nothing is
read; an update_id among the last RECENT_IDS seen is answered 200 and not processed again (Telegram
re-sends an update it got no 2xx for); an update the library cannot parse is skipped and counted as
in polling (bot/tg/polling.py); every other update is queued for the Application, and the answer is 200
at once, before any handler runs.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections import deque

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.tg.polling import ForgivingBot

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RECENT_IDS = 10_000


class RecentIds:
    """The last `size` update ids seen, in a bounded deque and a set for constant-time lookups."""

    def __init__(self, size: int = RECENT_IDS) -> None:
        self.size = size
        self._order: deque[int] = deque()
        self._ids: set[int] = set()

    def add(self, update_id: int) -> bool:
        """Remember update_id; False when it was seen recently (a repeat)."""
        if update_id in self._ids:
            return False
        self._order.append(update_id)
        self._ids.add(update_id)
        if len(self._order) > self.size:
            self._ids.discard(self._order.popleft())
        return True


class WebhookReceiver:
    """The aiohttp handler of the webhook path: checks the secret, drops repeats, queues the update."""

    def __init__(self, app: Application, secret: str) -> None:
        self.app = app
        self._secret = secret.encode("utf-8")
        self.recent = RecentIds()
        self.repeats = 0

    async def handle(self, request: web.Request) -> web.Response:
        """POST <webhook path>: 403 without the secret; else 200 (400 for a body that is no update)."""
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, self._secret):
            logger.warning("webhook: refused a POST from %s without the right secret token", request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            data = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.Response(status=400, text="not an update")
        if not self.recent.add(data["update_id"]):
            self.repeats += 1
            logger.info("webhook: update %d already received; not processed again", data["update_id"])
            return web.Response(text="ok")
        bot = self.app.bot
        raw = bot.readable(data) if isinstance(bot, ForgivingBot) else data
        if set(raw) == {"update_id"}:
            return web.Response(text="ok")  # unparsable (logged and counted by readable) or empty: nothing to do
        await self.app.update_queue.put(Update.de_json(raw, bot))
        return web.Response(text="ok")


def add_webhook_route(web_app: web.Application, app: Application, path: str, secret: str) -> WebhookReceiver:
    """Serve POST `path` on web_app, queueing updates for app; returns the receiver (for tests)."""
    receiver = WebhookReceiver(app, secret)
    web_app.router.add_post(path, receiver.handle)
    return receiver
