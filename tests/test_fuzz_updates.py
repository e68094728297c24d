"""A seeded fuzz run through the real Application and the emulator: over 1,000 random updates of every kind
(texts, commands with odd arguments, edits, media, button presses real and forged, group and channel
messages, updates the library cannot parse) leave no traceback in the log, and every private message,
edit and press is answered."""

import asyncio
import logging
import random

import pytest

from bot.core.content.texts import MENU_COMMANDS
from bot.emulator.user_actions import MEDIA_KINDS
from bot.tg.handlers.admin import ADMIN_COMMANDS
from bot.tg.keyboards import callbacks
from tests.harness import running_bot

SEED = 20261204
USERS = 40
ACTIONS_PER_USER = 26  # 40 x 26 = 1,040 updates in private chats, plus group, channel and unparsable ones
WORDS = ("back", "spasm", "ice", "heat", "stretch", "hi", "thanks", "help", "my", "lower", "hurts", "since",
         "two weeks", "yesterday", "numb", "bladder", "fever", "38.5", "fell", "doctor", "chemist", "tylenol",
         "?", "!", "👍", "🙏", "😫", "<b>", "&amp;", "</i>", "{name}", "%s", "\u200b", "\u202e", "ﷺ", "²", "٣",
         "'; drop table subscribers; --", "\n", "yes", "no", "ok", "bye", "are you a doctor", "what can you do")
ARGUMENTS = ("", "2", "²", "-1", "99999999999999999999", "0", "25:61", "09:30", "mon-fri", "off", "Europe/Berlin",
             "Mars/Olympus", "+14:00", "every 3", "at 19:00", "every ²", "tomorrow", "3d", "🙂", "x" * 300,
             "posture", "stretching 18:30", "hydration 10:00 14:00 25:00")
PREFIXES = [value for name, value in vars(callbacks).items() if name.isupper() and isinstance(value, str)]


def random_text(rng: random.Random) -> str:
    """A message of 1 to 40 pieces, sometimes very long (never over Telegram's 4,096 characters)."""
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40)))
    if rng.random() < 0.05:
        text = (text + " ") * 200
    return text[:4096].strip() or "?"


def random_command(rng: random.Random) -> str:
    name = rng.choice([*MENU_COMMANDS, *ADMIN_COMMANDS, "timezone", "time", "days", "quiet", "pause", "resume",
                       "nosuch", "start@other_bot"])
    return f"/{name} {rng.choice(ARGUMENTS)}".strip()


def forged_data(rng: random.Random) -> str:
    suffix = rng.choice(["", "1", "-5", "99999999999999999999", "x:y:z", "²", "d:1", "z:999", "0", "🙂" * 10])
    return (rng.choice(PREFIXES) + suffix)[:64]


async def act(running, user: int, rng: random.Random) -> None:
    """One user's random session; each private message, edit and press must get at least one answer."""
    chat = running.chat(user)
    emulated = running.emulated_bot
    sent_ids: list[int] = []
    for _ in range(ACTIONS_PER_USER):
        roll = rng.random()
        if roll < 0.35:
            update = emulated.send_message(user, random_text(rng))
            sent_ids.append(update["message"]["message_id"])
        elif roll < 0.6:
            update = emulated.send_message(user, random_command(rng))
            sent_ids.append(update["message"]["message_id"])
        elif roll < 0.68 and sent_ids:
            emulated.edit_message(user, rng.choice(sent_ids), random_text(rng))
        elif roll < 0.76:
            emulated.send_media(user, rng.choice(MEDIA_KINDS))
        else:
            with_buttons = [e for e in chat.history() if e.get("buttons") and emulated.message(user, e["message_id"])]
            if not with_buttons:
                emulated.send_message(user, "/settings")
            else:
                message = rng.choice(with_buttons)
                current = emulated.message(user, message["message_id"]) or {}
                real = [b["callback_data"] for row in current.get("buttons") or [] for b in row if "callback_data" in b]
                data = rng.choice(real) if real and rng.random() < 0.7 else forged_data(rng)
                emulated.press_button(user, message["message_id"], data, forge=True)
        await chat.replies(expect=1, timeout=10)


@pytest.fixture
async def bot(tmp_path):
    """The bot with Telegram's ~30 requests a second lifted: this test is about robustness, not pacing (at 29 a
    second its ~1,500 replies took 48 s of waiting)."""
    async with running_bot(tmp_path, send_rate=100_000) as running:
        yield running


async def test_a_thousand_random_updates_leave_no_traceback_and_every_private_message_is_answered(bot, caplog):
    caplog.set_level(logging.INFO)
    rng = random.Random(SEED)
    sessions = [act(bot, user, random.Random(rng.random())) for user in range(5001, 5001 + USERS)]
    for n in range(30):  # others' traffic the bot must not trip over meanwhile
        bot.emulated_bot.send_message(7000 + n, random_text(rng), chat_id=-1000 - n, chat_type="group")
        bot.emulated_bot.post_in_channel(-100900 - n, random_command(rng))
        bot.emulated_bot.push_update("message", {"message_id": n, "date": 1, "chat": {"id": 8000 + n, "type": "private"},
                                                 "poll": {"id": str(n)}})
    await asyncio.gather(*sessions)
    for n in range(30):
        assert await bot.emulated_bot.wait_events(-1000 - n, count=1), "groups get their one-line reply"
    assert bot.app.bot.skipped_updates == 30
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert problems == [], [f"{r.name}: {r.getMessage()}" for r in problems[:5]]
    assert "Traceback" not in caplog.text
