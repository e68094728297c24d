"""SIGTERM (and SIGINT) in the middle of a fan-out: the bot stops claiming, lets the sends on the wire finish,
leaves the rest pending for the next start, and exits within 5 seconds; the bot and the emulator run as
their own processes, as in production."""

import asyncio
import signal
import subprocess
import sys
import time

import pytest

from bot.core.storage.store import Storage
from bot.emulator.client import EmulatorClient
from tests.test_fanout_crash import prepare_database, wait_for
from tests.test_run_py import ROOT, clean_env, free_port, start_emulator

SUBSCRIBERS = 600  # 20 s of sending at 30 a second: waiting for the whole fan-out would take far over 5 s


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_signal_mid_fanout_exits_fast_and_leaves_the_rest_pending(tmp_path, stop):
    database = tmp_path / "bot.sqlite3"
    prepare_database(database, SUBSCRIBERS)
    port, token = free_port(), "434343:STOP"
    emulator = start_emulator(port, tmp_path)
    env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_URL=f"http://127.0.0.1:{port}", BOT_DATABASE=str(database))
    bot = None
    try:
        async with EmulatorClient(f"http://127.0.0.1:{port}", token) as client:
            await client.wait_until_up(timeout=15)
            await client.register_chats(list(range(1, SUBSCRIBERS + 1)))
            bot = subprocess.Popen([sys.executable, str(ROOT / "run.py")], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            await wait_for(client, lambda c: c["messages_total"] >= 30, timeout=30)
            signalled = time.monotonic()
            bot.send_signal(stop)
            await asyncio.get_running_loop().run_in_executor(None, bot.wait, 10)
            took = time.monotonic() - signalled
            await asyncio.sleep(0.5)
            counters = await client.counters()
        assert bot.returncode == 0, bot.stderr.read() if bot.stderr else ""
        assert took < 5, f"exited {took:.1f} s after the signal"
        per_chat = {int(chat): count for chat, count in counters["messages"].items()}
        assert max(per_chat.values()) == 1, "nothing went out twice"
        assert len(per_chat) < SUBSCRIBERS, "the signal must land mid-fan-out"
        storage = Storage.open(database)
        statuses = dict(storage.db.execute("select status, count(*) from due_messages group by status").fetchall())
        assert statuses.get("sending", 0) == 0, statuses
        assert statuses.get("sent", 0) == len(per_chat), "what went out is recorded as sent"
        left = storage.db.execute("select count(*) from due_messages where status = 'pending' and due_at < ?",
                                  [time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())]).fetchone()[0]
        assert left == SUBSCRIBERS - len(per_chat), "the rest stays pending, still due, for the next start"
    finally:
        for process in (bot, emulator):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
