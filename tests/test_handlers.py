"""Every handler of the foundation, through the real Application polling the emulator over HTTP."""

import logging

import pytest

from bot.core.content.loader import load_content
from bot.core.storage.store import ACTIVE, STOPPED, SUBSCRIBER_TABLES
from bot.core.content.texts import MENU_COMMANDS
from tests.harness import CONTENT, button_labels, texts_of

TEXTS = load_content(CONTENT).texts


async def subscribe(chat):
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)


async def test_start_shows_welcome_disclaimer_and_consent_button(bot):
    [reply] = await bot.chat(first_name="Maya").send("/start")
    assert reply["text"].startswith("Hello Maya!")
    assert "not a diagnosis" in reply["text"]
    assert "112" in reply["text"]
    assert button_labels(reply) == [TEXTS("consent_button")]
    assert bot.storage.subscriber(1001) is None, "nothing is stored before consent"


async def test_consent_subscribes_with_defaults_and_removes_the_button(bot):
    chat = bot.chat()
    [welcome] = await chat.send("/start")
    events = await chat.press(TEXTS("consent_button"), expect=4)
    kinds = [e["kind"] for e in events]
    assert "callback_answer" in kinds and "edit" in kinds
    assert texts_of(events)[-2] == TEXTS("consented", first_name="Alex")
    assert texts_of(events)[-1].startswith("1 of 3")  # the first step follows
    assert bot.emulated_bot.message(1001, welcome["message_id"])["buttons"] in (None, [])
    subscriber = bot.storage.subscriber(1001)
    assert subscriber.status == ACTIVE
    assert subscriber.timezone == "UTC"
    assert subscriber.consented_at == bot.clock.now()


async def test_start_again_is_harmless(bot):
    chat = bot.chat()
    await subscribe(chat)
    [reply] = await chat.send("/start")
    assert reply["text"] == TEXTS("welcome_back", first_name="Alex")
    assert bot.storage.db.table("subscribers").count == 1


async def test_help_lists_every_command(bot):
    [reply] = await bot.chat().send("/help")
    for command in ("/tip", "/about", "/stop", "/delete", "/start", "/help"):
        assert command in reply["text"]


async def test_command_menu_is_registered_at_start_up(bot):
    commands = bot.emulated_bot.commands()
    assert [c["command"] for c in commands] == list(MENU_COMMANDS)


async def test_tip_in_a_category_is_a_stretch_with_how_long_and_when_to_stop(bot):
    chat = bot.chat()
    await subscribe(chat)
    [reply] = await chat.send("/tip stretching")
    assert TEXTS("tip_steps_label") in reply["text"]
    assert TEXTS("tip_hold_label") in reply["text"]
    assert TEXTS("tip_stop_label") in reply["text"]
    [(tip_id, _)] = bot.storage.tip_views(1001, "stretching").items()
    assert tip_id.startswith("stretch-")


async def test_tip_is_never_the_same_twice_in_a_row(bot):
    chat = bot.chat()
    await subscribe(chat)
    shown = []
    for _ in range(6):
        [reply] = await chat.send("/tip posture")
        shown.append(reply["text"])
        bot.clock.advance(__import__("datetime").timedelta(minutes=1))
    assert all(a != b for a, b in zip(shown, shown[1:]))
    assert len(set(shown)) == 6


async def test_tip_without_category_picks_any(bot):
    chat = bot.chat()
    await subscribe(chat)
    [reply] = await chat.send("/tip")
    assert len(bot.storage.tip_views(1001)) == 1
    assert reply["text"]


async def test_tip_unknown_category_lists_the_valid_ones(bot):
    chat = bot.chat()
    await subscribe(chat)
    [reply] = await chat.send("/tip yoga")
    assert reply["text"] == TEXTS("tip_unknown_category", category="yoga",
                                  categories="posture, hydration, stretching")
    assert bot.storage.tip_views(1001) == {}


async def test_about_names_the_sources_and_the_disclaimer(bot):
    [reply] = await bot.chat().send("/about")
    assert "NICE guideline NG59" in reply["text"]
    assert "not a diagnosis" in reply["text"]


async def test_stop_keeps_data_and_stops_scheduled_messages(bot):
    chat = bot.chat()
    await subscribe(chat)
    await chat.send("/tip")
    [reply] = await chat.send("/stop")
    assert reply["text"] == TEXTS("stopped")
    assert bot.storage.subscriber(1001).status == STOPPED
    assert bot.storage.tip_views(1001) != {}
    [again] = await chat.send("/stop")
    assert again["text"] == TEXTS("already_stopped")


