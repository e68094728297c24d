"""The dispatcher under faults, through the real Application and the emulator: one message's failure does not
end the pass, and nothing reaches a subscriber after "erased"."""

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime

from bot.core.content.loader import load_content
from bot.tg.sending.nudges import dispatch_due
from tests.harness import CONTENT, button_labels, texts_of

TEXTS = load_content(CONTENT).texts
DONE = TEXTS("nudge_done_button")
NINE_THIRTY = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # the default posture slot, on the harness's Monday


async def subscribe(bot, user: int):
    chat = bot.chat(user)
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    return chat


def nudges_to(bot, user: int) -> list[dict]:
    return [e for e in bot.emulated_bot.events(user) if e["kind"] == "message" and DONE in button_labels(e)]


async def test_a_failure_settling_one_message_does_not_end_the_pass(bot, caplog, monkeypatch):
    for user in (1, 2, 3):
        await subscribe(bot, user)
    record = bot.storage.record_tip_view

    def failing_for_two(user_id, *args):
        if user_id == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return record(user_id, *args)

    monkeypatch.setattr(bot.storage, "record_tip_view", failing_for_two)
    bot.clock.set(NINE_THIRTY)
    assert await dispatch_due(bot.app) == 2
    assert [len(nudges_to(bot, user)) for user in (1, 2, 3)] == [1, 1, 1], "2's was sent, its settling failed"
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1 and "could not be delivered or settled" in failures[0].getMessage()
    assert [status for (status,) in bot.storage.db.execute(
        "select status from due_messages where user_id = 2 and slot like '%09:30%'")] == ["sending"], \
        "left claimed: the next start makes it pending again"


async def test_a_nudge_waiting_to_go_out_is_not_sent_after_erased(bot):
    chat = await subscribe(bot, 1)
    await chat.send("/delete")
    limiter = bot.app.bot.rate_limiter
    bot.clock.set(NINE_THIRTY)
    limiter.pacer.issued(1, limiter.monotonic(), scheduled=True)  # the next scheduled send here waits a second
    fanout = asyncio.create_task(dispatch_due(bot.app))
    await asyncio.sleep(0.3)  # the nudge is claimed and waiting for its slot
    events = await chat.press(TEXTS("delete_yes_button"), expect=2)
    assert await fanout == 0
    await asyncio.sleep(1.0)  # past the slot it was waiting for
    assert TEXTS("deleted") in texts_of(events)
    assert nudges_to(bot, 1) == [], "nothing reached them after they erased their data"


async def test_a_nudge_on_the_wire_lands_before_erased_does(bot, caplog):
    chat = await subscribe(bot, 1)
    await chat.send("/delete")
    bot.emulated_bot.set_faults(delay_next=(1, 0.6))  # the nudge's sendMessage is held 0.6 s by the server
    bot.clock.set(NINE_THIRTY)
    fanout = asyncio.create_task(dispatch_due(bot.app))
    await asyncio.sleep(0.2)  # on the wire now
    await chat.press(TEXTS("delete_yes_button"), expect=2)
    await fanout
    order = [("nudge" if DONE in button_labels(e) else e.get("text")) for e in bot.emulated_bot.events(1)
             if e["kind"] in ("message", "edit")]
    assert order.index("nudge") < order.index(TEXTS("deleted")), order
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "its settling finds nothing to keep"
