"""Fan-out benchmark, parts (d) and (e): one outgoing pipeline (every request through the bot's
PacedRateLimiter) under a strict 30/s ceiling with people typing, and paid broadcasts at 1,000/s.

(d) Replies during a fan-out. 600 subscribers are due at once; the emulator enforces 30 messages/s
    strictly (`set_faults(rate_limit=30, retry_after=3)`: a 429 costs 3 s); the bot runs with the
    production `Pacer()` (29/s, reply_room 3). While dispatch_due() runs, subscribed users (onboarded
    through /start and the consent button) type at 2 updates/s: questions, small talk and one red-flag
    message. Printed: reply latency p50/p99 (from injecting the update to the reply event's 't' in the
    emulator); the fan-out's messages/s as a share of the 30/s ceiling ((n - 1) / the span from the
    first to the last nudge's 't', as tests/test_one_pipeline.py; short runs read a little above 30/s,
    the first second's burst being free), and with the replies sent meanwhile; the 429s (the
    limiter's `.throttles`, replies vs scheduled, and sendMessage calls the emulator refused); lost
    and duplicated nudges. Baseline, same run: the same fan-out with nobody typing. Set-up as
    tests/test_one_pipeline.py: tests/harness.py running_bot, the emulator (EmulatorServer) in this
    process, the bot polling it over HTTP.
(e) Paid broadcasts. The emulator enforces 1,000/s for sends with allow_paid_broadcast and 30/s for
    the others (`set_faults(paid_rate_limit=1000, rate_limit=30)`); the bot is built with
    Config(paid_broadcast_rate=1000), so its Sender marks scheduled sends paid and the paid Pacer
    allows 1,000/s. N subscribers (5,000 by default) are due at once. Printed: the achieved rate, the
    CPU ms per message of this process (the bot: dispatcher, storage, PTB and httpx; the emulator runs
    as a separate process and its CPU is printed apart, not included), and where the time goes: wall
    and CPU in the storage's claim and settle calls (timed around them) vs the rest (sending), and
    how often the paid Pacer made a send wait; `--profile` adds one cProfile'd paid run and prints
    its top functions. Baseline, same run: free mode (no paid rate, the production 29/s Pacer) for
    min(N, 600) subscribers (capped so it takes ~20 s, not minutes).

Both parts build the database as bench/fanout.py does (Storage.open() schema, bulk rows checked there
against the Storage API). Runs in about two minutes with the defaults.

Usage: python bench/fanout_pipeline.py [--subscribers 600] [--typing-rate 2] [--paid-subscribers 5000]
           [--free-subscribers 600] [--profile] [--skip-d] [--skip-e]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import math
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pydantic import SecretStr  # noqa: E402

from bot.config import Config  # noqa: E402
from bot.core.content.loader import load_content  # noqa: E402
from bot.emulator.client import EmulatorClient  # noqa: E402
from bot.emulator.server import EmulatorServer  # noqa: E402
from bot.tg.app import build_application, post_init  # noqa: E402
from bot.tg.sending.nudges import dispatch_due  # noqa: E402
from bot.tg.services import SERVICES_KEY  # noqa: E402
from fanout import build_database, delivery, free_port  # noqa: E402
from tests.harness import CONTENT, START, running_bot  # noqa: E402

CEILING = 30.0
PAID_RATE = 1000
TALKERS = tuple(range(900_001, 900_011))  # subscribed users who type; not among the fan-out's chats
RED_FLAG = "I suddenly can't feel anything between my legs and I wet myself"
RED_FLAG_AT = 9  # the red-flag message is the 10th typed (about 5 s into the fan-out)
TYPED = ("how should I sit at my desk all day?", "thanks!", "what stretches help lower back pain?", "hello",
         "is it ok to run with a sore back?", "good morning", "how often should I take a break from sitting?",
         "ok cool", "does a standing desk help?", "you're great")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def typed_text(index: int) -> str:
    """The index-th typed message: questions and small talk in turn, the red flag once."""
    if index == RED_FLAG_AT:
        return RED_FLAG
    return TYPED[index % len(TYPED)]


# --- (d) replies during a fan-out ------------------------------------------------------------------

async def fanout_with_typing(folder: Path, emulator: EmulatorServer, n: int, typing_rate: float) -> dict:
    """One fan-out of n subscribers under rate_limit=30 (typing_rate 0: nobody types); return figures."""
    folder.mkdir()
    users = range(1, n + 1)
    build_database(folder / "bot.sqlite3", users, START)  # running_bot's manual clock stands at START
    consent = load_content(CONTENT).texts("consent_button")
    async with running_bot(folder, emulator=emulator) as bot:
        emulated = bot.emulated_bot
        emulated.register_chats(list(users))
        talkers = [bot.chat(user) for user in TALKERS] if typing_rate else []
        for chat in talkers:
            await chat.send("/start")
            await chat.press(consent, expect=3)
        emulated.set_faults(rate_limit=CEILING, retry_after=3)
        limiter = bot.app.bot.rate_limiter
        started = time.perf_counter()
        fanout = asyncio.create_task(dispatch_due(bot.app))
        asked: list[tuple[int, str, int, float]] = []  # (chat, text, last seq before, when injected)
        loop = asyncio.get_running_loop()
        began = loop.time()
        while typing_rate and not fanout.done():
            await asyncio.sleep(max(0.0, began + len(asked) / typing_rate - loop.time()))
            if fanout.done():
                break
            user, text = TALKERS[len(asked) % len(TALKERS)], typed_text(len(asked))
            history = emulated.events(user)
            cursor = history[-1]["seq"] if history else 0
            asked.append((user, text, cursor, time.time()))
            emulated.send_message(user, text, first_name="Alex")
        sent = await fanout
        elapsed = time.perf_counter() - started
        latencies: list[float] = []
        unanswered, emergency, emergency_latency = 0, None, None
        for user, text, cursor, when in asked:
            replies = await messages_after(emulated, user, cursor)
            if not replies:
                unanswered += 1
                continue
            latencies.append(replies[0]["t"] - when)
            if text == RED_FLAG:
                emergency = any("emergency" in (event.get("text") or "").lower() for event in replies)
                emergency_latency = latencies[-1]
        counters = emulated.counters()
        nudges_at = sorted(event["t"] for user in users for event in emulated.events(user) if event["kind"] == "message")
        throttles = dict(limiter.throttles)
        first, last = (nudges_at[0], nudges_at[-1]) if nudges_at else (0.0, 0.0)
        replies_meanwhile = sum(1 for user in TALKERS for event in emulated.events(user)
                                if event["kind"] in ("message", "edit") and first <= event["t"] <= last)
    lost, duplicated, _ = delivery(counters["messages"], users)
    rate = (len(nudges_at) - 1) / (last - first) if len(nudges_at) > 1 else 0.0
    return {"sent": sent, "elapsed": elapsed, "rate": rate, "replies_meanwhile": replies_meanwhile,
            "span": last - first, "throttles": throttles, "lost": lost,
            "duplicated": duplicated, "latencies": latencies, "asked": len(asked), "unanswered": unanswered,
            "emergency": emergency, "emergency_latency": emergency_latency,
            "rejected": counters["calls"].get("sendMessage", 0) - counters["messages_total"]}


async def messages_after(emulated: Any, chat: int, after: int, timeout: float = 5.0) -> list[dict]:
    """The bot's messages in a chat after event `after`, waiting up to `timeout` for the first."""
    deadline = time.monotonic() + timeout
    while True:
        found = [event for event in emulated.events(chat, after) if event["kind"] == "message"]
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


