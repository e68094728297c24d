"""End-to-end updates per second through the local emulator: the back-care bot against
python-telegram-bot's echo bot, on the same emulator in the same run, plus reply latency.

Each bot runs as its own process polling an emulator process, as it would poll Telegram. Updates
are queued first, then the bot is started and drains them: updates/s = updates / time from its
first reply to its last. Latency is measured separately at a steady injection rate. The bot runs
with Telegram's 30-a-second limit lifted (BOT_SEND_RATE), as the echo bot has none: this measures
the machinery; one more latency run uses the production limit at 10 updates a second.

Usage: python bench/updates.py [--updates 3000] [--repeat 3] [--rate 50] [--latency-updates 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.content.loader import load_content  # noqa: E402
from bot.core.storage.store import Storage  # noqa: E402
from bot.emulator.client import EmulatorClient  # noqa: E402

TARGET_RATIO = 0.5
MACHINERY_RATE = 1_000_000  # BOT_SEND_RATE for the machinery runs: no pacing
DEFAULT_SEND_RATE = 29      # the production limit, for one latency run at a rate Telegram would allow
PACED_RATE = 10.0           # updates a second for that run: well under the limit
REPLY_METHODS = ("sendMessage", "sendPhoto", "editMessageText", "answerCallbackQuery", "editMessageReplyMarkup")


@dataclass(frozen=True)
class Workload:
    """What one bot is sent, and how many API calls it makes in reply."""

    name: str
    command: list[str]
    texts: tuple[str, ...]       # cycled through for text updates
    press_setup: str             # text that makes the bot send a message with a button to press
    press_label: str             # the label of the button to press
    calls_per_text: int
    calls_per_press: int
    seed_subscribers: bool


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bot_env(api_url: str, token: str, database: Path, send_rate: int = MACHINERY_RATE) -> dict:
    """Environment for a bot process pointed at the emulator (by default with Telegram's limit lifted:
    the emulator enforces none, and this bench measures the bot's machinery, not the 30 a second)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(NO_PROXY="127.0.0.1,localhost", TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_URL=api_url,
               BOT_DATABASE=str(database), BOT_CONTENT_DIR=str(ROOT / "content"), BOT_LISTEN="",
               BOT_SEND_RATE=str(send_rate))
    return env


