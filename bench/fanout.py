"""Fan-out benchmark: many subscribers due in the same minute, sent through the real dispatcher
(`bot.tg.nudges.dispatch_due`) to the local Bot API emulator, which runs as its own process.

(a) Machinery, no limits: N subscribers (100,000 by default) each with one posture nudge due a
    minute ago. The emulator enforces nothing; the bot's rate limiter (PacedRateLimiter) gets a Pacer
    that never waits (Pacer(per_second=1,000,000, per_chat_interval=0); the real 30/s is Telegram's
    limit, here we measure our machinery).
    The dispatcher runs in a SUBPROCESS of this bench (so neither the emulator nor the database
    build is counted in its memory): it builds the Application in-process against the emulator,
    `async with app:` and its post_init (no polling), and times `await dispatch_due(app)` until it
    returns -> sustained messages/s and CPU ms per message (both children are CPU-bound on this
    machine, so CPU per message shows drift in the machine's speed), and its own peak RSS (VmHWM).
    Baseline, same emulator, same run, each in its own subprocess: raw python-telegram-bot
    `bot.send_message` (same kind of text, parse_mode HTML and a 3-button inline keyboard), awaited
    one at a time and gathered 4, 8 and 16 at a time, before and after; the best mode (mean of its before
    and after runs) is the baseline.
    Targets: dispatcher / baseline >= 0.8; peak RSS < 200 MB; every chat exactly 1 message.
(b) Emulator enforcing 30 messages/s with 429s (`set_faults(rate_limit=30)`), the bot's limiter with
    the production Pacer (`Pacer()`: 29/s overall, 1/s per chat, a request counting from when it is
    issued until 1 s after its answer), 1,200 subscribers due at once (about 40 s). Reports
    messages/s as % of the 30/s ceiling (target >= 95 %), the 429s received (the limiter's
    `.throttles`, scheduled vs reply, and the emulator's rejected calls), zero lost, zero duplicated.
    `--limited-rate` sets `Pacer(per_second=rate)` instead (printed as custom).
(d), (e) Replies during a fan-out at 30/s, and paid broadcasts at 1,000/s: bench/fanout_pipeline.py,
    run as a subprocess after (b) unless `--skip-pipeline` is given (it also runs on its own).
(c) The 1,000,000-subscriber start-up and due-query figures are bench/fanout_startup.py's; they
    take a few minutes (1M-row build, the JobQueue baseline), so this bench prints a line telling to
    run it separately unless `--with-startup` is given, which runs it as a subprocess afterwards.

The database is built fast: `Storage.open()` first (real schema and migrations), then executemany
inside one transaction, with the same rows the Storage API writes (checked on a few subscribers
against `subscribe`/`set_schedule`/`set_category`/`schedule` before every run).

Usage: python bench/fanout.py [--subscribers 100000] [--baseline-messages 5000] [--breakdown 10000]
           [--limited 1200] [--limited-rate 30] [--profile 0] [--with-startup] [--skip-pipeline]
           [--pipeline-args "--paid-subscribers 2000"]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import resource
import shlex
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.storage.instants import iso  # noqa: E402
from bot.core.storage.store import Storage  # noqa: E402
from bot.core.storage.settings import _times_text  # noqa: E402
from bot.emulator.client import EmulatorClient  # noqa: E402
from bot.tg.sending.sender import Sender  # noqa: E402
from scheduler.rate_limit import DEFAULT_PER_SECOND  # noqa: E402
from scheduler.settings import CATEGORIES, default_settings  # noqa: E402

RATIO_TARGET, RSS_TARGET_MB, CEILING, CEILING_TARGET = 0.8, 200.0, 30.0, 0.95
NO_LIMIT = 1_000_000.0  # (a)'s pacer rate: never waits
BASELINE_MODES = ("sequential", "gather4", "gather8", "gather16")


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss() -> tuple[float, float]:
    """(VmHWM, ru_maxrss) of this process in MB. VmHWM is this address space's own peak; ru_maxrss can
    carry the parent's peak at fork across exec on Linux, so VmHWM is the figure reported."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024, maxrss
    except OSError:
        pass
    return maxrss, maxrss