def fanout_line(label: str, result: dict) -> str:
    """One printed line of a (d) fan-out."""
    return (f"  {label:29}: fan-out {result['rate']:5.2f} msg/s = {result['rate'] / CEILING * 100:5.1f} % of the 30/s "
            f"ceiling ({result['sent']} sent, dispatch_due took {result['elapsed']:.1f} s); 429s: replies "
            f"{result['throttles']['reply']}, scheduled {result['throttles']['scheduled']}; "
            f"lost {result['lost']}, duplicated {result['duplicated']}")


async def part_d(args: argparse.Namespace, folder: Path) -> None:
    """(d): the fan-out with people typing, beside the same fan-out with nobody typing."""
    n = args.subscribers
    print(f"(d) Replies during a fan-out: {n:,} subscribers due at once, emulator enforcing 30 msg/s strictly "
          f"(set_faults(rate_limit=30, retry_after=3)), the production Pacer() (29/s, reply_room 3); bot and "
          f"emulator in this process (tests/harness.py running_bot, polling over HTTP)", flush=True)
    emulator = EmulatorServer()
    await emulator.start()
    try:
        quiet = await fanout_with_typing(folder / "d-quiet", emulator, n, 0)
        print(fanout_line("baseline, nobody typing", quiet), flush=True)
        busy = await fanout_with_typing(folder / "d-typing", emulator, n, args.typing_rate)
        print(fanout_line(f"{len(TALKERS)} users typing {args.typing_rate:g}/s", busy))
    finally:
        await emulator.stop()
    latencies = busy["latencies"]
    if latencies:
        print(f"  replies to {busy['asked']} typed messages (questions, small talk, 1 red flag) during the fan-out: "
              f"latency p50 {percentile(latencies, 50):.3f} s, p99 {percentile(latencies, 99):.3f} s, max "
              f"{max(latencies):.3f} s (update injected -> the reply's 't' in the emulator; nearest rank); "
              f"unanswered {busy['unanswered']}")
    if busy["emergency"] is None:
        print("  red-flag message: not sent (the fan-out ended first) or not answered")
    else:
        print(f"  red-flag message \"{RED_FLAG}\": emergency reply {'yes' if busy['emergency'] else 'NO'}, "
              f"in {busy['emergency_latency']:.3f} s")
    total = (busy["sent"] - 1 + busy["replies_meanwhile"]) / busy["span"] if busy["span"] else 0.0
    print(f"  with typing, nudges + the {busy['replies_meanwhile']} reply messages and edits sent between the first "
          f"and the last nudge: {total:.2f} msg/s = {total / CEILING * 100:.1f} % of the ceiling")
    print(f"  fan-out share with typing / without: {busy['rate'] / quiet['rate'] * 100:.1f} %; "
          f"sendMessage calls the emulator refused (429): {quiet['rejected']} without typing, "
          f"{busy['rejected']} with")


