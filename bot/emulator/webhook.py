"""Webhooks in the emulator: setWebhook makes a bot's updates go out as POSTs instead of getUpdates.

While a webhook is set, getUpdates answers 409 Conflict as Telegram does, and one task per bot POSTs
each pending update, in order, as JSON to the URL with the `X-Telegram-Bot-Api-Secret-Token` header.
A 2xx answer confirms (drops) the update; anything else is retried ATTEMPTS times RETRY_DELAY apart,
then the update is dropped and counted as failed (Telegram retries for longer; tests need no more).
"""

from __future__ import annotations

import asyncio
import logging
import re
from urllib.parse import urlparse

import aiohttp

from bot.emulator.objects import EmulatorError, as_bool, bad_request, json_value
from bot.emulator.state import BotState

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
ATTEMPTS = 4
RETRY_DELAY = 0.2
POST_TIMEOUT = 10.0
WEBHOOK_CONFLICT = EmulatorError("Conflict: can't use getUpdates method while webhook is active; "
                                 "use deleteWebhook to delete the webhook first", 409)


class WebhookDelivery:
    """One bot's webhook: its URL and secret, and the task that POSTs its pending updates in order."""

    def __init__(self, bot: BotState, url: str, secret: str) -> None:
        self.bot = bot
        self.url = url
        self.secret = secret
        self.delivered = 0
        self.failed = 0
        self.wake = asyncio.Event()
        self.wake.set()
        self._task = asyncio.get_running_loop().create_task(self._run(), name=f"webhook-{bot.id}")

    async def _run(self) -> None:
        """Deliver pending updates one at a time until stopped."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT)) as session:
            while True:
                self.wake.clear()
                pending = self.bot.deliverable(1)
                if not pending:
                    await self.wake.wait()
                    continue
                update = pending[0]
                if await self._post(session, update):
                    self.delivered += 1
                else:
                    self.failed += 1
                    logger.warning("webhook: update %d not accepted by %s after %d attempts; dropped",
                                   update["update_id"], self.url, ATTEMPTS)
                self.bot.confirm(update["update_id"] + 1)

    async def _post(self, session: aiohttp.ClientSession, update: dict) -> bool:
        """POST one update, retrying; True once the bot answered 2xx."""
        for attempt in range(ATTEMPTS):
            if attempt:
                await asyncio.sleep(RETRY_DELAY)
            try:
                async with session.post(self.url, json=update, headers={SECRET_HEADER: self.secret}) as response:
                    if 200 <= response.status < 300:
                        return True
            except (aiohttp.ClientError, TimeoutError):
                pass
        return False

    async def stop(self) -> None:
        """End the delivery task (and its HTTP session)."""
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass

    def info(self) -> dict:
        """The webhook's part of getWebhookInfo."""
        return {"url": self.url, "has_custom_certificate": False, "max_connections": 40}


async def set_webhook(bot: BotState, params: dict) -> bool:
    """setWebhook: store the URL and secret and start delivering; an empty URL removes the webhook."""
    url = str(params.get("url") or "").strip()
    if not url:
        await delete_webhook(bot, params)
        return True
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:  # Telegram wants https; tests use http
        raise bad_request("bad webhook: invalid URL")
    secret = str(params.get("secret_token") or "")
    if secret and not SECRET_PATTERN.match(secret):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    allowed = params.get("allowed_updates")
    if allowed not in (None, ""):
        bot.set_allowed_updates(json_value(allowed, "allowed updates"))
    if as_bool(params.get("drop_pending_updates", False)):
        bot.drop_pending_updates()
    if bot.webhook is None:
        bot.end_poll()  # a parked getUpdates ends with 409 Conflict
        bot.webhook = WebhookDelivery(bot, url, secret)
    else:
        bot.webhook.url, bot.webhook.secret = url, secret
    return True


async def delete_webhook(bot: BotState, params: dict) -> bool:
    """deleteWebhook: stop delivering (getUpdates works again); drop_pending_updates forgets the queue."""
    delivery, bot.webhook = bot.webhook, None
    if delivery is not None:
        await delivery.stop()
    if as_bool(params.get("drop_pending_updates", False)):
        bot.drop_pending_updates()
    return True


async def stop_webhooks(bots: list[BotState]) -> None:
    """Stop every bot's delivery task (the emulator is stopping)."""
    for bot in bots:
        delivery, bot.webhook = bot.webhook, None
        if delivery is not None:
            await delivery.stop()
