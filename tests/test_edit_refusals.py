"""Telegram refusing an edit or an answer that cannot matter is not an error, and a failure after a press was
answered still reaches the user, through the real Application and the emulator."""

import logging

from bot.core.content.loader import load_content
from bot.tg.keyboards.callbacks import CONSENT, TOPIC
from tests.harness import CONTENT, running_bot, texts_of

TEXTS = load_content(CONTENT).texts
ADMIN = 9001


def errors(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


async def subscribed(bot, user: int = 1001):
    chat = bot.chat(user)
    [welcome] = await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    return chat, welcome


async def test_a_second_consent_press_logs_no_error(bot, caplog):
    chat, welcome = await subscribed(bot)
    await chat.press_data(welcome["message_id"], CONSENT, expect=2)  # the button is gone: an old client, a double tap
    assert errors(caplog) == []


async def test_a_press_on_a_message_deleted_meanwhile_logs_no_error(bot, caplog):
    chat, _ = await subscribed(bot)
    [listing] = await chat.send("/topics")
    topic = next(iter(load_content(CONTENT).answers))
    bot.emulated_bot.press_button(1001, listing["message_id"], TOPIC + topic)
    bot.emulated_bot.messages[1001].pop(listing["message_id"])  # deleted before the bot edits it
    assert [e["kind"] for e in await chat.replies(expect=1)] == ["callback_answer"]
    assert errors(caplog) == []


async def test_a_second_broadcast_send_logs_no_error(tmp_path, caplog):
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN})) as bot:
        admin, _ = await subscribed(bot, ADMIN)
        await admin.send("/broadcast")
        await admin.send("Clinic closed on Monday", expect=2)
        [confirm] = [m for m in admin.history() if m.get("buttons")][-1:]
        await admin.press("Send to 1", expect=2, message_id=confirm["message_id"])
        await admin.press_data(confirm["message_id"], confirm["buttons"][0][0]["callback_data"], expect=1)
    assert errors(caplog) == []


async def test_a_failure_after_the_press_was_answered_is_told_by_a_new_message(bot, caplog, monkeypatch):
    chat = bot.chat()
    await chat.send("/start")

    def broken(*args, **kwargs):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(bot.storage, "subscribe", broken)
    events = await chat.press(TEXTS("consent_button"), expect=2)
    assert [e["kind"] for e in events] == ["callback_answer", "message"]
    assert texts_of(events) == [TEXTS("error")]
    assert len(errors(caplog)) == 1, "the real failure is logged, once"


async def test_a_double_press_on_a_topic_edits_once_and_logs_no_error(bot, caplog):
    chat, _ = await subscribed(bot)
    [listing] = await chat.send("/topics")
    title = load_content(CONTENT).answers[next(iter(load_content(CONTENT).answers))].title
    bot.emulated_bot.press_button(1001, listing["message_id"], button_text=title)
    bot.emulated_bot.press_button(1001, listing["message_id"], button_text=title)
    events = await chat.replies(expect=3)
    assert [e["kind"] for e in events].count("edit") == 1, "the second edit changes nothing and is refused quietly"
    assert errors(caplog) == []
