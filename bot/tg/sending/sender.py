"""Sending scheduled messages within Telegram's limits, with retries.

Every send books a slot with the rate limiter (about 30 a second overall, one a second per chat)
and waits for it. A 429 pauses all sending for its retry_after; 5xx answers and network errors are
retried with exponential backoff; a 403 means the subscriber blocked the bot and is reported to the
caller, which stops sending to them. A send that timed out may have reached Telegram, so retrying
it can repeat that one message: the price of not losing it.

Sends go through PTB's `Bot.do_api_request` rather than `Bot.send_message`: the same request
machinery and the same errors (RetryAfter, Forbidden, ...), but the answer stays a dict instead of
being parsed into a full Message, which costs about a third of a send's CPU (bench/fanout.py), and
the fan-out only needs the message id.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBUserWarning

from scheduler.rate_limit import SendRateLimiter

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
STOP_CHECK = 0.25  # seconds between looks at `stopping` while waiting for a slot
FIRST_BACKOFF = 0.5
NO_PREVIEW = {"is_disabled": True}

# do_api_request warns that send_message exists; here the raw call is chosen on purpose (see above).
warnings.filterwarnings("ignore", message="Please use 'Bot.sendMessage'", category=PTBUserWarning)


class Blocked(Exception):
    """The subscriber blocked the bot (403): stop sending to them."""


class SendFailed(Exception):
    """Every attempt failed; the message can be retried later."""


class Undeliverable(Exception):
    """Telegram refused the message itself (400, e.g. chat not found): retrying cannot help."""


class Stopped(Exception):
    """The bot is shutting down: the message was not sent and stays for the next start."""


class Sender:
    """Rate-limited, retrying sends of one bot."""

    def __init__(self, bot: Bot, limiter: SendRateLimiter | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.bot = bot
        self.limiter = limiter or SendRateLimiter()
        self.monotonic = monotonic
        self.sleep = sleep
        self.erased: set[int] = set()  # chats erased during the dispatcher's pass: nothing more goes to them
        self.stopping = False  # set on SIGTERM/SIGINT: nothing new goes on the wire
        self._flying: dict[int, int] = {}  # chat id -> sends on the wire
        self._landed = asyncio.Condition()

    def forget(self, chat_id: int) -> None:
        """A subscriber erased their data: refuse every further send to them in the pass under way."""
        self.erased.add(chat_id)

    async def quiet(self, chat_id: int) -> None:
        """Wait until no send to this chat is on the wire (one already sent cannot be called back)."""
        async with self._landed:
            await self._landed.wait_for(lambda: not self._flying.get(chat_id))

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | dict | None = None) -> int:
        """Send an HTML message and return its message id; raise Blocked (403), Undeliverable (400),
        SendFailed (retries used up) or Stopped (the bot is shutting down before it went out)."""
        api_kwargs = {"chat_id": chat_id, "text": text, "parse_mode": "HTML", "link_preview_options": NO_PREVIEW}
        if reply_markup is not None:
            api_kwargs["reply_markup"] = reply_markup
        backoff = FIRST_BACKOFF
        for attempt in range(1, MAX_ATTEMPTS + 1):
            await self._wait(self.limiter.reserve(chat_id, self.monotonic()))
            if chat_id in self.erased:
                raise Undeliverable("the subscriber erased their data")
            try:
                result = await self._on_the_wire(chat_id, api_kwargs)
                return int(result["message_id"])
            except RetryAfter as error:
                with warnings.catch_warnings():  # PTB 22 warns that retry_after will become a timedelta
                    warnings.simplefilter("ignore")
                    retry_after = error.retry_after
                seconds = retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)
                logger.warning("429 from Telegram: pausing sends for %.0f s", seconds)
                self.limiter.pause(seconds, self.monotonic())
            except Forbidden as error:
                raise Blocked(str(error)) from error
            except BadRequest as error:  # a NetworkError subclass in PTB, but never worth retrying
                raise Undeliverable(str(error)) from error
            except NetworkError as error:  # also TimedOut and 5xx answers
                if attempt == MAX_ATTEMPTS:
                    raise SendFailed(str(error)) from error
                logger.warning("send to a chat failed (%s), retrying in %.1f s", error, backoff)
                await self.sleep(backoff)
                backoff *= 2
        raise SendFailed("rate limited on every attempt")

    async def _wait(self, delay: float) -> None:
        """Wait for a send slot, in short steps so that shutting down never waits out a long pause."""
        ends = self.monotonic() + delay
        while True:
            if self.stopping:
                raise Stopped()
            left = ends - self.monotonic()
            if left <= 0:
                return
            await self.sleep(min(left, STOP_CHECK))

    async def _on_the_wire(self, chat_id: int, api_kwargs: dict) -> dict:
        """One sendMessage request, counted as on the wire for quiet() while it runs."""
        self._flying[chat_id] = self._flying.get(chat_id, 0) + 1
        try:
            return await self.bot.do_api_request("sendMessage", api_kwargs=api_kwargs)
        finally:
            left = self._flying.pop(chat_id) - 1
            if left:
                self._flying[chat_id] = left
            else:
                async with self._landed:
                    self._landed.notify_all()
