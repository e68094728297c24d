"""The safety net through the real Application and the emulator: certain signs escalate at once, possible
ones get a yes/no question first, unclear durations get the two-week question, and the emergency reply
goes out even when the database can't be written."""

import pytest

from bot.core.content.loader import load_content
from tests.harness import CONTENT, button_labels, subscribed, texts_of

TEXTS = load_content(CONTENT).texts
YES, NO = TEXTS("ask_yes_button"), TEXTS("ask_no_button")
HEAT_OR_ICE = "is heat or ice better?"
POSSIBLE = "my back went while I was sitting on the loo, any tips?"  # touches the bladder, settles nothing
CARE = "seek medical care"


async def at_the_red_flag_checklist(bot):
    """A subscriber whose check-in now shows the red-flag checklist."""
    chat = await subscribed(bot)
    await chat.send("/checkin")
    await chat.press(TEXTS("checkin_yes_button"), expect=3)
    await chat.press(TEXTS("checkin_since_1-3d_button"), expect=3)
    await chat.press("4", expect=3)
    return chat


def messages(events: list[dict]) -> list[str]:
    """The texts of new messages among events (edits of the question left out)."""
    return [e["text"] for e in events if e["kind"] == "message"]


def is_emergency(text: str, bot) -> bool:
    return "emergency" in text.lower() and bot.config.emergency_number in text


async def test_a_certain_emergency_sign_gets_the_emergency_reply_and_nothing_else(bot):
    chat = await subscribed(bot)
    events = await chat.send("I can't feel my legs and I can't pee", expect=1)
    [reply] = texts_of(events)
    assert is_emergency(reply, bot)
    assert bot.storage.escalations_by_level(bot.clock.now().replace(year=2000)) == {3: 1}


async def test_an_emergency_about_someone_else_is_phrased_for_them(bot):
    chat = await subscribed(bot)
    [reply] = texts_of(await chat.send("my husband can't feel his legs and he has wet himself"))
    assert is_emergency(reply, bot) and "for them" in reply


async def test_a_possible_sign_gets_a_yes_no_question_and_yes_escalates(bot):
    chat = await subscribed(bot)
    [question] = [e for e in await chat.send(f"my back went while I was sitting on the loo, {HEAT_OR_ICE}")
                  if e["kind"] == "message"]
    assert question["text"].startswith("Before anything else") and "peeing" in question["text"]
    labels = button_labels(question)
    assert labels[0].startswith("Yes") and labels[1].startswith("No")
    events = await chat.press(YES, expect=2)
    messages = [e["text"] for e in events if e["kind"] == "message"]
    assert len(messages) == 1 and is_emergency(messages[0], bot)
    edited = bot.emulated_bot.message(chat.user_id, question["message_id"])
    assert not edited.get("buttons") and edited["text"].endswith(YES), "the question shows its answer"


async def test_no_lets_the_message_be_answered_as_usual(bot):
    chat = await subscribed(bot)
    await chat.send(f"my back went while I was sitting on the loo, {HEAT_OR_ICE}")
    events = await chat.press(NO, expect=2)
    [answer] = [e["text"] for e in events if e["kind"] == "message"]
    title = load_content(CONTENT).answers["cold-and-heat"].title
    assert title in answer and not is_emergency(answer, bot)


async def test_a_typed_yes_or_no_answers_the_question(bot):
    chat = await subscribed(bot)
    await chat.send(f"my back went while I was sitting on the loo, {HEAT_OR_ICE}")
    [answer] = messages(await chat.send("nope"))
    assert load_content(CONTENT).answers["cold-and-heat"].title in answer
    await chat.send(f"my back went while I was sitting on the loo, {HEAT_OR_ICE}")
    [reply] = messages(await chat.send("yes"))
    assert is_emergency(reply, bot)


async def test_a_question_about_a_sign_is_answered_and_asked_about(bot):
    chat = await subscribed(bot)
    events = await chat.send("is it ok to go to the toilet a lot with back pain?", expect=2)
    texts = texts_of(events)
    assert len(texts) == 2 and texts[0].startswith("Before anything else") and not is_emergency(texts[1], bot)
    [thanks] = messages(await chat.press(NO, expect=2))
    assert thanks == TEXTS("ask_cleared")


