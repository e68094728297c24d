"""Receiving updates: one update the library cannot parse is skipped and counted, never retried forever.

python-telegram-bot parses a getUpdates batch as a whole; one update it cannot read (an older Bot API
server omits fields that newer versions require) fails the batch, and polling asks for the same
offset again, forever, logging the raw update each time. This Bot checks each update of a batch on
its own and replaces one it cannot parse by a bare update with the same id: the offset moves past
it, no handler matches it, and it is logged once by id and kind, never with its text.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

logger = logging.getLogger(__name__)


class ForgivingBot(ExtBot[None]):
    """An ExtBot whose getUpdates survives updates it cannot parse."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():  # the library freezes its objects after __init__
            self._skipped = [0]

    @property
    def skipped_updates(self) -> int:
        """How many updates were skipped because the library could not parse them."""
        return self._skipped[0]

    async def _post(self, endpoint: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [self._readable(raw) for raw in result]
        return result

    def _readable(self, raw: Any) -> Any:
        """The raw update if the library can parse it, else a bare update with its id."""
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
