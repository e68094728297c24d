"""Receiving updates: one update the library cannot parse is skipped and counted, never retried forever.

python-telegram-bot parses a getUpdates batch as a whole; one update it cannot read (an older Bot API
server omits fields that newer versions require) fails the batch, and polling asks for the same
offset again, forever, logging the raw update each time. This Bot checks each update of a batch on
its own and replaces one it cannot parse by a bare update with the same id: the offset moves past
it, no handler matches it, and it is logged once by id and kind, never with its text. The webhook
(bot/tg/webhook.py) checks each update it receives the same way, with `ForgivingBot.readable`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import ExtBot

logger = logging.getLogger(__name__)


@dataclass
class TelegramCalls:
    """When Telegram last answered a request, and when one last failed to reach it (time.monotonic())."""

    last_ok: float | None = None
    last_error: float | None = None

    def record(self, reached: bool) -> None:
        """Note that a request reached Telegram (any answer, even an error) or did not (network error, timeout)."""
        if reached:
            self.last_ok = time.monotonic()
        else:
            self.last_error = time.monotonic()

    @property
    def state(self) -> str:
        """reachable or unreachable (as at the last request), unknown before any."""
        if self.last_ok is None and self.last_error is None:
            return "unknown"
        if self.last_error is None or (self.last_ok is not None and self.last_ok >= self.last_error):
            return "reachable"
        return "unreachable"


class ForgivingBot(ExtBot[None]):
    """An ExtBot whose getUpdates survives updates it cannot parse, and that notes whether Telegram answers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():  # the library freezes its objects after __init__
            self._skipped = [0]
            self.calls = TelegramCalls()

    @property
    def skipped_updates(self) -> int:
        """How many updates were skipped because the library could not parse them."""
        return self._skipped[0]

    async def _post(self, endpoint: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """Bot._post, remembering whether Telegram answered, and getUpdates' batches made readable."""
        try:
            result = await super()._post(endpoint, data, **kwargs)
        except NetworkError as error:  # BadRequest is one too, but it is an answer: Telegram was reached
            self.calls.record(reached=isinstance(error, BadRequest))
            raise
        except TelegramError:  # any other (403, 429, 409, ...) is an answer from Telegram
            self.calls.record(reached=True)
            raise
        self.calls.record(reached=True)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [self.readable(raw) for raw in result]
        return result

    def readable(self, raw: Any) -> Any:
        """The raw update if the library can parse it, else a bare update with its id (skipped and counted)."""
        if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
            return raw  # without an id there is no offset to move past: let the library report it
        try:
            Update.de_json(raw, self)
        except Exception as error:  # whatever the library raises on a malformed update
            self._skipped[0] += 1
            kinds = ", ".join(sorted(key for key in raw if key != "update_id")) or "none"
            logger.warning("skipped update %d (%s): the library cannot parse it (%s); %d skipped so far",
                           raw["update_id"], kinds, type(error).__name__, self.skipped_updates)
            return {"update_id": raw["update_id"]}
        return raw
