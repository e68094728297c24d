"""Sending scheduled messages (nudges, follow-ups, broadcasts) with retries.

Pacing is not done here: every request of the bot, replies included, passes through one limiter
(bot/tg/sending/rate_limiter.py, PTB's rate limiter), which holds a scheduled send behind replies,
within Telegram's limits, and retries it through 429s. Here a send is marked scheduled, checked
right before it leaves (the bot shutting down, the subscriber erased), and classified: 5xx answers
and network errors are retried with exponential backoff, a 403 means the subscriber blocked the bot.
A send that timed out may have reached Telegram, so retrying it can repeat that one message: the
price of not losing it. With paid broadcasts on, scheduled sends carry allow_paid_broadcast and
have a pace of their own.

Sends go through PTB's `Bot.do_api_request` rather than `Bot.send_message`: the same request
machinery and the same errors (RetryAfter, Forbidden, ...), but the answer stays a dict instead of
being parsed into a full Message, which costs about a third of a send's CPU (bench/fanout.py), and
the fan-out only needs the message id.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.ext import ExtBot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBUserWarning


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


class Stopped(Exception):
    """The bot is shutting down: the message was not sent and stays for the next start."""


class Sender:
    """Rate-limited, retrying sends of one bot."""

    def __init__(self, bot: ExtBot[Any], paid: bool = False,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.bot = bot
        self.paid = paid  # scheduled sends as paid broadcasts (allow_paid_broadcast)
        self.sleep = sleep
        self.erased: set[int] = set()  # chats erased during the dispatcher's pass: nothing more goes to them
        self.claimed: dict[int, float] = {}  # due message id -> when its batch was claimed (time.monotonic)
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
        if self.paid:
            api_kwargs["allow_paid_broadcast"] = True
        options = {"scheduled": True, "paid": self.paid, "before_send": lambda: self._still_wanted(chat_id)}
        backoff = FIRST_BACKOFF
        for attempt in range(1, MAX_ATTEMPTS + 1):
            self._still_wanted(chat_id)
            try:
                result = await self._on_the_wire(chat_id, api_kwargs, options)
                return int(result["message_id"])
            except RetryAfter as error:  # the limiter retried it through several 429s already
                raise SendFailed(f"rate limited on every attempt: {error}") from error
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
        raise SendFailed("every attempt failed")

    def _still_wanted(self, chat_id: int) -> None:
        """Raise Stopped when shutting down, Undeliverable when the subscriber erased their data."""
        if self.stopping:
            raise Stopped()
        if chat_id in self.erased:
            raise Undeliverable("the subscriber erased their data")

    async def _on_the_wire(self, chat_id: int, api_kwargs: dict, options: dict) -> dict:
        """One sendMessage request (paced by the bot's limiter), counted for quiet() while it runs."""
        self._flying[chat_id] = self._flying.get(chat_id, 0) + 1
        try:
            return await self.bot.do_api_request("sendMessage", api_kwargs=api_kwargs, rate_limit_args=options)
        finally:
            left = self._flying.pop(chat_id) - 1
            if left:
                self._flying[chat_id] = left
            else:
                async with self._landed:
                    self._landed.notify_all()
