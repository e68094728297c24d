"""The emulator's memory: every bot (keyed by token), its pending updates, chats, messages and events.

Pure asyncio (no aiohttp). `BotState` is also the in-process control API: tests act as users through
it (see `UserActions`) and read what the bot did with `events` / `wait_events`.
"""

from __future__ import annotations

import asyncio
import bisect
import copy
import itertools
import time
from collections import Counter, deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.emulator.faults import FaultInjector, Faults
from bot.emulator.objects import TOKEN_PATTERN, EmulatorError, StoredFile, StoredMessage, chat, now
from bot.emulator.user_actions import UserActions

if TYPE_CHECKING:
    from bot.emulator.webhook import WebhookDelivery

UPDATE_TYPES = ("message", "edited_message", "callback_query")
CONFLICT = EmulatorError("Conflict: terminated by other getUpdates request; "
                         "make sure that only one bot instance is running", 409)
UNAUTHORIZED = EmulatorError("Unauthorized", 401)


class _Poll:
    """One parked getUpdates request."""

    __slots__ = ("wake", "superseded")

    def __init__(self) -> None:
        self.wake = asyncio.Event()
        self.superseded = False


class BotState(UserActions):
    """One emulated bot: its user, updates queue, chats, messages, events, commands, faults, counters."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.id = int(token.split(":", 1)[0])
        self.me = {"id": self.id, "is_bot": True, "first_name": "Emulator Bot", "username": f"emu_{self.id}_bot",
                   "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False,
                   "can_connect_to_business": False, "has_main_web_app": False}
        self.chats: dict[int, dict] = {}
        self.users: dict[int, dict] = {}  # the users who wrote, as last seen
        self.messages: dict[int, dict[int, StoredMessage]] = {}
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, dict] = {}  # id -> {"chat_id", "message_id", "answered"}
        self.bot_commands: dict[tuple[str, str], list[dict]] = {}  # (scope key, language) -> commands
        self.injector = FaultInjector()
        self.calls: Counter[str] = Counter()
        self.accepted: Counter[int] = Counter()  # messages accepted per chat
        self.updates_injected = 0
        self._updates: deque[dict] = deque()
        self._update_ids = itertools.count(1)
        self._allowed_updates: set[str] | None = None
        self._poll: _Poll | None = None
        self.webhook: WebhookDelivery | None = None  # set by setWebhook (bot/emulator/webhook.py)
        self._closed = False
        self._message_ids: dict[int, itertools.count] = {}
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._events: dict[int, list[dict]] = {}
        self._event_waiters: dict[int, asyncio.Event] = {}
        self._seq = 0

    # ----- chats and messages -------------------------------------------------------------------
    def known_chat(self, chat_id: int) -> dict | None:
        """The Chat object if this chat is known to the bot."""
        return self.chats.get(chat_id)

    def remember_chat(self, chat_object: dict) -> None:
        """Make a chat known (or refresh its name)."""
        self.chats[chat_object["id"]] = chat_object

    def register_chats(self, ids: Iterable[int | str]) -> int:
        """Bulk-create chats (private for positive ids, groups for negative) so the bot may message them."""
        for chat_id in ids:
            chat_id = int(chat_id)
            if chat_id not in self.chats:
                self.chats[chat_id] = chat(chat_id, "private" if chat_id > 0 else "group")
        return len(self.chats)

    def next_message_id(self, chat_id: int) -> int:
        """The next message id in this chat (user and bot messages share the sequence)."""
        counter = self._message_ids.get(chat_id)
        if counter is None:
            counter = self._message_ids[chat_id] = itertools.count(1)
        return next(counter)

    def store(self, chat_id: int, stored: StoredMessage) -> None:
        """Keep a message in the chat's history."""
        self.messages.setdefault(chat_id, {})[stored.api["message_id"]] = stored

    def stored(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """The stored message, or None."""
        return self.messages.get(chat_id, {}).get(message_id)

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """The message's current state (text, buttons, ...), or None if it does not exist (any more)."""
        stored = self.stored(int(chat_id), int(message_id))
        if stored is None:
            return None
        return {"message_id": stored.api["message_id"], "from_bot": stored.from_bot, "kind": stored.kind,
                "text": stored.text(), "raw_text": stored.raw_text, "parse_mode": stored.parse_mode,
                "buttons": stored.buttons(), "file_id": stored.file_id, "date": stored.api["date"],
                "edit_date": stored.api.get("edit_date"), "message": copy.deepcopy(stored.api)}

    # ----- files --------------------------------------------------------------------------------
    def add_file(self, data: bytes, file_name: str | None = None, mime_type: str | None = None) -> StoredFile:
        """Store bytes under a new file_id."""
        number = next(self._file_ids)
        stored = StoredFile(f"EMU{self.id}F{number:08d}", f"U{self.id}x{number}", data, file_name, mime_type)
        self.files[stored.file_id] = stored
        return stored

    def file_bytes(self, file_id: str) -> bytes:
        """The bytes stored under file_id (raises EmulatorError if unknown)."""
        stored = self.files.get(file_id)
        if stored is None:
            raise EmulatorError("Bad Request: invalid file_id", 400)
        return stored.data

    # ----- updates and long polling -------------------------------------------------------------
    def push_update(self, kind: str, payload: dict) -> dict:
        """Queue an update for getUpdates and wake a parked poll; returns the update."""
        update = {"update_id": next(self._update_ids), kind: payload}
        self._updates.append(update)
        self.updates_injected += 1
        if self._poll is not None:
            self._poll.wake.set()
        if self.webhook is not None:
            self.webhook.wake.set()
        return update

    def pending_updates(self) -> int:
        """How many updates are not yet confirmed by an offset."""
        return len(self._updates)

    def confirm(self, offset: int | None) -> None:
        """Drop updates below offset (or keep only the last -offset updates for a negative offset)."""
        if not offset:
            return
        if offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        else:
            while len(self._updates) > -offset:
                self._updates.popleft()

    def drop_pending_updates(self) -> None:
        """Forget every pending update (deleteWebhook with drop_pending_updates)."""
        self._updates.clear()

    def set_allowed_updates(self, allowed: list[str]) -> None:
        """Deliver only these kinds of update from now on (empty: all)."""
        self._allowed_updates = set(allowed) or None

    def end_poll(self) -> None:
        """End a parked getUpdates with 409 Conflict (a webhook was set)."""
        if self._poll is not None:
            self._poll.superseded = True
            self._poll.wake.set()

    def deliverable(self, limit: int) -> list[dict]:
        """Up to `limit` pending updates of the allowed kinds, oldest first (others are dropped)."""
        return self._deliverable(limit)

    def _deliverable(self, limit: int) -> list[dict]:
        allowed = self._allowed_updates
        if allowed:
            kept = deque(u for u in self._updates if any(k in allowed for k in u if k != "update_id"))
            self._updates = kept
        return list(itertools.islice(self._updates, limit))

    async def get_updates(self, offset: int | None = None, limit: int = 100, timeout: float = 0.0,
                          allowed_updates: list[str] | None = None) -> list[dict]:
        """getUpdates: confirm below offset, then return updates, parking up to timeout; 409 if superseded."""
        if self._poll is not None:  # Telegram ends the older request with 409 Conflict
            self._poll.superseded = True
            self._poll.wake.set()
        poll = self._poll = _Poll()
        try:
            if allowed_updates is not None:
                self._allowed_updates = set(allowed_updates) or None
            self.confirm(offset)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + max(0.0, timeout)
            while True:
                if poll.superseded:
                    raise CONFLICT
                updates = self._deliverable(limit)
                remaining = deadline - loop.time()
                if updates or remaining <= 0 or self._closed:
                    return updates
                poll.wake.clear()
                try:
                    await asyncio.wait_for(poll.wake.wait(), remaining)
                except TimeoutError:
                    pass
        finally:
            if self._poll is poll:
                self._poll = None

    # ----- what the bot did ---------------------------------------------------------------------
    def record(self, chat_id: int, kind: str, **fields: object) -> dict:
        """Append an event (something the bot did) to the chat's log and wake its waiters."""
        self._seq += 1
        # "t": when it happened, to the microsecond, so benchmarks can measure reply latency
        event = {"seq": self._seq, "kind": kind, "chat_id": chat_id, "date": now(), "t": time.time(), **fields}
        self._events.setdefault(chat_id, []).append(event)
        waiter = self._event_waiters.pop(chat_id, None)
        if waiter is not None:
            waiter.set()
        return event

    def last_event(self, chat_id: int) -> dict:
        """The latest event of a chat, itself (not a copy), so that a method can add to what it recorded."""
        return self._events[int(chat_id)][-1]

    def events(self, chat_id: int, after: int = 0) -> list[dict]:
        """What the bot did in this chat with seq > after, in order."""
        found = self._events.get(int(chat_id), [])
        start = bisect.bisect_right(found, after, key=_seq) if after > 0 else 0
        return copy.deepcopy(found[start:])

    async def wait_events(self, chat_id: int, after: int = 0, count: int = 1, timeout: float = 5.0) -> list[dict]:
        """Wait until at least `count` events with seq > after exist in the chat (or timeout); return them."""
        chat_id = int(chat_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self.events(chat_id, after)
            remaining = deadline - loop.time()
            if len(found) >= count or remaining <= 0 or self._closed:
                return found
            waiter = self._event_waiters.get(chat_id)
            if waiter is None:
                waiter = self._event_waiters[chat_id] = asyncio.Event()
            try:
                await asyncio.wait_for(waiter.wait(), remaining)
            except TimeoutError:
                pass

    # ----- commands, faults, counters -----------------------------------------------------------
    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        """The commands registered for a scope (default scope) and language."""
        return copy.deepcopy(self.bot_commands.get((scope_key(scope), language_code or ""), []))

    @property
    def faults(self) -> Faults:
        """The current fault settings."""
        return self.injector.faults

    def set_faults(self, **settings: object) -> dict:
        """Set faults: rate_limit, per_chat_rate_limit, blocked_chats, fail_next, delay_next(+delay_seconds)."""
        return self.injector.set(**settings).as_dict()

    def clear_faults(self) -> None:
        """Remove every fault."""
        self.injector.clear()

    def counters(self) -> dict:
        """Calls per method, messages accepted per chat, updates injected and pending."""
        return {"calls": dict(self.calls), "messages": dict(self.accepted),
                "messages_total": sum(self.accepted.values()), "updates_injected": self.updates_injected,
                "updates_pending": len(self._updates),
                "webhook_delivered": self.webhook.delivered if self.webhook is not None else 0,
                "webhook_failed": self.webhook.failed if self.webhook is not None else 0}

    def close(self) -> None:
        """End parked polls and waits at once (the server is stopping)."""
        self._closed = True
        if self._poll is not None:
            self._poll.wake.set()
        for waiter in self._event_waiters.values():
            waiter.set()
        self._event_waiters.clear()


def _seq(event: dict) -> int:
    return event["seq"]


def scope_key(scope: dict | None) -> str:
    """A stable key for a BotCommandScope (None means the default scope)."""
    if not scope or scope.get("type", "default") == "default":
        return "default"
    return "|".join(f"{k}={scope[k]}" for k in sorted(scope))


class EmulatorState:
    """All emulated bots, created on first use of a token that is acceptable."""

    def __init__(self, accept_any_token: bool = True, tokens: Iterable[str] | None = None) -> None:
        self.accept_any_token = accept_any_token
        self.tokens = set(tokens) if tokens is not None else None
        self.bots: dict[str, BotState] = {}

    def accepts(self, token: str) -> bool:
        """Whether this token names a valid bot."""
        if not TOKEN_PATTERN.match(token):
            return False
        if self.tokens is not None:
            return token in self.tokens
        return self.accept_any_token

    def bot(self, token: str) -> BotState:
        """The bot for this token (created on first use); raises EmulatorError 401 if not acceptable."""
        bot = self.bots.get(token)
        if bot is None:
            if not self.accepts(token):
                raise UNAUTHORIZED
            bot = self.bots[token] = BotState(token)
        return bot

    def close(self) -> None:
        """End every parked request."""
        for bot in self.bots.values():
            bot.close()
