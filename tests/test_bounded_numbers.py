"""Numbers from users and buttons are read with bounds: odd digits, huge ids and forged payloads get the
correct-form reply or the stale-button answer, never 'something went wrong' or a traceback."""

from __future__ import annotations

import logging

import pytest

from bot.core.content.loader import load_content
from scheduler.parsing import MAX_ID, bounded_int
from tests.harness import CONTENT, texts_of

TEXTS = load_content(CONTENT).texts


@pytest.mark.parametrize(("text", "low", "high", "expected"), [
    ("3", 1, 7, 3), ("0", 0, 10, 0), ("10", 0, 10, 10), ("11", 0, 10, None), ("-1", 0, 10, None),
    ("²", 0, 10, None), ("١", 0, 10, None), (" 3", 0, 10, None), ("3.0", 0, 10, None), ("", 0, 10, None),
    ("99999999999999999999", 1, MAX_ID, None), (str(MAX_ID), 1, MAX_ID, MAX_ID),
])
def test_bounded_int(text, low, high, expected):
    assert bounded_int(text, low, high) == expected


async def consented(bot):
    chat = bot.chat()
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    return chat


@pytest.mark.parametrize("payload", ["n:s:99999999999999999999", "n:d:²", "bc:yes:99999999999999999999",
                                     "tp:²", "tp:99999999999999999999", "ck:pain:²"])
async def test_forged_numbers_in_buttons_are_stale_not_errors(bot, caplog, payload):
    chat = await consented(bot)
    [welcome] = [e for e in chat.history() if e.get("buttons")][:1]
    with caplog.at_level(logging.ERROR):
        [answer] = await chat.press_data(welcome["message_id"], payload)
    assert answer["answer_text"] == TEXTS("stale_button")
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("typed", ["/checkin every ²", "/checkin every 99999999999999999999", "/checkin every -3"])
async def test_odd_numbers_typed_get_the_correct_form(bot, caplog, typed):
    chat = await consented(bot)
    with caplog.at_level(logging.ERROR):
        [reply] = texts_of(await chat.send(typed))
    assert reply == TEXTS("checkin_usage")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
