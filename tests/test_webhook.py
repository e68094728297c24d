"""Webhook mode through the real Application and the emulator: updates arrive as POSTs to BOT_LISTEN."""

from __future__ import annotations

import asyncio
import random
import socket
from contextlib import asynccontextmanager

import aiohttp
import pytest
from telegram.error import Conflict

from bot.cli.runner import set_webhook
from bot.clock import ManualClock
from bot.config import Config, ConfigError, load_config
from bot.core.content.loader import load_content
from bot.emulator.server import EmulatorServer
from bot.tg.app import build_application, post_init
from bot.tg.webhook import SECRET_HEADER, RecentIds
from tests.harness import CONTENT, START, RunningBot, new_token

TEXTS = load_content(CONTENT).texts
SECRET = "s3cret"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def webhook_bot(tmp_path):
    """The bot in webhook mode (no polling) against a fresh emulator that POSTs updates to it."""
    async with EmulatorServer() as emulator:
        port = free_port()
        config = Config(token=new_token(), api_url=emulator.base_url, database=tmp_path / "bot.sqlite3",
                        content_dir=CONTENT, listen=f"127.0.0.1:{port}",
                        webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET)
        clock = ManualClock(START)
        app = build_application(config, clock=clock, rng=random.Random(7), dispatch_interval=None,
                                watch_content=False)
        async with app:
            await post_init(app)
            await set_webhook(app, config)
            await app.start()
            try:
                yield RunningBot(emulator, app, clock, config, emulator.state.bot(config.token_text))
            finally:
                await app.stop()
        await app.post_shutdown(app)


async def post(running: RunningBot, update: dict, secret: str | None) -> int:
    """POST an update to the bot's webhook as Telegram would (secret None: no header); the status."""
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as session:
        async with session.post(running.config.webhook_url, json=update, headers=headers) as response:
            return response.status


def message_update(update_id: int, user_id: int, text: str) -> dict:
    """A raw Update with a private text message from user_id."""
    person = {"id": user_id, "is_bot": False, "first_name": "Sam"}
    return {"update_id": update_id, "message": {"message_id": 1, "date": 1_700_000_000, "text": text, "from": person,
                                                "chat": {"id": user_id, "type": "private", "first_name": "Sam"},
                                                **({"entities": [{"type": "bot_command", "offset": 0,
                                                                   "length": len(text)}]}
                                                   if text.startswith("/") else {})}}


async def test_a_conversation_works_through_the_webhook(tmp_path):
    async with webhook_bot(tmp_path) as running:
        assert running.emulated_bot.webhook is not None
        assert running.emulated_bot.webhook.url == running.config.webhook_url
        chat = running.chat()
        await chat.send("/start")
        await chat.press(TEXTS("consent_button"), expect=4)
        [reply] = await chat.send("should I put ice or heat on my back?")
        assert "heat" in reply["text"].lower()
        assert running.emulated_bot.counters()["webhook_delivered"] >= 3
        assert running.emulated_bot.pending_updates() == 0


@pytest.mark.parametrize("secret", [None, "wrong", ""])
async def test_a_post_without_the_right_secret_is_refused_and_ignored(tmp_path, secret):
    async with webhook_bot(tmp_path) as running:
        running.emulated_bot.register_chats([4242])
        assert await post(running, message_update(900001, 4242, "/start"), secret) == 403
        chat = running.chat(4242)
        assert await chat.replies(expect=0, settle=0.5) == []
        db = running.storage.db
        assert db.table("subscribers").count == 0 and db.table("unanswered_questions").count == 0
        assert await post(running, message_update(900001, 4242, "/start"), SECRET) == 200
        assert await chat.replies(expect=1), "the same update with the secret is processed"


async def test_the_same_update_twice_is_handled_once(tmp_path):
    async with webhook_bot(tmp_path) as running:
        running.emulated_bot.register_chats([4343])
        update = message_update(900002, 4343, "/help")
        assert await post(running, update, SECRET) == 200
        assert await post(running, update, SECRET) == 200
        chat = running.chat(4343)
        first = await chat.replies(expect=1)
        assert await chat.replies(expect=0, settle=0.5) == []
        assert len([e for e in first if e["kind"] == "message"]) == 1


async def test_an_update_the_library_cannot_parse_is_skipped_and_counted(tmp_path):
    async with webhook_bot(tmp_path) as running:
        broken = {"update_id": 900003, "message": {"message_id": 1, "text": "hi"}}  # no date, no chat
        assert await post(running, broken, SECRET) == 200
        assert running.app.bot.skipped_updates == 1


