"""Answers through the real Application and the emulator: free text, /topics and its buttons."""

import pytest

from bot.core.content.answers import render_answer
from bot.core.content.loader import load_content
from bot.tg.keyboards.answers import TOPICS_PER_PAGE, topic_pages
from tests.harness import CONTENT, button_labels, running_bot

LOADED = load_content(CONTENT)
TEXTS = LOADED.texts
ANSWERS = LOADED.answers


@pytest.fixture
async def bot(tmp_path):
    async with running_bot(tmp_path) as running:
        chat = running.chat()
        await chat.send("/start")
        await chat.press(TEXTS("consent_button"), expect=4)
        yield running, chat


def plain(html: str) -> str:
    from bot.core.markup.html import parse_html
    return parse_html(html)


async def test_free_text_question_gets_its_answer_with_related_topics(bot):
    running, chat = bot
    [reply] = await chat.send("should I put ice or heat on my back?")
    answer = ANSWERS["cold-and-heat"]
    assert reply["text"] == plain(render_answer(answer, TEXTS))
    labels = button_labels(reply)
    assert labels[:-1] == [ANSWERS[r].title for r in answer.related][:3]
    assert labels[-1] == TEXTS("topics_back_button")


async def test_seek_care_reminder_ends_answers_that_call_for_it(bot):
    running, chat = bot
    [reply] = await chat.send("ice or heat?")
    assert reply["text"].endswith(plain(TEXTS("seek_care_reminder")))
    [other] = await chat.send("how should I set up my desk and chair")
    assert not ANSWERS["desk-posture"].seek_care
    assert plain(TEXTS("seek_care_reminder")) not in other["text"]


async def test_off_topic_question_gets_no_answer_and_is_logged_without_user(bot):
    running, chat = bot
    [reply] = await chat.send("what's a good recipe for lasagne")
    assert reply["text"] == TEXTS("no_answer")
    assert "/topics" in reply["text"]
    rows = list(running.storage.db.table("unanswered_questions").rows)
    assert [row["text"] for row in rows] == ["what's a good recipe for lasagne"]
    assert set(rows[0]) == {"id", "text", "asked_at", "band"}, "nothing about who asked"
    assert rows[0]["band"] == "low"


async def test_topics_button_answer_related_and_back(bot):
    running, chat = bot
    [listing] = await chat.send("/topics")
    assert listing["text"] == plain(TEXTS("topics_header", page=1, pages=topic_pages(LOADED)))
    first_page = [a.title for a in list(ANSWERS.values())[:TOPICS_PER_PAGE]]
    assert button_labels(listing)[:TOPICS_PER_PAGE] == first_page
    title = ANSWERS["cold-and-heat"].title
    events = await chat.press(title, expect=2, message_id=listing["message_id"])
    shown = running.emulated_bot.message(1001, listing["message_id"])
    assert shown["text"] == plain(render_answer(ANSWERS["cold-and-heat"], TEXTS))
    related = ANSWERS[ANSWERS["cold-and-heat"].related[0]]
    await chat.press(related.title, expect=2, message_id=listing["message_id"])
    shown = running.emulated_bot.message(1001, listing["message_id"])
    assert shown["text"] == plain(render_answer(related, TEXTS))
    await chat.press(TEXTS("topics_back_button"), expect=2, message_id=listing["message_id"])
    shown = running.emulated_bot.message(1001, listing["message_id"])
    assert shown["text"] == listing["text"]
    assert any(e["kind"] == "callback_answer" for e in events)


async def test_topics_pages_forward_and_back(bot):
    running, chat = bot
    [listing] = await chat.send("/topics")
    await chat.press(TEXTS("topics_next_button"), expect=2, message_id=listing["message_id"])
    page_two = running.emulated_bot.message(1001, listing["message_id"])
    assert page_two["text"] == plain(TEXTS("topics_header", page=2, pages=topic_pages(LOADED)))
    titles = [b["text"] for row in page_two["buttons"] for b in row]
    assert list(ANSWERS.values())[TOPICS_PER_PAGE].title in titles
    assert TEXTS("topics_previous_button") in titles


@pytest.mark.parametrize("payload", ["t:no-such-topic", "t:", "tp:99", "tp:-1", "tp:abc", "t:" + "x" * 62])
async def test_forged_or_stale_topic_buttons_are_refused(bot, payload):
    running, chat = bot
    [listing] = await chat.send("/topics")
    [answer] = await chat.press_data(listing["message_id"], payload)
    assert answer["kind"] == "callback_answer"
    assert answer["answer_text"] == TEXTS("stale_button")
    assert running.emulated_bot.message(1001, listing["message_id"])["text"] == listing["text"]


async def test_pressing_the_same_page_twice_is_harmless(bot):
    running, chat = bot
    [listing] = await chat.send("/topics")
    [first] = await chat.press_data(listing["message_id"], "tp:0", forge=True)
    assert first["kind"] == "callback_answer"
    assert first.get("answer_text") in (None, "")


async def test_question_before_start_asks_for_start(tmp_path):
    async with running_bot(tmp_path) as running:
        [reply] = await running.chat(2002).send("ice or heat?")
        assert reply["text"] == TEXTS("need_start")
