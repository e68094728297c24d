"""Unanswered questions are kept for operators without personal details, and only for a while."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from bot.core.content.loader import load_content
from bot.core.storage.scrub import scrub
from bot.core.storage.store import Storage
from tests.harness import CONTENT, running_bot

TEXTS = load_content(CONTENT).texts

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "kept"), [
    ("my phone number is +49 151 2345 6789, call me", "my phone number is [number], call me"),
    ("mail me at alex.smith+back@example.co.uk please", "mail me at [email] please"),
    ("see https://example.com/x?y=1 about my back", "see [link] about my back"),
    ("my NHS number 485 777 3456 and card 4111-1111-1111-1111", "my NHS number [number] and card [number]"),
    ("is 20 minutes of heat ok for 3 days?", "is 20 minutes of heat ok for 3 days?"),
    ("pain 7/10 since 12.11.", "pain 7/10 since 12.11."),
])
def test_personal_details_are_removed_and_ordinary_numbers_kept(text, kept):
    assert scrub(text) == kept


def test_questions_older_than_the_keeping_period_are_dropped():
    storage = Storage(Database(memory=True))
    storage.record_unanswered("an old question", NOW - timedelta(days=31), keep_days=30)
    storage.record_unanswered("a recent one", NOW - timedelta(days=2), keep_days=30)
    storage.record_unanswered("today's", NOW, keep_days=30)
    assert sorted(text for text, _ in storage.top_unanswered(NOW - timedelta(days=400))) == ["a recent one", "today's"]


async def test_a_question_with_a_phone_number_is_kept_without_it(bot):
    chat = bot.chat()
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    await chat.send("can you ring me on 07700 900123 about the quantum physics exam")
    [(text, _)] = bot.storage.top_unanswered(NOW - timedelta(days=1))
    assert "07700" not in text and "[number]" in text


async def test_mydata_says_how_long_unanswered_questions_are_kept(tmp_path):
    async with running_bot(tmp_path, unanswered_days=30) as running:
        chat = running.chat()
        await chat.send("/start")
        await chat.press(TEXTS("consent_button"), expect=4)
        [sent] = [event for event in await chat.send("/mydata") if event.get("file_id")]
        caption = running.emulated_bot.message(chat.user_id, sent["message_id"])["text"]
        assert "30 days" in caption and "without your name" in caption