async def test_delete_cancelled_keeps_everything(bot):
    chat = bot.chat()
    await subscribe(chat)
    [confirm] = await chat.send("/delete")
    assert button_labels(confirm) == [TEXTS("delete_yes_button"), TEXTS("delete_no_button")]
    events = await chat.press(TEXTS("delete_no_button"), expect=2)
    assert TEXTS("delete_cancelled") in texts_of(events)
    assert bot.storage.subscriber(1001) is not None


async def test_delete_confirmed_erases_everything(bot):
    chat = bot.chat()
    await subscribe(chat)
    await chat.send("/tip")
    await chat.send("/delete")
    events = await chat.press(TEXTS("delete_yes_button"), expect=2)
    assert TEXTS("deleted") in texts_of(events)
    for table, column in SUBSCRIBER_TABLES.items():
        assert bot.storage.db.table(table).count_where(f"{column} = ?", [1001]) == 0
    [reply] = await chat.send("/tip")
    assert reply["text"] == TEXTS("need_start")


@pytest.mark.parametrize("command", ["/tip", "/stop", "what helps a back spasm"])
async def test_users_who_never_pressed_start_are_asked_to(bot, command):
    [reply] = await bot.chat().send(command)
    assert reply["text"] == TEXTS("need_start")


async def test_small_talk_from_someone_who_never_pressed_start_is_answered_then_points_to_start(bot):
    [reply] = await bot.chat().send("hello there")
    assert reply["text"].endswith(TEXTS("need_start"))
    assert reply["text"] != TEXTS("need_start")


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document", "contact"])
async def test_non_text_messages_get_a_short_reply(bot, kind):
    [reply] = await bot.chat().send_media(kind)
    assert reply["text"] == TEXTS("unsupported_message")


async def test_edited_message_is_not_acted_on(bot):
    chat = bot.chat()
    await subscribe(chat)
    update = bot.emulated_bot.send_message(1001, "/tip posture")
    await chat.replies()
    bot.emulated_bot.edit_message(1001, update["message"]["message_id"], "/tip hydration")
    [reply] = await chat.replies()
    assert reply["text"] == TEXTS("edited_message")
    assert all(tip.startswith("posture-") for tip in bot.storage.tip_views(1001))


async def test_unknown_command_is_named(bot):
    [reply] = await bot.chat().send("/frobnicate now")
    assert reply["text"] == TEXTS("unknown_command", command="/frobnicate")


async def test_very_long_message_gets_a_limit_reply(bot):
    chat = bot.chat()
    await subscribe(chat)
    [reply] = await chat.send("my back " * 500)
    assert reply["text"] == TEXTS("too_long", limit=1000)


async def test_group_chat_gets_one_line_about_private_chat(bot):
    bot.emulated_bot.send_message(1001, "/start", chat_id=-100500, chat_type="group")
    [reply] = await bot.emulated_bot.wait_events(-100500, count=1)
    assert reply["text"] == TEXTS("private_only")
    assert "\n" not in reply["text"]
    assert bot.storage.subscriber(1001) is None


@pytest.mark.parametrize("payload", ["delete:everyone", "consent;drop table", "x" * 64, "nudge:1:posture:done"])
async def test_forged_or_stale_button_changes_nothing(bot, payload):
    chat = bot.chat()
    await subscribe(chat)
    [reply] = await chat.send("/help")
    [answer] = await chat.press_data(reply["message_id"], payload)
    assert answer["kind"] == "callback_answer"
    assert answer["answer_text"] == TEXTS("stale_button")
    assert bot.storage.subscriber(1001).status == ACTIVE


async def test_error_is_logged_without_the_token_and_the_user_is_told(bot, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    chat = bot.chat()
    await subscribe(chat)

    def broken(*args, **kwargs):
        raise RuntimeError(f"database exploded near {bot.config.token_text}")

    monkeypatch.setattr(bot.storage, "tip_views", broken)
    [reply] = await chat.send("/tip")
    assert reply["text"] == TEXTS("error")
    assert "database exploded" in caplog.text
    assert bot.config.token_text not in caplog.text
    assert bot.config.token_text.split(":")[1] not in caplog.text


@pytest.mark.parametrize("text", ["/start", "my back hurts and I can't feel my legs", "hello channel"])
async def test_channel_posts_are_ignored_silently(bot, caplog, text):
    bot.emulated_bot.post_in_channel(-100777, text)
    bot.emulated_bot.send_message(1001, "/help")  # something after it, so the post was surely processed
    assert await bot.emulated_bot.wait_events(1001, count=1), "the bot is still serving people"
    sent_to_channel = await bot.emulated_bot.wait_events(-100777, count=1, timeout=0.5)
    assert sent_to_channel == [], sent_to_channel
    assert not [r for r in caplog.records if r.levelno >= 40]
