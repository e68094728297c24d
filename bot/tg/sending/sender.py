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


class Sender:
    """Rate-limited, retrying sends of one bot."""

    def __init__(self, bot: Bot, limiter: SendRateLimiter | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.bot = bot
        self.limiter = limiter or SendRateLimiter()
        self.monotonic = monotonic
        self.sleep = sleep

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | dict | None = None) -> int:
        """Send an HTML message and return its message id; raise Blocked (403), Undeliverable (400) or
        SendFailed (retries used up)."""
        api_kwargs = {"chat_id": chat_id, "text": text, "parse_mode": "HTML", "link_preview_options": NO_PREVIEW}
        if reply_markup is not None:
            api_kwargs["reply_markup"] = reply_markup
        backoff = FIRST_BACKOFF
        for attempt in range(1, MAX_ATTEMPTS + 1):
            delay = self.limiter.reserve(chat_id, self.monotonic())
            if delay > 0:
                await self.sleep(delay)
            try:
                result = await self.bot.do_api_request("sendMessage", api_kwargs=api_kwargs)
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