async def test_an_unclear_duration_gets_the_two_week_question(bot):
    chat = await subscribed(bot)
    [question] = texts_of(await chat.send(f"my back has been sore since my cousin's wedding, {HEAT_OR_ICE}"))
    assert question == TEXTS("ask_persist_14d")
    events = await chat.press(YES, expect=3)
    messages = [e["text"] for e in events if e["kind"] == "message"]
    assert len(messages) == 2 and CARE in messages[0].lower()
    assert load_content(CONTENT).answers["cold-and-heat"].title in messages[1]


async def test_no_to_the_two_week_question_just_answers(bot):
    chat = await subscribed(bot)
    await chat.send(f"my back has been sore since my cousin's wedding, {HEAT_OR_ICE}")
    events = await chat.press(NO, expect=2)
    [answer] = [e["text"] for e in events if e["kind"] == "message"]
    assert CARE not in answer.lower() and load_content(CONTENT).answers["cold-and-heat"].title in answer


async def test_a_forged_safety_button_changes_nothing(bot):
    chat = await subscribed(bot)
    [question] = [e for e in await chat.send(f"my back went while I was sitting on the loo, {HEAT_OR_ICE}")
                  if e["kind"] == "message"]
    events = await chat.press_data(question["message_id"], "sq:y:not_a_sign:u")
    assert not [e for e in events if e["kind"] == "message"], "a forged payload escalates nothing"


@pytest.mark.parametrize("typed", ["I can't feel my legs and I can't pee", "my bum has gone numb"])
async def test_the_emergency_reply_arrives_with_the_database_read_only(bot, typed):
    chat = await subscribed(bot)
    bot.storage.db.execute("pragma query_only = on")  # every write now fails, as on a read-only file
    [reply] = texts_of(await chat.send(typed))
    assert is_emergency(reply, bot)


async def test_yes_escalates_with_the_database_read_only(bot):
    chat = await subscribed(bot)
    await chat.send(POSSIBLE)
    bot.storage.db.execute("pragma query_only = on")
    events = await chat.press(YES, expect=2)
    assert any(is_emergency(e["text"], bot) for e in events if e["kind"] == "message")


async def test_a_red_flag_ticked_in_a_checkin_is_answered_with_the_database_read_only(bot):
    chat = await at_the_red_flag_checklist(bot)
    bot.storage.db.execute("pragma query_only = on")
    events = await chat.press(TEXTS("sign_bladder_bowel"), expect=2)
    assert any(is_emergency(text, bot) for text in texts_of(events))


async def test_after_a_restart_yes_still_escalates_and_no_just_thanks(bot):
    chat = await subscribed(bot)
    await chat.send(POSSIBLE)
    bot.app.user_data[chat.user_id].clear()  # what a restart loses: the pending question lives in memory only
    events = await chat.press(YES, expect=2)
    assert any(is_emergency(e["text"], bot) for e in events if e["kind"] == "message")
    await chat.send(POSSIBLE)
    bot.app.user_data[chat.user_id].clear()
    [thanks] = messages(await chat.press(NO, expect=2))
    assert thanks == TEXTS("ask_cleared")


async def test_the_emergency_reply_is_retried_through_server_errors(bot):
    chat = await subscribed(bot)
    bot.emulated_bot.set_faults(fail_next=2)  # the next two sends are answered 502 Bad Gateway
    [reply] = texts_of(await chat.send("I can't feel my legs and I can't pee"))
    assert is_emergency(reply, bot)


async def test_a_ticked_red_flag_is_retried_through_server_errors(bot):
    chat = await at_the_red_flag_checklist(bot)
    bot.emulated_bot.set_faults(fail_next=2)
    events = await chat.press(TEXTS("sign_bladder_bowel"), expect=2)
    assert any(is_emergency(text, bot) for text in texts_of(events))