# --- (e) paid broadcasts ---------------------------------------------------------------------------

class Phases:
    """Wall and CPU seconds inside the storage's synchronous calls, by phase; nested calls count once,
    in the outermost (the dispatcher awaits nothing inside them, so the spans never interleave)."""

    def __init__(self) -> None:
        """Nothing timed yet."""
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.depth = 0

    @contextmanager
    def span(self, phase: str) -> Iterator[None]:
        """Time the block as `phase` unless it runs inside another timed block."""
        self.depth += 1
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.depth -= 1
            if self.depth == 0:
                self.wall[phase] = self.wall.get(phase, 0.0) + time.perf_counter() - wall
                self.cpu[phase] = self.cpu.get(phase, 0.0) + time.process_time() - cpu

    def wrap(self, storage: Any) -> None:
        """Time the dispatcher's claim reads/writes and its settle transactions on this Storage."""
        for name in ("due", "claim_many", "statuses_of", "nudge_settings_of", "tip_views_of"):
            setattr(storage, name, self._timed(getattr(storage, name), "claim"))
        original = storage.atomically

        @contextmanager
        def atomically(*args: Any, **kwargs: Any) -> Iterator[Any]:
            """The storage's transaction, timed as settle."""
            with self.span("settle"), original(*args, **kwargs) as db:
                yield db
        storage.atomically = atomically

    def _timed(self, method: Callable[..., Any], phase: str) -> Callable[..., Any]:
        """The method, timed as `phase`."""
        def timed(*args: Any, **kwargs: Any) -> Any:
            """The call, timed."""
            with self.span(phase):
                return method(*args, **kwargs)
        return timed


