"""Per-chat ordering with cross-chat concurrency, on the processor itself and end to end."""

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.tg.update_processor import PerChatUpdateProcessor, chat_key
from tests.harness import running_bot


def update_in(chat_id: int, update_id: int) -> Update:
    chat = Chat(chat_id, "private")
    user = User(chat_id, "U", is_bot=False)
    return Update(update_id, message=Message(update_id, datetime(2026, 1, 1, tzinfo=UTC), chat, from_user=user, text="x"))


def test_chat_key_prefers_the_chat():
    assert chat_key(update_in(42, 1)) == 42
    assert chat_key(object()) is None


async def test_same_chat_waits_other_chats_go_ahead():
    processor = PerChatUpdateProcessor(4)
    order: list[str] = []
    release_first = asyncio.Event()

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        order.append(f"start {name}")
        if wait is not None:
            await wait.wait()
        order.append(f"end {name}")

    first = asyncio.create_task(processor.process_update(update_in(1, 1), handle("a1", release_first)))
    second = asyncio.create_task(processor.process_update(update_in(1, 2), handle("a2")))
    other = asyncio.create_task(processor.process_update(update_in(2, 3), handle("b1")))
    await other
    assert order == ["start a1", "start b1", "end b1"], "chat 2 must not wait for chat 1"
    release_first.set()
    await asyncio.gather(first, second)
    assert order[3:] == ["end a1", "start a2", "end a2"]
    assert processor._locks == {} and processor._users == {}, "idle chats keep no state"


async def test_a_burst_from_one_user_is_answered_in_order(tmp_path):
    async with running_bot(tmp_path) as bot:
        commands = [f"/nosuchcommand{i}" for i in range(30)]
        for command in commands:
            bot.emulated_bot.send_message(1001, command)
        events = await bot.emulated_bot.wait_events(1001, count=30, timeout=10)
        assert [e["text"].split()[5].rstrip(".") for e in events] == commands
