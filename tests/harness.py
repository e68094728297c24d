"""Test harness: the real Application polling the local emulator over HTTP, and a Chat that acts
as a Telegram user (types messages, presses buttons, reads what the bot sent)."""

from __future__ import annotations

import itertools
import os
import tempfile
import random
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.config import Config
from bot.core.storage.store import Storage
from bot.emulator.server import EmulatorServer
from bot.tg.app import build_application, post_init

CONTENT = Path(__file__).resolve().parent.parent / "content"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
# drawings of stretches, shared by every test's bot: drawn once per machine rather than once per test
DRAWINGS = Path(tempfile.gettempdir()) / f"backcare-test-drawings-{os.getuid()}"
_tokens = itertools.count(700001)


def new_token() -> str:
    """A fresh bot token, so each test has a bot of its own on the emulator."""
    return f"{next(_tokens)}:TEST-{random.randrange(10**9)}"


class Chat:
    """One user's private chat with the bot, seen from the user's side."""

    def __init__(self, emulated_bot, user_id: int, first_name: str = "Alex") -> None:
        self.emulated_bot = emulated_bot
        self.user_id = user_id
        self.first_name = first_name
        self.cursor = 0

    async def send(self, text: str, expect: int = 1) -> list[dict]:
        """Type a message and return what the bot did in reply."""
        self.emulated_bot.send_message(self.user_id, text, first_name=self.first_name)
        return await self.replies(expect)

    async def send_media(self, kind: str, expect: int = 1) -> list[dict]:
        """Send a sticker, photo, voice note or other non-text message."""
        self.emulated_bot.send_media(self.user_id, kind)
        return await self.replies(expect)

    async def press(self, label: str, expect: int = 1, message_id: int | None = None) -> list[dict]:
        """Press the button with this label on the latest message that has it."""
        target = message_id or self.message_with_button(label)
        self.emulated_bot.press_button(self.user_id, target, button_text=label)
        return await self.replies(expect)

    async def press_data(self, message_id: int, data: str, expect: int = 1, forge: bool = True) -> list[dict]:
        """Press a button by its raw payload (forged when it is not on the message)."""
        self.emulated_bot.press_button(self.user_id, message_id, data, forge=forge)
        return await self.replies(expect)

    async def replies(self, expect: int = 1, timeout: float = 5.0, settle: float = 0.05) -> list[dict]:
        """Wait for at least `expect` new events in this chat, then briefly for any stragglers; fewer than
        `expect` within the timeout fails the test (expect=0: whatever arrives within `settle`)."""
        events = await self.emulated_bot.wait_events(self.user_id, after=self.cursor, count=max(expect, 1),
                                                     timeout=timeout if expect else settle)
        if len(events) < expect:
            seen = [event.get("text") or event["kind"] for event in events]
            raise AssertionError(f"expected at least {expect} replies in chat {self.user_id}, got {len(events)}: {seen}")
        if events:
            more = await self.emulated_bot.wait_events(self.user_id, after=events[-1]["seq"], count=1, timeout=settle)
            events += more
            self.cursor = events[-1]["seq"]
        return events

    def catch_up(self) -> None:
        """Treat everything the bot did so far as read (e.g. nudges the dispatcher sent)."""
        history = self.history()
        self.cursor = history[-1]["seq"] if history else self.cursor

    def history(self) -> list[dict]:
        """Everything the bot did in this chat so far."""
        return self.emulated_bot.events(self.user_id)

    def message_with_button(self, label: str) -> int:
        """Return the id of the latest message currently showing a button with this label."""
        for event in reversed(self.history()):
            if event.get("message_id") is None:
                continue
            current = self.emulated_bot.message(self.user_id, event["message_id"])
            for row in (current or {}).get("buttons") or []:
                if any(button["text"] == label for button in row):
                    return event["message_id"]
        raise AssertionError(f"no message shows a button {label!r}")


def texts_of(events: list[dict]) -> list[str]:
    """The texts of the messages and edits among events."""
    return [e["text"] for e in events if e["kind"] in ("message", "edit") and e.get("text")]


def button_labels(event: dict) -> list[str]:
    """All button labels of a message event, row by row."""
    return [button["text"] for row in event.get("buttons") or [] for button in row]


async def subscribed(bot: "RunningBot", user: int = 1) -> Chat:
    """A consented subscriber with no nudge pending, everything the bot sent so far read."""
    chat = bot.chat(user)
    await chat.send("/start")
    await chat.press(bot.app.bot_data["services"].content.texts("consent_button"), expect=4)
    bot.storage.cancel_pending(user, "nudge")
    chat.catch_up()
    return chat


@dataclass
class RunningBot:
    """A running Application against the emulator, with everything a test needs to reach."""

    emulator: EmulatorServer
    app: object
    clock: ManualClock
    config: Config
    emulated_bot: object

    @property
    def storage(self) -> Storage:
        """The bot's storage."""
        return self.app.bot_data["services"].storage

    def chat(self, user_id: int = 1001, first_name: str = "Alex") -> Chat:
        """A private chat with the bot as this user."""
        return Chat(self.emulated_bot, user_id, first_name)


@asynccontextmanager
async def running_bot(tmp_path: Path, emulator: EmulatorServer | None = None, clock: ManualClock | None = None,
                      watch_content: bool = False, **config_changes):
    """Start the bot (polling the emulator over HTTP) with a fresh database and a manual clock."""
    own_emulator = emulator is None
    if own_emulator:
        emulator = EmulatorServer()
        await emulator.start()
    token = new_token()
    config = Config(**{"token": token, "api_url": emulator.base_url, "database": tmp_path / "bot.sqlite3",
                       "content_dir": CONTENT, "listen": "", "drawings_dir": DRAWINGS, **config_changes})
    clock = clock or ManualClock(START)
    # no repeating dispatcher job: tests move the clock and call dispatch_due() themselves
    # the rate limiter's time: real time (so waits after a 429 are real) plus the manual clock's jumps
    app = build_application(config, clock=clock, rng=random.Random(7), dispatch_interval=None,
                            watch_content=watch_content,
                            monotonic=lambda: time.monotonic() + (clock.now() - START).total_seconds())
    try:
        async with app:
            await post_init(app)
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=10)
            try:
                yield RunningBot(emulator, app, clock, config, emulator.state.bot(config.token_text))
            finally:
                await app.updater.stop()
                await app.stop()
        await app.post_shutdown(app)
    finally:
        if own_emulator:
            await emulator.stop()
