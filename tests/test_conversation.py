"""Conversation on the pure core: the phrasing tables through the router (questions by band, off-topic
refused, small talk in kind, statements of pain), and the parts that read a message."""

import random
from pathlib import Path

import pytest
import yaml

from bot.core.content.loader import load_content
from bot.core.conversation.replies import part_of_day, small_talk_reply
from bot.core.conversation.route import ANSWER, OFFER, PAIN, REFUSE, SMALL_TALK, route
from bot.core.conversation.smalltalk import emoji_names
from bot.core.conversation.vocabulary import Synonyms, is_english

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT / "content")
CONVERSATION = CONTENT.conversation
HERE = Path(__file__).parent
OLD = yaml.safe_load((HERE / "search_cases.yaml").read_text(encoding="utf-8"))
TABLES = [yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
          for name in ("conversation_table.yaml", "conversation_table_b.yaml")]
QUESTIONS = [(row if isinstance(row, list) else [row], text) for row, text in OLD["on_topic"]] + [
    (case["topics"], case["text"]) for table in TABLES for case in table["questions"]]
EVERYDAY = [case for table in TABLES for case in table["everyday"]]


def cases(section: str, *extra: str) -> list:
    """One section of every table as pytest params; an entry with `known_miss` runs as an expected failure."""
    found = [pytest.param(entry) for entry in extra]
    for table in TABLES:
        for entry in table[section]:
            if isinstance(entry, dict):
                found.append(pytest.param(entry["text"], marks=pytest.mark.xfail(reason=entry["known_miss"], strict=True)))
            else:
                found.append(pytest.param(entry))
    return found


OFF_TOPIC = cases("off_topic", *OLD["off_topic"])
DESCRIPTIONS = cases("descriptions")


def test_the_tables_are_big_enough():
    assert len(QUESTIONS) >= 350 and len(OFF_TOPIC) >= 80
    assert len(EVERYDAY) >= 80 and len(DESCRIPTIONS) >= 30


def test_questions_reach_their_topic_at_least_95_percent_as_the_answer_or_a_choice():
    routes = [(topics, text, route(text, CONTENT)) for topics, text in QUESTIONS]
    misses = [(text, r.kind, r.topics) for topics, text, r in routes if not set(r.topics) & set(topics)]
    assert 1 - len(misses) / len(routes) >= 0.95, misses


def test_questions_are_confidently_wrong_at_most_3_percent():
    wrong = [(text, r.topics[0]) for topics, text in QUESTIONS
             if (r := route(text, CONTENT)).kind == ANSWER and r.topics[0] not in topics]
    assert len(wrong) <= 0.03 * len(QUESTIONS), wrong


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_are_refused(question):
    decided = route(question, CONTENT)
    assert decided.kind == REFUSE, decided.reason


@pytest.mark.parametrize(("text", "kind"), [(case["text"], case["kind"]) for case in EVERYDAY])
def test_everyday_messages_get_small_talk_of_their_kind(text, kind):
    decided = route(text, CONTENT)
    assert (decided.kind, decided.small_talk) == (SMALL_TALK, kind)


@pytest.mark.parametrize("text", DESCRIPTIONS)
def test_statements_of_pain_get_the_pain_reply_and_a_topic(text):
    decided = route(text, CONTENT)
    assert decided.kind == PAIN
    assert decided.topics[0] in CONTENT.answers


@pytest.mark.parametrize(("text", "kind"), [
    ("hi", "greeting"), ("Good morning!", "greeting"), ("thanks", "thanks"), ("thank you so much ❤️", "thanks"),
    ("🙏", "thanks"), ("👍", "acknowledgement"), ("help", "help"), ("what can you do?", "help"),
    ("hi, what can you do?", "help"), ("are you a doctor?", "doctor"), ("am i talking to a real person", "doctor"),
    ("who are you", "identity"), ("bye!", "goodbye"), ("this is useless", "frustration"),
    ("this bot is useless", "frustration"), ("i want to talk to a human", "frustration"),
])
def test_small_talk_kinds(text, kind):
    assert CONVERSATION.smalltalk.classify(text, CONTENT.search.is_topic_word) == kind