def watch_waits(pacer: Any) -> dict[str, float]:
    """Count the pacer's wait() answers (checks, and those > 0: a send held) in the returned dict."""
    holds = {"checks": 0, "held": 0, "longest": 0.0}
    original = pacer.wait

    def wait(*args: Any, **kwargs: Any) -> float:
        """The pacer's answer, counted."""
        delay = original(*args, **kwargs)
        holds["checks"] += 1
        if delay > 0:
            holds["held"] += 1
            holds["longest"] = max(holds["longest"], delay)
        return delay
    pacer.wait = wait
    return holds


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of another process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def broadcast(api_url: str, emulator_pid: int, folder: Path, token: str, n: int, paid_rate: int,
                    profile: bool = False) -> dict:
    """One fan-out of n subscribers in this process against the emulator process; return figures."""
    users = range(1, n + 1)
    database = folder / f"{token.split(':')[0]}.sqlite3"
    build_database(database, users, datetime.now(UTC))
    async with EmulatorClient(api_url, token, timeout=120) as client:
        await client.register_chats(list(users))
        await client.set_faults(rate_limit=CEILING, paid_rate_limit=PAID_RATE)
        config = Config(token=SecretStr(token), api_url=api_url, database=database, content_dir=CONTENT,
                        paid_broadcast_rate=paid_rate)
        app = build_application(config, dispatch_interval=None, watch_content=False)
        async with app:
            await post_init(app)
            services = app.bot_data[SERVICES_KEY]
            phases = Phases()
            phases.wrap(services.storage)
            pacer = app.bot.rate_limiter.paid or app.bot.rate_limiter.pacer
            holds = watch_waits(pacer)
            profiler = cProfile.Profile() if profile else None
            emulator_cpu = process_cpu(emulator_pid)
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            sent = await dispatch_due(app)
            if profiler:
                profiler.disable()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            emulator_cpu = process_cpu(emulator_pid) - emulator_cpu
            throttles = dict(app.bot.rate_limiter.throttles)
            paid_sender = services.sender.paid
            services.storage.close()
        counters = await client.counters()
    lost, duplicated, _ = delivery(counters["messages"], users)
    top, groups = "", dict[str, float]()
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(12)
        top = out.getvalue()
        for (filename, _, function), entry in stats.stats.items():  # type: ignore[attr-defined]
            group = origin(filename, function)
            groups[group] = groups.get(group, 0.0) + entry[2]
    return {"sent": sent, "elapsed": elapsed, "cpu": cpu, "emulator_cpu": emulator_cpu, "wall": phases.wall,
            "phase_cpu": phases.cpu, "holds": holds, "throttles": throttles, "lost": lost, "duplicated": duplicated,
            "rejected": counters["calls"].get("sendMessage", 0) - counters["messages_total"], "paid": paid_sender,
            "profile": top, "groups": groups}


def origin(filename: str, function: str) -> str:
    """Which part of the stack a profiled function belongs to."""
    if "sqlite" in filename or "sqlite3" in function:
        return "SQLite (sqlite3 calls, sqlite_utils)"
    if filename.startswith((str(ROOT / "bot"), str(ROOT / "scheduler"))):
        return "this bot's code (bot/, scheduler/)"
    if "site-packages/telegram/" in filename:
        return "python-telegram-bot"
    if any(f"site-packages/{name}/" in filename for name in ("httpx", "httpcore", "h11", "anyio", "sniffio")):
        return "HTTP client (httpx, httpcore, h11, anyio, sniffio)"
    if "/asyncio/" in filename or "selectors" in filename or "socket" in function or "epoll" in function:
        return "asyncio event loop and sockets"
    if filename == "~":
        return "other builtins, called from all of the above (isinstance, dict, ...)"
    return "other (stdlib: urllib, json, ...; other libraries)"


def broadcast_line(label: str, result: dict) -> str:
    """One printed line of an (e) fan-out."""
    per = 1000 / result["sent"] if result["sent"] else 0.0
    return (f"  {label}: {result['sent'] / result['elapsed']:7.1f} msg/s ({result['sent']:,} sent in "
            f"{result['elapsed']:.1f} s); CPU of this process {result['cpu'] * per:.2f} ms/msg (emulator process, "
            f"not included: {result['emulator_cpu'] * per:.2f} ms/msg); 429s {result['throttles']}, refused by the "
            f"emulator {result['rejected']}; lost {result['lost']}, duplicated {result['duplicated']}")


