"""An update the library cannot parse is skipped, logged once without its text, and counted (through the emulator)."""

import logging

from tests.harness import texts_of

# A poll message as an older Bot API server sends it: without fields newer versions require.
OLD_POLL = {"message_id": 1, "date": 1, "chat": {"id": 2002, "type": "private", "first_name": "Old"},
            "from": {"id": 2002, "is_bot": False, "first_name": "Old"},
            "poll": {"id": "p1", "question": "secret question text", "options": []}}


async def test_an_unparsable_update_is_skipped_and_everyone_else_is_served(bot, caplog):
    caplog.set_level(logging.INFO)
    bad = bot.emulated_bot.push_update("message", OLD_POLL)  # served verbatim
    bot.emulated_bot.send_message(1001, "/help")
    assert texts_of(await bot.emulated_bot.wait_events(1001, count=1)), "another user is still answered"
    assert bot.app.bot.skipped_updates == 1
    skipped = [r.getMessage() for r in caplog.records if "skipped update" in r.getMessage()]
    assert skipped == [f"skipped update {bad['update_id']} (message): the library cannot parse it (TypeError); "
                       "1 skipped so far"]
    assert not any("secret question text" in r.getMessage() for r in caplog.records), "never the text"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert bot.emulated_bot.pending_updates() == 0, "the offset moved past it"


async def test_a_batch_with_one_bad_update_keeps_the_good_ones(bot):
    bot.emulated_bot.send_message(1001, "/help")
    bot.emulated_bot.push_update("message", OLD_POLL)
    bot.emulated_bot.send_message(1002, "/help")
    assert texts_of(await bot.emulated_bot.wait_events(1001, count=1))
    assert texts_of(await bot.emulated_bot.wait_events(1002, count=1))
    assert bot.app.bot.skipped_updates == 1