# --- the database -------------------------------------------------------------------------------

def settings_rows(user: int, later: str) -> list[tuple]:
    """nudge_settings rows as set_category writes them: posture at `later`, the others disabled."""
    rows = []
    for category in CATEGORIES:
        settings = default_settings(category)
        times = later if category == "posture" else _times_text(settings.times)
        weekdays = "".join(str(d) for d in sorted(settings.weekdays))
        rows.append((user, category, int(category == "posture"), times, weekdays))
    return rows


def build_database(path: Path, users: range, now: datetime) -> None:
    """Subscribers with quiet hours off, posture due a minute ago, other categories disabled (as
    tests/test_fanout_crash.py prepares them), bulk-inserted in one transaction."""
    Storage.open(path).close()
    due_at = now - timedelta(minutes=1)
    later = (now + timedelta(hours=12)).strftime("%H:%M")
    stamp, due, slot = iso(now), iso(due_at), f"posture:{due_at:%Y-%m-%d:%H:%M}"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma cache_size = -262144")
    conn.execute("begin")
    conn.executemany(
        "insert into subscribers (id, first_name, language_code, timezone, consented_at, status, created_at, "
        "updated_at, quiet_start, quiet_end, paused_until) values (?, 'U', 'en', 'UTC', ?, 'active', ?, ?, "
        "'00:00', '00:00', null)", ((user, stamp, stamp, stamp) for user in users))
    conn.executemany("insert into nudge_settings (user_id, category, enabled, times, weekdays) values (?, ?, ?, ?, ?)",
                     (row for user in users for row in settings_rows(user, later)))
    conn.executemany(
        "insert into due_messages (user_id, kind, slot, due_at, status, attempts, updated_at) "
        "values (?, 'nudge', ?, ?, 'pending', 0, ?)", ((user, slot, due, stamp) for user in users))
    conn.execute("commit")
    conn.execute("pragma wal_checkpoint(TRUNCATE)")
    conn.close()


def build_with_storage_api(path: Path, users: range, now: datetime) -> None:
    """The same database through the Storage API (tests/test_fanout_crash.py's way): for checking."""
    from datetime import time as clock_time
    storage = Storage.open(path)
    due_at = now - timedelta(minutes=1)
    later = (now + timedelta(hours=12)).time().replace(second=0, microsecond=0)
    with storage.db.conn:
        for user in users:
            storage.subscribe(user, "U", "en", "UTC", now)
            storage.set_schedule(user, now, quiet=(clock_time(0), clock_time(0)))
            storage.set_category(user, "posture", now, times=(later,))
            for category in ("hydration", "stretching"):
                storage.set_category(user, category, now, enabled=False)
            storage.schedule(user, "nudge", f"posture:{due_at:%Y-%m-%d:%H:%M}", due_at, now)
    storage.close()


def check_bulk_matches_api(folder: Path) -> None:
    """Bulk rows == Storage API rows (timestamps aside) on a few subscribers, or stop."""
    now = datetime.now(UTC).replace(microsecond=0)
    dumps = []
    for name, build in (("bulk", build_database), ("api", build_with_storage_api)):
        path = folder / f"check-{name}.sqlite3"
        build(path, range(1, 4), now)
        conn = sqlite3.connect(path)
        dumps.append([conn.execute(sql).fetchall() for sql in (
            "select id, first_name, language_code, timezone, status, quiet_start, quiet_end, paused_until "
            "from subscribers order by id",
            "select * from nudge_settings order by user_id, category",
            "select user_id, kind, slot, due_at, status, attempts, message_id from due_messages order by id")])
        conn.close()
    if dumps[0] != dumps[1]:
        raise SystemExit(f"bulk-built rows differ from the Storage API's:\n{dumps[0]}\n{dumps[1]}")


