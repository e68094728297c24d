"""Conversation through the real Application and the emulator: small talk, a choice of topics, statements of pain."""

from pathlib import Path

import pytest
import yaml

from bot.core.content.answers import render_answer
from bot.core.content.loader import load_content
from bot.core.conversation.route import OFFER, route
from bot.core.markup.html import parse_html
from bot.tg.keyboards.answers import topic_pages
from tests.harness import CONTENT, button_labels, running_bot, texts_of

LOADED = load_content(CONTENT)
TEXTS = LOADED.texts
KINDS = LOADED.conversation.smalltalk.by_name
NAME = "Alex"


def possible(kind: str, greeting: str = "Good morning") -> set[str]:
    """Every reply of a kind as the subscriber reads it (the harness's clock says 08:00 UTC)."""
    return {parse_html(reply.format(first_name=NAME, greeting=greeting)) for reply in KINDS[kind].replies}


async def subscribed(running):
    chat = running.chat(first_name=NAME)
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    return chat


@pytest.fixture
async def bot(tmp_path):
    async with running_bot(tmp_path) as running:
        yield running, await subscribed(running)


@pytest.mark.parametrize(("text", "kind"), [("hi", "greeting"), ("thanks", "thanks"), ("are you a doctor?", "doctor"),
                                            ("bye!", "goodbye"), ("👍", "acknowledgement")])
async def test_small_talk_gets_its_reply_and_never_an_article(bot, text, kind):
    running, chat = bot
    [reply] = await chat.send(text)
    assert reply["text"] in possible(kind)
    assert list(running.storage.db.table("unanswered_questions").rows) == []


async def test_help_as_a_word_gets_a_menu_whose_buttons_work(bot):
    running, chat = bot
    [reply] = await chat.send("help")
    assert reply["text"] in possible("help")
    assert button_labels(reply) == [TEXTS("menu_topics_button"), TEXTS("checkin_begin_button")]
    [listing] = texts_of(await chat.press(TEXTS("menu_topics_button"), expect=2))
    assert listing == parse_html(TEXTS("topics_header", page=1, pages=topic_pages(LOADED)))


async def test_a_greeting_follows_the_subscribers_own_clock(bot):
    running, chat = bot
    await chat.send("/timezone Asia/Tokyo")  # 08:00 UTC is 17:00 in Tokyo
    [reply] = await chat.send("hello")
    assert reply["text"] in possible("greeting", greeting="Good evening")


async def test_frustration_offers_the_clinics_contact_when_configured(tmp_path):
    async with running_bot(tmp_path, support_contact="0161 496 0000") as running:
        chat = await subscribed(running)
        [reply] = await chat.send("this is useless")
        assert reply["text"].endswith("0161 496 0000")
        assert reply["text"].split("\n\n")[0] in possible("frustration")


# the first question of the table that the bot is unsure of
UNSURE = next(case["text"] for case in yaml.safe_load((Path(__file__).parent / "conversation_table.yaml").read_text())
              ["questions"] if len(route(case["text"], LOADED).topics) >= 2 and route(case["text"], LOADED).kind == OFFER)


async def test_a_middle_band_question_offers_topics_and_a_button_shows_that_answer(bot):
    running, chat = bot
    question = UNSURE
    decided = route(question, LOADED)
    [offer] = await chat.send(question)
    assert offer["text"] == TEXTS("offer_header")
    titles = [LOADED.answers[topic].title for topic in decided.topics]
    assert button_labels(offer) == [*titles, TEXTS("offer_none_button")]
    [shown] = texts_of(await chat.press(titles[1], expect=2))
    assert shown == parse_html(render_answer(LOADED.answers[decided.topics[1]], TEXTS))
    rows = list(running.storage.db.table("unanswered_questions").rows)
    assert [(row["text"], row["band"]) for row in rows] == [(question, "middle")]


async def test_none_of_these_gives_the_honest_refusal(bot):
    running, chat = bot
    await chat.send(UNSURE)
    [refused] = texts_of(await chat.press(TEXTS("offer_none_button"), expect=2))
    assert refused == TEXTS("no_answer")


async def test_a_statement_of_pain_gets_care_a_topic_and_the_check_in_offer(bot):
    running, chat = bot
    [reply] = await chat.send("my back is killing me today")
    replies = {parse_html(r.format(first_name=NAME, greeting="")) for r in LOADED.conversation.pain_replies}
    assert reply["text"] in replies
    topic = LOADED.answers[route("my back is killing me today", LOADED).topics[0]]
    assert button_labels(reply) == [topic.title, TEXTS("checkin_begin_button")]
    [first_question] = texts_of(await chat.press(TEXTS("checkin_begin_button"), expect=2))
    assert first_question == parse_html(TEXTS("checkin_pain_now_question"))
    assert list(running.storage.db.table("unanswered_questions").rows) == []