async def part_e(args: argparse.Namespace, folder: Path) -> None:
    """(e): paid broadcasts at 1,000/s beside the free mode."""
    n, free_n = args.paid_subscribers, min(args.paid_subscribers, args.free_subscribers)
    print(f"\n(e) Paid broadcasts: emulator enforcing {PAID_RATE:,}/s for allow_paid_broadcast sends and 30/s for "
          f"the others (set_faults(paid_rate_limit={PAID_RATE}, rate_limit=30)); the bot in this process, the "
          f"emulator as a separate process (run.py emulator)", flush=True)
    port = free_port()
    api_url = f"http://127.0.0.1:{port}"
    emulator = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "emulator", "--port", str(port)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with EmulatorClient(api_url, "1:UP", timeout=30) as probe:
            await probe.wait_until_up(timeout=20)
        free = await broadcast(api_url, emulator.pid, folder, "7300001:FREE", free_n, 0)
        print(broadcast_line(f"baseline, free mode (Pacer() 29/s), {free_n:,} subscribers (capped at "
                             f"{args.free_subscribers:,})", free), flush=True)
        paid = await broadcast(api_url, emulator.pid, folder, "7300002:PAID", n, PAID_RATE)
        print(broadcast_line(f"paid mode, Config(paid_broadcast_rate={PAID_RATE}), {n:,} subscribers", paid))
        if not paid["paid"]:
            print("  WARNING: the Sender was not in paid mode")
        wall, cpu, total = paid["wall"], paid["phase_cpu"], paid["elapsed"]
        rest_wall = total - sum(wall.values())
        rest_cpu = paid["cpu"] - sum(cpu.values())
        per = 1000 / paid["sent"]
        print(f"  where the time goes (paid run, per message; wall = CPU + waiting): storage claim (due, claim_many, "
              f"reads of statuses/settings/tip views) {wall.get('claim', 0) * per:.3f} ms wall, "
              f"{cpu.get('claim', 0) * per:.3f} ms CPU; storage settle (one transaction: settle, tip view, action, "
              f"next slot) {wall.get('settle', 0) * per:.3f} ms wall, {cpu.get('settle', 0) * per:.3f} ms CPU; "
              f"the rest, sending (Sender, limiter, PTB request, httpx, event loop, awaiting the emulator) "
              f"{rest_wall * per:.3f} ms wall, {rest_cpu * per:.3f} ms CPU")
        holds = paid["holds"]
        print(f"  the paid Pacer said wait in {holds['held']:,} of its {holds['checks']:,} checks (longest "
              f"{holds['longest'] * 1000:.0f} ms); this process's CPU was "
              f"{paid['cpu'] / total * 100:.0f} % of the wall time, the emulator's {paid['emulator_cpu'] / total * 100:.0f} %")
        if args.profile:
            profiled = await broadcast(api_url, emulator.pid, folder, "7300003:PROFILE", n, PAID_RATE, profile=True)
            print(f"  cProfile of one more paid run ({profiled['sent']:,} sent at "
                  f"{profiled['sent'] / profiled['elapsed']:.0f} msg/s under the profiler), top by own time:")
            lines = profiled["profile"].strip().splitlines()
            start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
            print("\n".join("    " + line for line in lines[start:]))
            total = sum(profiled["groups"].values())
            print("  own time under the profiler by origin: " + "; ".join(
                f"{name} {seconds / total * 100:.0f} %" for name, seconds in
                sorted(profiled["groups"].items(), key=lambda item: -item[1])))
    finally:
        emulator.terminate()
        emulator.wait()


def main() -> int:
    """Run (d) and (e) with the given sizes; print their figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=600, help="(d): subscribers due at once")
    parser.add_argument("--typing-rate", type=float, default=2.0, help="(d): typed updates a second")
    parser.add_argument("--paid-subscribers", type=int, default=5_000, help="(e): subscribers of the paid run")
    parser.add_argument("--free-subscribers", type=int, default=600, help="(e): cap of the free baseline")
    parser.add_argument("--profile", action="store_true", help="(e): one more paid run under cProfile")
    parser.add_argument("--skip-d", action="store_true")
    parser.add_argument("--skip-e", action="store_true")
    args = parser.parse_args()
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    logging.getLogger("bm25s").setLevel(logging.ERROR)  # it logs each index build at DEBUG
    began = time.perf_counter()
    print(f"bench/fanout_pipeline.py: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f} at start")

    async def run() -> None:
        """The parts asked for, in one temporary folder."""
        with tempfile.TemporaryDirectory(prefix="fanout-de-") as folder:
            if not args.skip_d:
                await part_d(args, Path(folder))
            if not args.skip_e:
                await part_e(args, Path(folder))

    asyncio.run(run())
    print(f"\n(d)+(e) took {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
