"""python-telegram-bot against the emulator: every answer parses, errors map to PTB's exceptions, and a
real Application polls, replies and stops quickly. Also the standalone `python -m bot.emulator`."""

import asyncio
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, MessageHandler, filters

from tests.emulator_support import USER, png

ROOT = Path(__file__).resolve().parent.parent


# ----- python-telegram-bot parses every answer --------------------------------------------------

async def test_ptb_parses_every_response(ptb, state):
    state.register_chats([USER])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    sent = await ptb.send_message(USER, "<b>Ready?</b>", parse_mode="HTML", reply_markup=markup)
    assert sent.text == "Ready?" and sent.reply_markup == markup and sent.from_user.username == ptb.username
    assert sent.entities[0].type == "bold"
    edited = await ptb.edit_message_text("Go!", chat_id=USER, message_id=sent.message_id, reply_markup=markup)
    assert edited.text == "Go!" and edited.edit_date is not None
    query_id = state.press_button(USER, sent.message_id, "yes")["callback_query"]["id"]
    assert await ptb.answer_callback_query(query_id, text="Saved") is True
    assert (await ptb.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)).reply_markup is None
    photo = await ptb.send_photo(USER, png(4, 3), caption="A stretch")
    assert (photo.photo[-1].width, photo.photo[-1].height, photo.caption) == (4, 3, "A stretch")
    assert bytes(await (await photo.photo[-1].get_file()).download_as_bytearray()) == png(4, 3)
    document = await ptb.send_document(USER, b"plan", filename="plan.txt")
    assert document.document.file_name == "plan.txt"
    assert await ptb.set_my_commands([BotCommand("start", "Start"), BotCommand("tip", "A tip")]) is True
    assert [c.command for c in await ptb.get_my_commands()] == ["start", "tip"]
    assert await ptb.send_chat_action(USER, "typing") is True
    assert await ptb.delete_message(USER, document.message_id) is True
    assert [e["kind"] for e in state.events(USER)] == [
        "message", "edit", "callback_answer", "edit", "photo", "document", "chat_action", "delete"]


async def test_ptb_long_poll_and_conflict(ptb, state):
    poll = asyncio.create_task(ptb.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    state.send_message(USER, "/start")
    [update] = await asyncio.wait_for(poll, 2)
    assert update.message.text == "/start" and update.message.entities[0].type == "bot_command"
    parked = asyncio.create_task(ptb.get_updates(offset=update.update_id + 1, timeout=10))
    await asyncio.sleep(0.1)
    assert await ptb.get_updates(offset=update.update_id + 1, timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await parked


async def test_ptb_errors(ptb, state, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    state.register_chats([USER, USER + 1])
    with pytest.raises(BadRequest, match="^Chat not found$"):
        await ptb.send_message(999, "x")
    with pytest.raises(BadRequest, match=r"^Can't parse entities: unsupported start tag \"foo\" at byte offset 0$"):
        await ptb.send_message(USER, "<foo>", parse_mode="HTML")
    state.set_faults(blocked_chats=[USER + 1], rate_limit=1)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await ptb.send_message(USER + 1, "x")
    await ptb.send_message(USER, "first")
    with pytest.raises(RetryAfter) as error:
        await ptb.send_message(USER, "second")
    assert error.value.retry_after.total_seconds() == 1


async def test_ptb_application_replies_and_stops_quickly(emu, token):
    async def echo(update, context):
        await update.message.reply_text(update.message.text)

    async def start(update, context):
        await update.message.reply_text(f"Hello {update.effective_user.first_name}!")

    app = (ApplicationBuilder().token(token).base_url(f"{emu.base_url}/bot")
           .base_file_url(f"{emu.base_url}/file/bot").build())
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    state = emu.state.bot(token)
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10)
        state.send_message(USER, "/start", first_name="Maya")
        state.send_message(USER, "my back hurts")
        events = await state.wait_events(USER, count=2, timeout=5)
        assert [e["text"] for e in events] == ["Hello Maya!", "my back hurts"]
        started = time.monotonic()
        await app.updater.stop()
        await app.stop()
        assert time.monotonic() - started < 2
    assert state.counters()["updates_pending"] == 0, "the final poll confirmed every update"


# ----- standalone -------------------------------------------------------------------------------

def test_standalone_emulator_prints_its_url_and_stops_on_ctrl_c():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "bot.emulator", "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line
        assert httpx.get(f"http://127.0.0.1:{port}/bot1:A/getMe", trust_env=False).json()["ok"] is True
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
        assert process.returncode == 0 and "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