async def test_get_updates_while_a_webhook_is_set_is_a_conflict(tmp_path):
    async with webhook_bot(tmp_path) as running:
        with pytest.raises(Conflict, match="webhook is active"):
            await running.app.bot.get_updates(timeout=0)
        info = await running.app.bot.get_webhook_info()
        assert info.url == running.config.webhook_url
        await running.app.bot.delete_webhook()
        assert running.emulated_bot.webhook is None
        assert await running.app.bot.get_updates(timeout=0) == ()


def test_recent_ids_are_bounded():
    recent = RecentIds(size=3)
    assert [recent.add(i) for i in (1, 2, 3, 1)] == [True, True, True, False]
    assert recent.add(4) and recent.add(1), "the oldest id is forgotten past the bound"


@pytest.mark.parametrize(("env", "expected"), [
    ({"BOT_WEBHOOK_URL": "https://bot.example.org/hook"}, "BOT_WEBHOOK_SECRET: required when BOT_WEBHOOK_URL"),
    ({"BOT_WEBHOOK_URL": "ftp://bot.example.org/hook", "BOT_WEBHOOK_SECRET": "a"}, "BOT_WEBHOOK_URL: 'ftp://"),
    ({"BOT_WEBHOOK_URL": "https://bot.example.org", "BOT_WEBHOOK_SECRET": "a"}, "BOT_WEBHOOK_URL: "),
    ({"BOT_WEBHOOK_SECRET": "has space"}, "BOT_WEBHOOK_SECRET: not a webhook secret"),
    ({"BOT_WEBHOOK_SECRET": "x" * 257}, "BOT_WEBHOOK_SECRET: not a webhook secret"),
])
def test_malformed_webhook_settings_name_themselves(monkeypatch, env, expected):
    monkeypatch.setenv("BOT_CONTENT_DIR", str(CONTENT))
    for name in ("BOT_WEBHOOK_URL", "BOT_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        load_config(None, None)
    assert str(raised.value).startswith(expected)
    assert "\n" not in str(raised.value)
    assert "has space" not in str(raised.value)


def test_webhook_settings_are_read(monkeypatch):
    monkeypatch.setenv("BOT_CONTENT_DIR", str(CONTENT))
    monkeypatch.setenv("BOT_WEBHOOK_URL", "https://bot.example.org:8443/telegram/hook")
    monkeypatch.setenv("BOT_WEBHOOK_SECRET", "abc_DEF-123")
    config = load_config(None, None)
    assert config.webhook_path == "/telegram/hook"
    assert config.webhook_secret_text == "abc_DEF-123"
    assert "abc_DEF-123" not in repr(config)


async def test_run_py_in_webhook_mode_serves_a_conversation_and_stops_on_sigterm(tmp_path):
    """The production loop (bot/cli/runner.py run_webhook) as its own process, against the emulator's webhook delivery."""
    import signal
    import subprocess
    import sys

    from bot.emulator.client import EmulatorClient
    from tests.test_run_py import ROOT, clean_env, free_port, start_emulator

    emulator_port, listen_port, token = free_port(), free_port(), "454545:HOOK"
    emulator = start_emulator(emulator_port, tmp_path)
    env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_URL=f"http://127.0.0.1:{emulator_port}",
                    BOT_DATABASE=str(tmp_path / "bot.sqlite3"), BOT_LISTEN=f"127.0.0.1:{listen_port}",
                    BOT_WEBHOOK_URL=f"http://127.0.0.1:{listen_port}/hook", BOT_WEBHOOK_SECRET="s3cret")
    bot = None
    try:
        async with EmulatorClient(f"http://127.0.0.1:{emulator_port}", token) as client:
            await client.wait_until_up(timeout=15)
            bot = subprocess.Popen([sys.executable, str(ROOT / "run.py")], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            await client.send_message(7001, "/help")  # queued until the bot's setWebhook, then POSTed to it
            replies = await client.wait_events(7001, count=1, timeout=20)
            assert replies and replies[0]["kind"] == "message"
            bot.send_signal(signal.SIGTERM)
            assert bot.wait(timeout=10) == 0, bot.stderr.read() if bot.stderr else ""
            assert "s3cret" not in (bot.stderr.read() if bot.stderr else ""), "the secret never reaches the log"
    finally:
        for process in (bot, emulator):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