def start(command: list[str], env: dict) -> subprocess.Popen:
    """Start a bot process."""
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> None:
    """Stop a bot process the way Ctrl-C would."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def reply_calls(client: EmulatorClient) -> int:
    """How many reply-type API calls the bot has made so far."""
    calls = (await client.counters())["calls"]
    return sum(calls.get(method, 0) for method in REPLY_METHODS)


async def wait_for_calls(client: EmulatorClient, target: int, timeout: float) -> tuple[float, float]:
    """Wait until the bot made `target` reply calls; return (time of first progress, time done)."""
    first = None
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        done = await reply_calls(client)
        now = time.perf_counter()
        if first is None and done > 0:
            first = now
        if done >= target:
            return first, now
        await asyncio.sleep(0.01)
    raise RuntimeError(f"timed out: {await reply_calls(client)} of {target} replies")


async def prepare_presses(client: EmulatorClient, work: Workload, users: range, env: dict) -> dict[int, int]:
    """Run the bot once so each pressing user has a message with a button; return user -> message id."""
    process = start(work.command, env)
    try:
        for user in users:
            await client.send_message(user, work.press_setup)
        targets = {}
        for user in users:
            events = await client.wait_events(user, count=1, timeout=30)
            with_buttons = [e for e in events if e.get("buttons")]
            if not with_buttons:
                raise RuntimeError(f"{work.name}: user {user} got no message with a button to press")
            targets[user] = with_buttons[-1]["message_id"]
    finally:
        stop(process)
    return targets


async def measure_throughput(api_url: str, work: Workload, updates: int, workdir: Path) -> float:
    """Queue `updates` (two thirds text, one third presses), start the bot, return updates per second."""
    token = f"{abs(hash((work.name, time.time()))) % 10**8 + 10**8}:BENCH"
    database = workdir / f"{work.name}-{token.split(':')[0]}.sqlite3"
    presses = updates // 3
    texts = updates - presses
    text_users = range(200_000, 200_000 + texts)
    press_users = range(300_000, 300_000 + presses)
    if work.seed_subscribers:
        storage = Storage.open(database)
        now = datetime.now(UTC)
        with storage.db.conn:
            for user in [*text_users, *press_users]:
                storage.subscribe(user, "Bench", "en", "UTC", now)
        storage.close()
    env = bot_env(api_url, token, database)
    async with EmulatorClient(api_url, token) as client:
        targets = await prepare_presses(client, work, press_users, env)
        baseline = await reply_calls(client)
        for index, user in enumerate(text_users):
            await client.send_message(user, work.texts[index % len(work.texts)])
        for user in press_users:
            await client.press_button(user, targets[user], button_text=work.press_label)
        expected = baseline + texts * work.calls_per_text + presses * work.calls_per_press
        process = start(work.command, env)
        try:
            first, done = await wait_for_calls(client, expected, timeout=300)
        finally:
            stop(process)
    return updates / (done - first)


async def measure_latency(api_url: str, work: Workload, count: int, rate: float, workdir: Path,
                          send_rate: int = MACHINERY_RATE) -> dict[str, list[float]]:
    """Send `count` text updates at `rate` per second to the running bot; return reply latencies (ms)
    for commands and for free-text questions."""
    token = f"{abs(hash(('latency', work.name, time.time()))) % 10**8 + 10**8}:BENCH"
    database = workdir / f"latency-{token.split(':')[0]}.sqlite3"
    users = range(400_000, 400_000 + count)
    if work.seed_subscribers:
        storage = Storage.open(database)
        with storage.db.conn:
            for user in users:
                storage.subscribe(user, "Bench", "en", "UTC", datetime.now(UTC))
        storage.close()
    process = start(work.command, bot_env(api_url, token, database, send_rate))
    latencies: dict[str, list[float]] = {"command": [], "question": []}
    try:
        async with EmulatorClient(api_url, token) as client:
            await client.send_message(1, work.texts[0])  # warm up: wait for the first reply
            await client.wait_events(1, count=1, timeout=30)
            sent = {}
            began = time.time()
            for index, user in enumerate(users):
                await asyncio.sleep(max(0.0, began + index / rate - time.time()))
                text = work.texts[index % len(work.texts)]
                sent[user] = (time.time(), "command" if text.startswith("/") else "question")
                await client.send_message(user, text)
            for user in users:
                [reply, *_] = await client.wait_events(user, count=1, timeout=30)
                sent_at, kind = sent[user]
                latencies[kind].append((reply["t"] - sent_at) * 1000)
    finally:
        stop(process)
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# Commands and free text (answered, misspelled, off-topic, unsure, small talk, a statement of pain), cycled through.
TEXT_MIX = ("/tip", "should I use ice or heat on my back?", "/help", "stretchs for lower back pain",
            "/tip posture", "what's a good lasagne recipe", "/help", "how should I sit at my desk all day",
            "/tip", "thank you so much!", "/help", "my back is killing me today", "/tip hydration",
            "could it be a slipped disc rather than a spasm?")

WORKLOADS = {
    "echo": Workload("echo", [sys.executable, str(ROOT / "bench" / "echo_bot.py")], TEXT_MIX,
                     "button", "press", calls_per_text=1, calls_per_press=1, seed_subscribers=False),
    "bot": Workload("bot", [sys.executable, str(ROOT / "run.py")], TEXT_MIX,
                    "/delete", load_content(ROOT / "content").texts("delete_no_button"), calls_per_text=1, calls_per_press=2, seed_subscribers=True),
}


async def main() -> int:
    """Run the benchmark and print the figures; exit 1 when the ratio misses its target."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rate", type=float, default=50.0, help="updates per second for the latency run")
    parser.add_argument("--latency-updates", type=int, default=500)
    args = parser.parse_args()
    port = free_port()
    api_url = f"http://127.0.0.1:{port}"
    emulator = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "emulator", "--port", str(port)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with EmulatorClient(api_url, "1:UP") as probe:
            await probe.wait_until_up(timeout=20)
        with tempfile.TemporaryDirectory() as workdir:
            rates = {name: [] for name in WORKLOADS}
            for _ in range(args.repeat):
                for name, work in WORKLOADS.items():
                    rates[name].append(await measure_throughput(api_url, work, args.updates, Path(workdir)))
            latencies = await measure_latency(api_url, WORKLOADS["bot"], args.latency_updates, args.rate, Path(workdir))
            paced = await measure_latency(api_url, WORKLOADS["bot"], args.latency_updates // 2, PACED_RATE, Path(workdir),
                                          send_rate=DEFAULT_SEND_RATE)
    finally:
        emulator.terminate()
        emulator.wait()
    echo, ours = statistics.median(rates["echo"]), statistics.median(rates["bot"])
    ratio = ours / echo
    print(f"bench/updates.py: {args.updates} updates per run (2/3 text: /tip, /help and free-text questions; "
          f"1/3 button presses), "
          f"median of {args.repeat} runs, bot and emulator as separate processes on 127.0.0.1")
    print(f"  PTB echo bot (baseline): {echo:7.0f} updates/s   runs: {', '.join(f'{r:.0f}' for r in rates['echo'])}")
    print(f"  back-care bot          : {ours:7.0f} updates/s   runs: {', '.join(f'{r:.0f}' for r in rates['bot'])}")
    print(f"  ratio                  : {ratio:7.2f}   (target >= {TARGET_RATIO}) {'PASS' if ratio >= TARGET_RATIO else 'FAIL'}")
    for kind, values in latencies.items():
        print(f"  reply latency at {args.rate:.0f} updates/s, {kind}s ({len(values)}): "
              f"p50 {percentile(values, 0.5):.1f} ms, p99 {percentile(values, 0.99):.1f} ms")
    for kind, values in paced.items():
        print(f"  with the production limit ({DEFAULT_SEND_RATE}/s) at {PACED_RATE:.0f} updates/s, {kind}s ({len(values)}): "
              f"p50 {percentile(values, 0.5):.1f} ms, p99 {percentile(values, 0.99):.1f} ms")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
