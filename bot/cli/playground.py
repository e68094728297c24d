"""The offline playground: the local emulator, the bot against it, and a chat in this terminal.

You are a subscriber: type messages, see the bot's replies with their buttons numbered, press a
button by typing its number, /quit to leave.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from telegram import Update

from bot.config import Config
from bot.core.content.loader import Content
from bot.logs import setup_logging
from bot.emulator.server import EmulatorServer
from bot.emulator.state import BotState
from bot.tg.app import build_application, post_init

PLAYGROUND_TOKEN = "1000000:PLAYGROUND"
PLAYGROUND_DATABASE = Path("data/playground.sqlite3")
USER_ID = 4242
FIRST_REPLY_TIMEOUT = 5.0
QUIET_PERIOD = 0.4

BANNER = """\
Back-care bot playground: you are chatting with the bot through a local Telegram emulator.
  Type a message and press Enter. Buttons are shown as [1], [2] ...: type the number to press one.
  /quit leaves (Ctrl-C works too).
To connect a real bot: get a token from @BotFather in Telegram, then run
  TELEGRAM_BOT_TOKEN=<your token> python run.py
"""


def _start_stdin_reader(loop: asyncio.AbstractEventLoop) -> asyncio.Queue:
    """Read stdin lines on a daemon thread (so Ctrl-C never waits for Enter); None marks the end."""
    queue: asyncio.Queue = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, name="stdin", daemon=True).start()
    return queue


def format_event(event: dict, buttons: list[tuple[int, str]]) -> str:
    """Render one thing the bot did as terminal text; button numbers come from `buttons`."""
    kind = event["kind"]
    if kind == "callback_answer":
        return f"  bot (pop-up): {event['answer_text']}" if event.get("answer_text") else ""
    if kind in ("chat_action", "delete"):
        return ""
    label = {"message": "bot", "edit": "bot (edited)", "photo": "bot (photo)", "document": "bot (file)"}[kind]
    lines = [f"{label}: {event.get('text') or ''}".rstrip()]
    if buttons:
        lines.append("  " + "  ".join(f"[{number}] {text}" for number, text in buttons))
    return "\n".join(lines)


class TerminalChat:
    """The user's side of the chat: sends what is typed, prints what the bot does."""

    def __init__(self, emulated_bot: BotState, out: TextIO = sys.stdout) -> None:
        self.emulated_bot = emulated_bot
        self.out = out
        self.cursor = 0
        self.numbered: dict[int, tuple[int, str]] = {}  # number -> (message_id, callback_data)
        self.texts: dict[int, str] = {}  # message_id -> text last shown

    async def handle_line(self, line: str) -> None:
        """Act on one typed line: a button number, or a message to send."""
        text = line.strip()
        if not sys.stdin.isatty():  # a scripted session: show what was "typed"
            self._print(f"you: {text}")
        if text.isdigit() and int(text) in self.numbered:
            message_id, data = self.numbered[int(text)]
            try:
                self.emulated_bot.press_button(USER_ID, message_id, data)
            except Exception as error:  # the button has gone (message edited or deleted)
                self._print(f"  (that button is no longer there: {error})")
                return
        elif text:
            self.emulated_bot.send_message(USER_ID, text, first_name="You")
        else:
            return
        await self.show_replies()

    async def show_replies(self) -> None:
        """Print what the bot does until it has been quiet for a moment."""
        timeout = FIRST_REPLY_TIMEOUT
        while True:
            events = await self.emulated_bot.wait_events(USER_ID, after=self.cursor, count=1, timeout=timeout)
            if not events:
                return
            for event in events:
                self.cursor = event["seq"]
                self._print(self._describe(event))
            timeout = QUIET_PERIOD

    def _describe(self, event: dict) -> str:
        buttons = self._number_buttons(event)
        message_id, text = event.get("message_id"), event.get("text")
        shown = self.texts.get(message_id) if message_id is not None else None  # texts has no None key
        if event["kind"] == "edit" and shown == text:
            return "  (the bot changed the buttons above)" if buttons else "  (the bot removed the buttons above)"
        if message_id is not None and text is not None:
            self.texts[message_id] = text
        return format_event(event, buttons)

    def _number_buttons(self, event: dict) -> list[tuple[int, str]]:
        rows = event.get("buttons") or []
        if event["kind"] not in ("message", "edit", "photo", "document") or not rows:
            return []
        self.numbered = {}
        shown = []
        for row in rows:
            for button in row:
                if "callback_data" in button:
                    number = len(self.numbered) + 1
                    self.numbered[number] = (event["message_id"], button["callback_data"])
                    shown.append((number, button["text"]))
        return shown

    def _print(self, text: str) -> None:
        if text:
            print(text, file=self.out, flush=True)


async def run_playground(config: Config, content: Content, keep_database: bool = False) -> int:
    """Run emulator, bot and terminal chat until /quit, end of input or Ctrl-C."""
    setup_logging(logging.WARNING)
    database = config.database if keep_database else PLAYGROUND_DATABASE
    async with EmulatorServer() as emulator:
        bot_config = config.model_copy(update={"token": SecretStr(PLAYGROUND_TOKEN), "api_url": emulator.base_url,
                                               "database": database})
        app = build_application(bot_config, content=content)
        async with app:
            await post_init(app)
            await app.start()
            updater = app.updater
            if updater is None:  # build_application always builds one
                raise RuntimeError("the bot application has no updater to poll with")
            await updater.start_polling(poll_interval=0, timeout=10, allowed_updates=Update.ALL_TYPES)
            print(BANNER, flush=True)
            chat = TerminalChat(emulator.state.bot(PLAYGROUND_TOKEN))
            lines = _start_stdin_reader(asyncio.get_running_loop())
            try:
                while (line := await lines.get()) is not None and line.strip() != "/quit":
                    await chat.handle_line(line)
            finally:
                await updater.stop()
                await app.stop()
        shutdown = app.post_shutdown
        if shutdown is None:  # build_application always sets it
            raise RuntimeError("the bot application has no post_shutdown hook")
        await shutdown(app)
    print("bye.", flush=True)
    return 0
