"""A bot process killed (SIGKILL) in the middle of a fan-out, then restarted: every due nudge goes
out, and only the messages in flight at the moment of the kill may repeat."""

import asyncio
import signal
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta

from bot.core.storage.store import Storage
from bot.emulator.client import EmulatorClient
from bot.tg.sending.nudges import CONCURRENT_SENDS
from tests.test_run_py import ROOT, clean_env, free_port, start_emulator

SUBSCRIBERS = 150


def prepare_database(path, subscribers: int = SUBSCRIBERS) -> None:
    """Subscribers with one posture nudge each, due a minute ago; nothing else due for hours."""
    storage = Storage.open(path)
    now = datetime.now(UTC)
    due_at = now - timedelta(minutes=1)
    later = (now + timedelta(hours=12)).time().replace(second=0, microsecond=0)
    with storage.db.conn:
        for user in range(1, subscribers + 1):
            storage.subscribe(user, "U", "en", "UTC", now)
            storage.set_schedule(user, now, quiet=(time(0), time(0)))
            storage.set_category(user, "posture", now, times=(later,))
            for category in ("hydration", "stretching"):
                storage.set_category(user, category, now, enabled=False)
            storage.schedule(user, "nudge", f"posture:{due_at:%Y-%m-%d:%H:%M}", due_at, now)
    storage.close()


async def wait_for(client: EmulatorClient, predicate, timeout: float) -> dict:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        counters = await client.counters()
        if predicate(counters) or asyncio.get_running_loop().time() > deadline:
            return counters
        await asyncio.sleep(0.05)


async def test_killed_mid_fanout_then_restarted_sends_each_nudge_once(tmp_path):
    database = tmp_path / "bot.sqlite3"
    prepare_database(database)
    port, token = free_port(), "424242:CRASH"
    emulator = start_emulator(port, tmp_path)
    env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_URL=f"http://127.0.0.1:{port}", BOT_DATABASE=str(database))
    bots = []
    try:
        async with EmulatorClient(f"http://127.0.0.1:{port}", token) as client:
            await client.wait_until_up(timeout=15)
            await client.register_chats(list(range(1, SUBSCRIBERS + 1)))
            bots.append(subprocess.Popen([sys.executable, str(ROOT / "run.py")], env=env, cwd=tmp_path,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
            before_kill = await wait_for(client, lambda c: c["messages_total"] >= 40, timeout=30)
            bots[0].send_signal(signal.SIGKILL)
            bots[0].wait()
            assert 40 <= before_kill["messages_total"] < SUBSCRIBERS, "the kill must land mid-fan-out"
            bots.append(subprocess.Popen([sys.executable, str(ROOT / "run.py")], env=env, cwd=tmp_path,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
            counters = await wait_for(client, lambda c: len(c["messages"]) >= SUBSCRIBERS, timeout=40)
            await asyncio.sleep(3)  # a couple more dispatcher ticks: nothing more may go out
            counters = await client.counters()
        per_chat = {int(chat): count for chat, count in counters["messages"].items()}
        assert set(per_chat) == set(range(1, SUBSCRIBERS + 1)), "every subscriber got the nudge"
        repeats = sum(count - 1 for count in per_chat.values())
        assert max(per_chat.values()) <= 2
        assert repeats <= CONCURRENT_SENDS, f"{repeats} repeats: more than were in flight"
        storage = Storage.open(database)
        statuses = dict(storage.db.execute("select status, count(*) from due_messages group by status").fetchall())
        assert statuses.get("sent", 0) == SUBSCRIBERS and statuses.get("sending", 0) == 0
    finally:
        for process in [*bots, emulator]:
            if process.poll() is None:
                process.kill()
                process.wait()