def statuses(path: Path) -> dict[str, int]:
    """due_messages rows of the posture slot due a minute ago (the fan-out's), by status; the next
    day's slots planned after sending are counted apart as 'planned'."""
    conn = sqlite3.connect(path)
    first_slot = conn.execute("select min(due_at) from due_messages").fetchone()[0]
    result = dict(conn.execute("select status, count(*) from due_messages where due_at = ? group by status",
                               [first_slot]).fetchall())
    result["planned"] = conn.execute("select count(*) from due_messages where due_at > ?", [first_slot]).fetchone()[0]
    conn.close()
    return result


# --- children (run in a fresh interpreter) --------------------------------------------------------

class CountingHandler(logging.Handler):
    """Counts log records by message prefix."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        key = record.getMessage().split(":")[0]
        self.counts[key] = self.counts.get(key, 0) + 1


class NoNetworkSender(Sender):
    """Answers every send at once without HTTP: what is left of dispatch_due is storage and planning."""

    def __init__(self, bot: Any) -> None:
        super().__init__(bot)
        self.next_id = 0

    async def send(self, chat_id: int, text: str, reply_markup: Any = None, *args: Any, **kwargs: Any) -> int:
        """The next message id, at once."""
        self.next_id += 1
        await asyncio.sleep(0)
        return self.next_id


def child_dispatch(api_url: str, token: str, database: str, per_second: float, profile: int) -> None:
    """Child: the real Application and dispatcher against the emulator; print one JSON line."""
    from bot.config import Config
    from bot.tg.app import build_application, post_init
    from bot.tg.sending.nudges import dispatch_due
    from bot.tg.services import SERVICES_KEY
    from scheduler.rate_limit import Pacer

    counting = CountingHandler()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger().addHandler(counting)
    logging.getLogger("httpx").setLevel(logging.WARNING)

    async def run() -> dict:
        config = Config(token=token, api_url=api_url, database=Path(database), content_dir=ROOT / "content")
        app = build_application(config, dispatch_interval=None, watch_content=False)
        async with app:
            await post_init(app)  # start-up as in production (command menu, crash recovery, gc.freeze)
            services, limiter = app.bot_data[SERVICES_KEY], app.bot.rate_limiter
            if per_second >= NO_LIMIT:  # (a): a pacer that never waits
                limiter.pacer = Pacer(per_second=per_second, per_chat_interval=0.0)
            elif per_second > 0:  # (b) with --limited-rate
                limiter.pacer = Pacer(per_second=per_second)
            elif per_second == 0:
                services.sender = NoNetworkSender(app.bot)
            # per_second < 0: the production default Pacer() that build_application installed
            rss_before = peak_rss()[0]
            started, cpu_started = time.perf_counter(), time.process_time()
            sent = await dispatch_due(app)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            services.storage.close()
        return {"sent": sent, "elapsed_s": elapsed, "cpu_s": cpu, "rss_before_dispatch_mb": rss_before,
                "throttles": dict(limiter.throttles)}

    if profile:
        import cProfile
        import pstats
        profiler = cProfile.Profile()
        result = profiler.runcall(asyncio.run, run())
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(45)
    else:
        result = asyncio.run(run())
    hwm, maxrss = peak_rss()
    result.update(rss_mb=hwm, ru_maxrss_mb=maxrss, warnings=counting.counts)
    print(json.dumps(result), flush=True)


def child_baseline(api_url: str, token: str, count: int, mode: str) -> None:
    """Child: raw PTB send_message of the same messages the dispatcher sends (posture tips rendered
    from content/, the same 3-button keyboard) to chats 1..count, one at a time or gathered under a
    semaphore; print JSON."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.ext import ApplicationBuilder

    from bot.core.content.loader import load_content
    from bot.core.content.tips import render_tip

    content = load_content(ROOT / "content")
    texts = [render_tip(tip, content.texts) for tip in content.tips["posture"]]
    labels = [content.texts(key) for key in ("nudge_done_button", "nudge_snooze_button", "nudge_skip_button")]

    def keyboard(chat: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"n:{code}:{chat}")
                                      for label, code in zip(labels, "dzs")]])

    async def run() -> dict:
        app = ApplicationBuilder().token(token).base_url(f"{api_url}/bot").base_file_url(f"{api_url}/file/bot").build()
        bot = app.bot

        async def one(chat: int) -> None:
            await bot.send_message(chat, texts[chat % len(texts)], parse_mode="HTML", reply_markup=keyboard(chat))

        async with bot:
            started, cpu_started = time.perf_counter(), time.process_time()
            if mode == "sequential":
                for chat in range(1, count + 1):
                    await one(chat)
            else:
                gate = asyncio.Semaphore(int(mode.removeprefix("gather")))

                async def gated(chat: int) -> None:
                    async with gate:
                        await one(chat)

                await asyncio.gather(*(gated(chat) for chat in range(1, count + 1)))
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        return {"sent": count, "elapsed_s": elapsed, "cpu_s": cpu}

    result = asyncio.run(run())
    result["rss_mb"] = peak_rss()[0]
    print(json.dumps(result), flush=True)


