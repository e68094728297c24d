"""Operator commands through the real Application and the emulator: admins only, /stats, /broadcast
to 1,000 subscribers exactly once with progress and blocked users counted, /reload and hot reload."""

import asyncio
import shutil
import time

import pytest

from bot.core.content.loader import load_content
from bot.tg.sending.nudges import dispatch_due
from scheduler.rate_limit import Pacer
from tests.harness import CONTENT, running_bot, texts_of

TEXTS = load_content(CONTENT).texts
ADMIN = 9001


def many_subscribers(bot, count: int) -> None:
    """Subscribers 1..count, consented now, their chats known to the emulator."""
    with bot.storage.atomically():
        for user in range(1, count + 1):
            bot.storage.subscribe(user, "U", "en", "UTC", bot.clock.now())
    bot.emulated_bot.register_chats(range(1, count + 1))


async def subscribe(bot, user: int):
    chat = bot.chat(user)
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    return chat


@pytest.mark.parametrize("command", ["/stats", "/broadcast", "/reload"])
async def test_non_admins_get_the_unknown_command_reply(tmp_path, command):
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN})) as bot:
        chat = await subscribe(bot, 1)
        [reply] = texts_of(await chat.send(command))
        assert reply == TEXTS("unknown_command", command=command)


async def test_admin_commands_never_show_in_help_or_the_public_menu(tmp_path):
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN})) as bot:
        chat = await subscribe(bot, 1)
        [help_text] = texts_of(await chat.send("/help"))
        public = {c["command"] for c in bot.emulated_bot.commands()}
        admin_menu = {c["command"] for c in bot.emulated_bot.commands({"type": "chat", "chat_id": ADMIN})}
    for command in ("stats", "broadcast", "reload"):
        assert f"/{command}" not in help_text and command not in public
        assert command in admin_menu


async def test_stats_counts_subscribers_checkins_and_escalations(tmp_path):
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN})) as bot:
        for user in (1, 2):
            await subscribe(bot, user)
        await bot.chat(1).send("I can't feel my legs, both of them")
        admin = await subscribe(bot, ADMIN)
        [report] = texts_of(await admin.send("/stats"))
    assert "Subscribers: 3 (active 3)" in report
    assert "emergency 1" in report


async def test_a_broadcast_reaches_1000_subscribers_exactly_once_with_progress_and_blocked_counted(tmp_path):
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN})) as bot:
        many_subscribers(bot, 1000)
        bot.emulated_bot.set_faults(blocked_chats=[7, 70, 700])
        bot.app.bot.rate_limiter.pacer = Pacer(per_second=5000)
        admin = await subscribe(bot, ADMIN)
        await admin.send("/broadcast")
        events = await admin.send("<b>Clinic news</b>: we are open on Saturday", expect=2)
        assert "1001 active subscriber" in texts_of(events)[-1]
        await admin.press("Send to 1001", expect=2)
        deadline = time.monotonic() + 60
        while bot.storage.broadcast_counts(1).get("pending", 0) and time.monotonic() < deadline:
            await dispatch_due(bot.app)
            await asyncio.sleep(0.05)
        counters = bot.emulated_bot.counters()
        edits = [e for e in admin.history() if e["kind"] == "edit" and e.get("text", "").startswith("Broadcast 1")]
    received = counters["messages"]
    assert all(received.get(user, 0) == 1 for user in range(1, 1001) if user not in (7, 70, 700))
    assert all(received.get(user, 0) == 0 for user in (7, 70, 700))
    assert len(edits) >= 2, "the progress message is edited as it goes"
    assert edits[-1]["text"] == "Broadcast 1 finished: 998 of 1001 sent, 3 blocked, 0 failed"


async def test_reload_picks_up_an_edit_and_refuses_a_broken_one(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN}), content_dir=content) as bot:
        admin = await subscribe(bot, ADMIN)
        texts = content / "texts.yaml"
        texts.write_text(texts.read_text().replace("Ask me anything about back spasms", "Ask me anything at all"))
        [reply] = texts_of(await admin.send("/reload"))
        assert reply.startswith("Content reloaded")
        assert "Ask me anything at all" in texts_of(await admin.send("/help"))[0]
        texts.write_text(texts.read_text() + "\n  bogus: [unclosed\n")
        [refused] = texts_of(await admin.send("/reload"))
        assert refused.startswith("Content edit refused") and "texts.yaml:" in refused
        assert "Ask me anything at all" in texts_of(await admin.send("/help"))[0], "the last good content stays"


async def test_a_content_edit_is_picked_up_by_the_running_bot_within_5_seconds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN}), content_dir=content, watch_content=True) as bot:
        chat = await subscribe(bot, 1)
        await asyncio.sleep(0.5)  # the watcher is up
        texts = content / "texts.yaml"
        texts.write_text(texts.read_text().replace("Ask me anything about back spasms", "Ask away"))
        started = time.monotonic()
        while "Ask away" not in bot.app.bot_data["services"].content.texts("help", schedule=""):
            assert time.monotonic() - started < 5, "not reloaded within 5 seconds"
            await asyncio.sleep(0.1)
        assert "Ask away" in texts_of(await chat.send("/help"))[0]
        admin = await subscribe(bot, ADMIN)
        texts.write_text(texts.read_text().replace("texts:", "texts:\n  : broken", 1))
        events = await admin.replies(expect=1, timeout=5)
        assert any(text.startswith("Content edit refused") for text in texts_of(events)), "admins are told"
        assert "Ask away" in texts_of(await chat.send("/help"))[0]


async def test_an_admins_delete_does_not_cancel_their_broadcast(tmp_path):
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN})) as bot:
        many_subscribers(bot, 30)
        admin = await subscribe(bot, ADMIN)
        await admin.send("/broadcast")
        await admin.send("Clinic closed on Monday", expect=2)
        await admin.press("Send to 31", expect=2)
        await admin.send("/delete")
        await admin.press(TEXTS("delete_yes_button"))
        deadline = time.monotonic() + 30
        while {"pending", "sending"} & set(bot.storage.broadcast_counts(1)) and time.monotonic() < deadline:
            await dispatch_due(bot.app)
            await asyncio.sleep(0.05)
        received = bot.emulated_bot.counters()["messages"]
        broadcast = bot.storage.broadcast(1)
        counts = bot.storage.broadcast_counts(1)
    assert all(received.get(user, 0) == 1 for user in range(1, 31)), (received, counts)
    assert counts == {"sent": 30}
    assert broadcast is not None and broadcast.admin_chat is None, "the admin's chat is no longer stored with it"