@pytest.mark.parametrize("text", [
    "thanks, is ice better than heat?", "hi, what stretches help a back spasm", "doctor?", "help my back is killing me",
    "good morning, my lower back is stiff", "should I see a doctor", "ok so what about magnesium",
])
def test_a_question_or_a_statement_inside_small_talk_is_not_small_talk(text):
    assert CONVERSATION.smalltalk.classify(text, CONTENT.search.is_topic_word) is None


def test_an_emoji_is_read_by_its_unicode_name():
    assert emoji_names("👍🏽") == ["thumbs up sign"]  # the skin tone is dropped
    assert CONVERSATION.smalltalk.classify("🤗", CONTENT.search.is_topic_word) == "thanks"  # "hugging face", not listed


@pytest.mark.parametrize(("text", "statement"), [
    ("my back is killing me today", True), ("it hurts when I bend over", True), ("lower back's stiff again", True),
    ("my back is killing me, what can I do?", False), ("what helps when my back hurts", False),
    ("should i rest if my back hurts", False), ("my knee hurts", False), ("i went to the gym", False),
])
def test_statements_of_pain_are_told_from_questions(text, statement):
    assert CONVERSATION.pain.is_statement(text) is statement


@pytest.mark.parametrize(("hour", "part"), [(0, "night"), (4, "night"), (5, "morning"), (11, "morning"),
                                            (12, "afternoon"), (17, "evening"), (21, "evening"), (22, "night")])
def test_part_of_day(hour, part):
    assert part_of_day(hour) == part


def test_greeting_uses_the_local_part_of_day_and_escapes_the_name():
    reply = small_talk_reply(CONVERSATION, "greeting", random.Random(1), "<Ann>", 19)
    assert reply.startswith(CONVERSATION.times_of_day["evening"])
    assert "<Ann>" not in reply


def test_the_way_to_a_person_is_offered_only_to_the_frustrated_and_only_when_configured():
    rng = random.Random(0)
    assert "020 7946 0000" in small_talk_reply(CONVERSATION, "frustration", rng, "Ann", 9, "020 7946 0000")
    assert "clinic" not in small_talk_reply(CONVERSATION, "frustration", rng, "Ann", 9, "")
    assert "020 7946 0000" not in small_talk_reply(CONVERSATION, "thanks", rng, "Ann", 9, "020 7946 0000")


@pytest.mark.parametrize(("text", "read"), [
    ("what can I get from the chemist", "what can i get from the pharmacy"),
    ("Is TYLENOL enough?", "is paracetamol enough?"),
    ("my physical therapist said", "my physiotherapy said"),
    ("the chemistry exam", "the chemistry exam"),  # whole words only
])
def test_synonyms_read_everyday_words_as_the_contents(text, read):
    assert CONVERSATION.vocabulary.synonyms.normalise(text) == read


def test_the_longest_variant_wins():
    assert Synonyms({"a": ["drug"], "b": ["drug store"]}).normalise("the drug store") == "the b"


@pytest.mark.parametrize(("question", "topic"), [
    ("what can i get from the chemist for a bad back", "pain-relief"),
    ("is tylenol enough on its own?", "pain-relief"),
    ("is it worth paying for physio?", "massage-and-physio"),
    ("my lower back just seized up, what do I do right now?", "spasm-right-now"),
])
def test_the_questions_the_issue_names_reach_their_topic(question, topic):
    assert topic in route(question, CONTENT).topics


@pytest.mark.parametrize(("word", "english"), [("place", True), ("weekend", True), ("sholder", False), ("posure", False)])
def test_real_words_are_not_taken_for_typos(word, english):
    assert is_english(word) is english


@pytest.mark.parametrize("kind", [ANSWER, OFFER, REFUSE])
def test_every_band_is_met_in_the_tables(kind):
    assert any(route(text, CONTENT).kind == kind for _, text in QUESTIONS + [([], q.values[0]) for q in OFF_TOPIC])