def run_child(args: list[str], timeout: float) -> tuple[dict, str]:
    """Run this file as a child; return its JSON line and its stderr."""
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"child {args[:2]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


# --- the run ------------------------------------------------------------------------------------

def delivery(per_chat: dict[int, int], users: range) -> tuple[int, int, int]:
    """(lost, duplicated, stray) against 'every user exactly one message'."""
    lost = sum(1 for user in users if per_chat.get(user, 0) == 0)
    duplicated = sum(per_chat.get(user, 0) - 1 for user in users if per_chat.get(user, 0) > 1)
    stray = sum(n for chat, n in per_chat.items() if chat not in users)
    return lost, duplicated, stray


def verdict(ok: bool) -> str:
    """PASS or FAIL."""
    return "PASS" if ok else "FAIL"


async def run_baselines(api_url: str, count: int, best: dict[str, list[float]], when: str) -> None:
    """Raw PTB throughput in every mode, each in its own subprocess and on fresh chats; collect the
    rates per mode in `best` (run before and after the dispatcher: their mean cancels drift)."""
    for mode in BASELINE_MODES:
        token = f"{7_000_001 + BASELINE_MODES.index(mode) + (100 if when == 'after' else 0)}:BASE"
        async with EmulatorClient(api_url, token, timeout=120) as client:
            await client.register_chats(list(range(1, count + 1)))
            result, _ = run_child(["--child-baseline", api_url, token, str(count), mode], 600)
            counters = await client.counters()
        lost, dup, _ = delivery(counters["messages"], range(1, count + 1))
        rate = result["sent"] / result["elapsed_s"]
        best.setdefault(mode, []).append(rate)
        label = "awaited one at a time" if mode == "sequential" else f"asyncio.gather, {mode[6:]} at a time"
        print(f"  baseline ({when:6}) raw PTB bot.send_message, {label:28}: {rate:5.0f} msg/s "
              f"({count:,} in {result['elapsed_s']:.1f} s, CPU {result['cpu_s'] / count * 1000:.2f} ms/msg; "
              f"lost {lost}, duplicated {dup})")


async def bench(args: argparse.Namespace, api_url: str, folder: Path) -> bool:
    """Parts (a) and (b); print the figures; return whether every target was met."""
    ok = True
    check_bulk_matches_api(folder)
    n = args.subscribers
    users = range(1, n + 1)
    print(f"bench/fanout.py: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f} at start; emulator and bench as separate processes on 127.0.0.1")
    print("  database: Storage.open() schema, bulk executemany in one transaction "
          "(rows checked identical to the Storage API's on 3 subscribers)")

    # (a) machinery, no limits ------------------------------------------------------------------
    print(f"\n(a) {n:,} subscribers due in the same minute, emulator without limits, the bot's limiter with "
          "Pacer(per_second=1,000,000, per_chat_interval=0)")
    database = folder / "fanout.sqlite3"
    started = time.perf_counter()
    build_database(database, users, datetime.now(UTC))
    print(f"  database built in {time.perf_counter() - started:.1f} s "
          f"({database.stat().st_size / 2**20:.0f} MB; setup, not a measured figure)")
    baseline: dict = {}
    await run_baselines(api_url, args.baseline_messages, baseline, "before")
    token = "7100001:FANOUT"
    async with EmulatorClient(api_url, token, timeout=120) as client:
        await client.register_chats(list(users))
        result, stderr = run_child(["--child-dispatch", api_url, token, str(database), str(NO_LIMIT), str(args.profile)],
                                   900)
        counters = await client.counters()
    rate = result["sent"] / result["elapsed_s"]
    await run_baselines(api_url, args.baseline_messages, baseline, "after")
    baseline = {mode: sum(rates) / len(rates) for mode, rates in baseline.items()}  # mean of before and after
    best_mode = max(baseline, key=baseline.get)
    ratio = rate / baseline[best_mode]
    lost, dup, stray = delivery(counters["messages"], users)
    rows = statuses(database)
    print(f"  our dispatcher, dispatch_due(app), in a subprocess      : {rate:7.0f} msg/s "
          f"({result['sent']:,} sent in {result['elapsed_s']:.1f} s, CPU {result['cpu_s'] / result['sent'] * 1000:.2f} ms/msg)")
    print(f"  ratio to the best baseline mode ({best_mode}, mean of before and after {baseline[best_mode]:.0f} msg/s): {ratio:.2f}   (target >= {RATIO_TARGET}) {verdict(ratio >= RATIO_TARGET)}")
    print(f"  peak RSS of the dispatcher process: {result['rss_mb']:.0f} MB (VmHWM; ru_maxrss {result['ru_maxrss_mb']:.0f} MB; "
          f"{result['rss_before_dispatch_mb']:.0f} MB before dispatch_due)   (target < {RSS_TARGET_MB:.0f} MB) "
          f"{verdict(result['rss_mb'] < RSS_TARGET_MB)}")
    delivered_ok = lost == 0 and dup == 0 and stray == 0 and result["sent"] == n
    print(f"  delivery: {len(counters['messages']):,} chats got messages, {counters['messages_total']:,} messages; "
          f"lost {lost}, duplicated {dup}, stray {stray}; rows {rows}; warnings {result['warnings'] or 'none'}   "
          f"{verdict(delivered_ok)}")
    if args.breakdown:
        breakdown_db = folder / "breakdown.sqlite3"
        build_database(breakdown_db, range(1, args.breakdown + 1), datetime.now(UTC))
        quiet, _ = run_child(["--child-dispatch", api_url, token, str(breakdown_db), "0", "0"], 600)
        storage_ms = quiet["elapsed_s"] / quiet["sent"] * 1000
        total_ms = 1000 / rate
        print(f"  where the time goes, per message (one core, so the costs add up): dispatcher {total_ms:.2f} ms = "
              f"storage+planning {storage_ms:.2f} ms (same dispatch_due, {quiet['sent']:,} subscribers, a sender "
              f"that answers without HTTP: {quiet['sent'] / quiet['elapsed_s']:.0f} msg/s) + sending "
              f"{total_ms - storage_ms:.2f} ms; the best raw PTB send costs {1000 / baseline[best_mode]:.2f} ms")
    if args.profile:
        print("  profile of the dispatcher child (cProfile, stderr):")
        print("\n".join("    " + line for line in stderr.strip().splitlines()[-140:]))
    ok = ok and ratio >= RATIO_TARGET and result["rss_mb"] < RSS_TARGET_MB and delivered_ok

    # (b) against a 30/s ceiling with 429s ---------------------------------------------------------
    m = args.limited
    limited_users = range(1, m + 1)
    custom = args.limited_rate is not None
    limiter_text = (f"Pacer(per_second={args.limited_rate:g}) -- CUSTOM rate passed with --limited-rate, "
                    "not the production default" if custom else
                    f"Pacer() production default ({DEFAULT_PER_SECOND:g}/s, 1/s per chat)")
    print(f"\n(b) {m:,} subscribers due at once, emulator enforcing rate_limit=30 msg/s (429 + retry_after), "
          f"limiter {limiter_text}")
    database = folder / "limited.sqlite3"
    build_database(database, limited_users, datetime.now(UTC))
    token = "7200001:LIMITED"
    async with EmulatorClient(api_url, token, timeout=120) as client:
        await client.register_chats(list(limited_users))
        await client.set_faults(rate_limit=CEILING)
        result, _ = run_child(["--child-dispatch", api_url, token, str(database), str(args.limited_rate if custom else -1), "0"], 900)
        counters = await client.counters()
    rate = result["sent"] / result["elapsed_s"]
    share = rate / CEILING
    lost, dup, stray = delivery(counters["messages"], limited_users)
    rejected = counters["calls"].get("sendMessage", 0) - counters["messages_total"]
    throttles = result["throttles"]
    rows = statuses(database)
    print(f"  achieved: {rate:.2f} msg/s = {share * 100:.1f} % of the 30/s ceiling "
          f"({result['sent']:,} sent in {result['elapsed_s']:.1f} s)   (target >= {CEILING_TARGET * 100:.0f} %) "
          f"{verdict(share >= CEILING_TARGET)}")
    print(f"  429s: the limiter's .throttles {throttles['scheduled']} scheduled, {throttles['reply']} reply; "
          f"{rejected} sendMessage calls rejected by the emulator")
    delivered_ok = lost == 0 and dup == 0 and stray == 0 and result["sent"] == m
    print(f"  delivery: lost {lost}, duplicated {dup}, stray {stray}; rows {rows}; "
          f"warnings {result['warnings'] or 'none'}   {verdict(delivered_ok)}")
    ok = ok and share >= CEILING_TARGET and delivered_ok
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--baseline-messages", type=int, default=5_000)
    parser.add_argument("--limited", type=int, default=1200)
    parser.add_argument("--limited-rate", type=float, default=None,
                        help="limiter rate for (b) instead of the production default (printed as custom)")
    parser.add_argument("--breakdown", type=int, default=10_000,
                        help="subscribers for the storage-only (no HTTP) dispatcher run in (a); 0: skip")
    parser.add_argument("--profile", type=int, default=0, help="1: cProfile the (a) dispatcher child")
    parser.add_argument("--with-startup", action="store_true", help="also run bench/fanout_startup.py (c)")
    parser.add_argument("--skip-pipeline", action="store_true", help="do not run bench/fanout_pipeline.py (d), (e)")
    parser.add_argument("--pipeline-args", default="", help="arguments for bench/fanout_pipeline.py, one string")
    parser.add_argument("--child-dispatch", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--child-baseline", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_dispatch:
        api_url, token, database, per_second, profile = args.child_dispatch
        child_dispatch(api_url, token, database, float(per_second), int(profile))
        return 0
    if args.child_baseline:
        api_url, token, count, mode = args.child_baseline
        child_baseline(api_url, token, int(count), mode)
        return 0

    began = time.perf_counter()
    port = free_port()
    api_url = f"http://127.0.0.1:{port}"
    emulator = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "emulator", "--port", str(port)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    async def run() -> bool:
        async with EmulatorClient(api_url, "1:UP", timeout=120) as probe:
            await probe.wait_until_up(timeout=20)
        with tempfile.TemporaryDirectory(prefix="fanout-ab-") as folder:
            return await bench(args, api_url, Path(folder))

    try:
        ok = asyncio.run(run())
    finally:
        emulator.terminate()
        emulator.wait()
    print(f"\n(a)+(b) took {time.perf_counter() - began:.0f} s; overall: {verdict(ok)}")
    if args.skip_pipeline:
        print("\n(d), (e) skipped (--skip-pipeline): run `python bench/fanout_pipeline.py` separately")
    else:
        print("\n(d), (e): running bench/fanout_pipeline.py as a subprocess:", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "fanout_pipeline.py"), *shlex.split(args.pipeline_args)],
                       cwd=ROOT, check=False)

    print("\n(c) 1,000,000 subscribers: start-up and the due query")
    if args.with_startup:
        print("  running bench/fanout_startup.py as a subprocess:", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "fanout_startup.py")], cwd=ROOT, check=False)
    else:
        print("  not run here (a 1M-row build and the JobQueue baseline take minutes): run "
              "`python bench/fanout_startup.py` separately, or this bench with --with-startup")
    return 0


if __name__ == "__main__":
    sys.exit(main())
