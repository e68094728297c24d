"""Fan-out benchmark, part (c): start-up and the due query with 1,000,000 subscribers, against
python-telegram-bot's timerbot pattern (one JobQueue job per subscriber) in the same run.

What it does:
 1. Builds a database in a temporary folder: `Storage.open()` first (real schema, migrations and
    indexes), then bulk inserts inside one transaction (executemany) of 1,000,000 subscribers, each
    with 3 pending nudge rows (posture, hydration, stretching) spread over the next 24 hours, of which
    100,000 are due in the same (first) minute. The due_messages indexes are dropped for the bulk
    load and re-created from their own stored SQL (checked identical afterwards). nudge_settings is
    not filled: neither measured path reads it. Build time is printed but is not a measured figure.
 2. Times `storage.due(now, limit=500)` (50 runs, median and p99) at the end of the busy minute
    (100,000 pending and due) and one microsecond before it (nobody due), with EXPLAIN QUERY PLAN,
    and the same SQL with `NOT INDEXED` (what the query costs without the (status, due_at) index).
 3. Our start-up, in a fresh interpreter (so imports and open are real): import, `Storage.open()` of
    the existing database, `recover_in_flight(now)` (500 rows left in `sending`, as after a crash in
    the middle of a batch), one `due(now, 500)`. Wall time from spawn, and the child's peak RSS.
 4. Baseline, in a fresh interpreter: `ApplicationBuilder().token(...).build()` (which calls
    `JobQueue.set_application`), `await job_queue.start()` (no network: no `initialize`/getMe), then
    `run_daily(callback, time, days, name="nudge:<user>:<category>")` for N subscribers x 3 categories
    at the same times of day as our rows. PTB does not persist jobs, so this is paid at every start;
    reading the subscribers back from storage is NOT included (that favours the baseline). A size whose
    linear projection (through the two largest measured sizes) exceeds the time or memory budget is
    not run but extrapolated, and the output says so. Jobs falling due while the loop is blocked by
    the adding are counted as missed (APScheduler's EVENT_JOB_MISSED).

The OS page cache is warm (the database was just written): a cold start after a reboot reads more.

Usage: python bench/fanout_startup.py [--subscribers 1000000] [--burst 100000] [--runs 50]
           [--startup-repeat 3] [--baseline-sizes 10000,100000,1000000]
           [--baseline-budget-s 200] [--baseline-budget-mb 4000]
"""

from __future__ import annotations

import time

_PROCESS_T0 = time.perf_counter()  # before the imports, for the start-up probe

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.storage.instants import iso, parse_instant  # noqa: E402
from bot.core.storage.store import Storage  # noqa: E402
from bot.core.storage.due import PENDING, SENDING, DueMessage  # noqa: E402

CATEGORIES = ("posture", "hydration", "stretching")
BURST = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)   # the busy minute starts here; the 24 h window too
BUILT_AT = BURST - timedelta(hours=1)
LANGUAGES = ("en", "de", "ru", "es", "fr", None)
TIMEZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/Moscow")
IN_FLIGHT = 500                                    # rows left in `sending` before each start-up probe
DUE_TARGET_MS, STARTUP_TARGET_S = 100.0, 3.0


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    VmHWM belongs to the process's own address space; getrusage's ru_maxrss would start from the
    parent's peak at fork (Linux keeps it across exec), so a child of the 1 GB builder would report 1 GB.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def nudge_times(subscribers: int, burst: int, seed: int = 7):
    """Yield (user_id, category, due_at) for every nudge: `burst` subscribers have one nudge in the
    first minute; every other nudge is spread over the rest of the 24 hours."""
    rnd = random.Random(seed)
    step = max(1, subscribers // burst) if burst else 0
    for index in range(subscribers):
        in_burst = burst and index % step == 0 and index // step < burst
        burst_category = (index // max(step, 1)) % 3
        for number, category in enumerate(CATEGORIES):
            if in_burst and number == burst_category:
                offset_us = rnd.randrange(60_000_000)
            else:
                offset_us = 60_000_000 + rnd.randrange(86_340_000_000)
            yield index + 1, category, BURST + timedelta(microseconds=offset_us)


# --- 1. the database ----------------------------------------------------------------------------

def build(path: Path, subscribers: int, burst: int) -> dict:
    """Create the database with the real schema, then bulk-load subscribers and due rows."""
    storage = Storage.open(path)
    storage.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma cache_size = -1048576")       # 1 GB page cache for the load only
    conn.execute("pragma foreign_keys = OFF")          # ids are generated consistent
    indexes = conn.execute("select name, sql from sqlite_master where type = 'index' and "
                           "tbl_name = 'due_messages' and sql is not null order by name").fetchall()
    created = iso(BUILT_AT)
    conn.execute("begin")
    for name, _ in indexes:
        conn.execute(f"drop index [{name}]")
    conn.executemany(
        "insert into subscribers (id, first_name, language_code, timezone, consented_at, status, "
        "created_at, updated_at) values (?, ?, ?, ?, ?, 'active', ?, ?)",
        ((i, f"User{i}", LANGUAGES[i % len(LANGUAGES)], TIMEZONES[i % len(TIMEZONES)], created, created,
          created) for i in range(1, subscribers + 1)))
    conn.executemany(
        "insert into due_messages (user_id, kind, slot, due_at, status, attempts, updated_at) "
        "values (?, 'nudge', ?, ?, ?, 0, ?)",
        ((user, f"{category}:{due.date().isoformat()}:{due.hour:02d}:{due.minute:02d}", iso(due),
          PENDING, created) for user, category, due in nudge_times(subscribers, burst)))
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("commit")
    conn.execute("pragma wal_checkpoint(TRUNCATE)")
    after = conn.execute("select name, sql from sqlite_master where type = 'index' and "
                         "tbl_name = 'due_messages' and sql is not null order by name").fetchall()
    assert after == indexes, (after, indexes)
    counts = {
        "subscribers": conn.execute("select count(*) from subscribers").fetchone()[0],
        "due_rows": conn.execute("select count(*) from due_messages").fetchone()[0],
        "burst": conn.execute("select count(*) from due_messages where status = ? and due_at <= ?",
                              [PENDING, iso(BURST + timedelta(seconds=59, microseconds=999_999))]).fetchone()[0],
    }
    conn.close()
    return counts


# --- 2. the due query ---------------------------------------------------------------------------

def timed_ms(function, runs: int) -> tuple[list[float], object]:
    """Run function `runs` times; return the times in ms and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def p99(times: list[float]) -> float:
    """The 99th percentile (inclusive method; with 50 runs it lies between the two slowest)."""
    return statistics.quantiles(times, n=100, method="inclusive")[98]


def due_unindexed(storage: Storage, now: datetime, limit: int = 500) -> list[DueMessage]:
    """The same statement as Storage.due, with the (status, due_at) index forbidden."""
    rows = storage.db.execute(
        "select id, user_id, kind, slot, due_at, status, attempts from due_messages not indexed "
        "where status = ? and due_at <= ? order by due_at limit ?", [PENDING, iso(now), limit]).fetchall()
    return [DueMessage(i, u, k, s, parse_instant(d), st, a) for i, u, k, s, d, st, a in rows]


def query_plan(storage: Storage, not_indexed: bool) -> str:
    """EXPLAIN QUERY PLAN of the due query, one line."""
    table = "due_messages not indexed" if not_indexed else "due_messages"
    rows = storage.db.execute(
        f"explain query plan select id, user_id, kind, slot, due_at, status, attempts from {table} "
        "where status = ? and due_at <= ? order by due_at limit ?", [PENDING, iso(BURST), 500]).fetchall()
    return "; ".join(row[-1] for row in rows)


# --- 3. and 4. start-up probes (run in a fresh interpreter) -------------------------------------

def startup_probe(path: str, now_text: str) -> None:
    """Child: open the existing database, recover in-flight rows, fetch the first batch."""
    imported = time.perf_counter()
    now = parse_instant(now_text)
    storage = Storage.open(Path(path))
    opened = time.perf_counter()
    recovered = storage.recover_in_flight(now)
    recovered_at = time.perf_counter()
    batch = storage.due(now, 500)
    done = time.perf_counter()
    print(json.dumps({"import_s": imported - _PROCESS_T0, "open_s": opened - imported,
                      "recover_s": recovered_at - opened, "due_s": done - recovered_at,
                      "in_process_s": done - _PROCESS_T0, "recovered": recovered, "batch": len(batch),
                      "rss_mb": peak_rss_mb()}), flush=True)


def baseline_probe(subscribers: int, burst: int) -> None:
    """Child: PTB's timerbot pattern, one run_daily job per subscriber and category."""
    import asyncio
    import logging

    from apscheduler.events import EVENT_JOB_MISSED
    from telegram.ext import ApplicationBuilder

    logging.getLogger("apscheduler").setLevel(logging.CRITICAL)  # "missed" warnings: counted instead
    imported = time.perf_counter()
    missed = []

    async def nudge(context) -> None:  # never awaited for real: nothing is sent in this benchmark
        return None

    async def run() -> dict:
        app = ApplicationBuilder().token("123:X").build()        # build() calls set_application
        job_queue = app.job_queue
        job_queue.scheduler.add_listener(lambda event: missed.append(event.job_id), EVENT_JOB_MISSED)
        await job_queue.start()                                   # scheduler only: no getMe
        started = time.perf_counter()
        days = tuple(range(7))
        for user, category, due in nudge_times(subscribers, burst):
            job_queue.run_daily(nudge, time=due.timetz(), days=days, name=f"nudge:{user}:{category}",
                                chat_id=user, user_id=user)
        added = time.perf_counter()
        await asyncio.sleep(0.01)  # let the scheduler wake up once with every job in place
        jobs = len(job_queue.scheduler.get_jobs())
        return {"build_start_s": started - imported, "add_s": added - started, "jobs": jobs}

    result = asyncio.run(run())
    done = time.perf_counter()
    result.update(import_s=imported - _PROCESS_T0, in_process_s=done - _PROCESS_T0, missed=len(missed),
                  rss_mb=peak_rss_mb())
    print(json.dumps(result), flush=True)
    os._exit(0)   # skip tearing down millions of objects: not part of start-up


def run_child(args: list[str], timeout: float) -> dict:
    """Run this file in a fresh interpreter; return its JSON line plus the wall time from spawn."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          timeout=timeout, check=True)
    wall = time.perf_counter() - started
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result


def mark_in_flight(path: Path, count: int) -> None:
    """Leave `count` of the earliest due rows in `sending`, as a crash in the middle of a batch would."""
    with sqlite3.connect(path) as conn:
        conn.execute("update due_messages set status = ? where id in (select id from due_messages "
                     "where status = ? order by due_at limit ?)", [SENDING, PENDING, count])


# --- the run ------------------------------------------------------------------------------------

def main() -> int:
    """Build, measure, compare, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--burst", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--startup-repeat", type=int, default=3)
    parser.add_argument("--baseline-sizes", default="10000,100000,1000000")
    parser.add_argument("--baseline-budget-s", type=float, default=200.0)
    parser.add_argument("--baseline-budget-mb", type=float, default=4000.0)
    parser.add_argument("--startup-probe", nargs=2, metavar=("PATH", "NOW"), help=argparse.SUPPRESS)
    parser.add_argument("--baseline-probe", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.startup_probe:
        startup_probe(*args.startup_probe)
        return 0
    if args.baseline_probe is not None:
        baseline_probe(args.baseline_probe, args.baseline_probe // 10)
        return 0

    n, burst = args.subscribers, args.burst
    print(f"bench/fanout_startup.py: {n:,} subscribers x {len(CATEGORIES)} nudges over 24 h, "
          f"{burst:,} due in the same minute; sqlite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="fanout-") as folder:
        path = Path(folder) / "bot.db"
        started = time.perf_counter()
        counts = build(path, n, burst)
        size_mb = path.stat().st_size / 2**20
        print(f"  built in {time.perf_counter() - started:.1f} s (setup, not a measured figure): "
              f"{counts['subscribers']:,} subscribers, {counts['due_rows']:,} pending rows, "
              f"{counts['burst']:,} due in the busy minute, {size_mb:.0f} MB")

        # 2. the due query
        busy_now = BURST + timedelta(seconds=59, microseconds=999_999)
        quiet_now = BURST - timedelta(microseconds=1)
        storage = Storage.open(path)
        busy, busy_rows = timed_ms(lambda: storage.due(busy_now, limit=500), args.runs)
        quiet, quiet_rows = timed_ms(lambda: storage.due(quiet_now, limit=500), args.runs)
        unindexed, unindexed_rows = timed_ms(lambda: due_unindexed(storage, busy_now), 5)
        assert len(busy_rows) == 500 and not quiet_rows and len(unindexed_rows) == 500
        assert [m.id for m in busy_rows] == [m.id for m in unindexed_rows]
        print(f"  plan, due query:      {query_plan(storage, False)}")
        print(f"  plan, without index:  {query_plan(storage, True)}")
        storage.close()

        # 3. our start-up, fresh interpreter each time
        ours = []
        for _ in range(args.startup_repeat):
            mark_in_flight(path, IN_FLIGHT)
            ours.append(run_child(["--startup-probe", str(path), iso(busy_now)], timeout=120))
        assert all(run["recovered"] == IN_FLIGHT and run["batch"] == 500 for run in ours)
        our_wall = statistics.median(run["wall_s"] for run in ours)
        our_rss = max(run["rss_mb"] for run in ours)
        mid = sorted(ours, key=lambda run: run["wall_s"])[len(ours) // 2]
        print(f"  our start-up, median of {len(ours)} fresh processes: {our_wall:.2f} s wall from spawn "
              f"(imports {mid['import_s']:.2f} s, open+migrations {mid['open_s'] * 1000:.1f} ms, "
              f"recover {mid['recovered']} in flight {mid['recover_s'] * 1000:.1f} ms, first due(500) "
              f"{mid['due_s'] * 1000:.1f} ms), peak RSS {our_rss:.0f} MB")

    # 4. the baseline: one JobQueue job per subscriber and category
    baseline: list[tuple[int, dict | None]] = []
    measured_points: list[tuple[int, dict]] = []

    def projected(size: int, key: str) -> float:
        """Linear in the subscriber count through the two largest measured sizes (or through zero)."""
        (n1, r1), (n2, r2) = ([(0, {key: 0.0})] + measured_points)[-2:]
        return r2[key] + (r2[key] - r1[key]) / (n2 - n1) * (size - n2)

    for size in (int(s) for s in args.baseline_sizes.split(",")):
        if measured_points and (projected(size, "wall_s") > args.baseline_budget_s
                                or projected(size, "rss_mb") > args.baseline_budget_mb):
            baseline.append((size, None))
            continue
        result = run_child(["--baseline-probe", str(size)], timeout=args.baseline_budget_s * 3)
        measured_points.append((size, result))
        baseline.append((size, result))
        print(f"  baseline {size:>9,} subscribers: {result['jobs']:,} jobs; {result['wall_s']:.2f} s wall "
              f"from spawn (imports {result['import_s']:.2f} s, build+start {result['build_start_s']:.2f} s, "
              f"run_daily x {result['jobs']:,} {result['add_s']:.2f} s = "
              f"{result['add_s'] / result['jobs'] * 1e6:.0f} us/job), peak RSS {result['rss_mb']:.0f} MB, "
              f"{result['missed']} nudges missed while starting")
    basis = " and ".join(f"{size:,}" for size, _ in measured_points[-2:])
    for size, result in baseline:
        if result is None:
            print(f"  baseline {size:>9,} subscribers: NOT RUN (over the {args.baseline_budget_s:.0f} s / "
                  f"{args.baseline_budget_mb:.0f} MB budget), extrapolated linearly from {basis}: "
                  f"~{projected(size, 'wall_s'):.0f} s, ~{projected(size, 'rss_mb'):,.0f} MB "
                  f"(per-job cost grows with the job count, so this is a lower bound)")
    print("  PTB does not persist jobs: the baseline re-creates every job at every start-up, and its event "
          "loop is blocked meanwhile (nudges falling due then are missed).")

    # 5. the table
    print()
    print(f"  {'what':56} {'measured':>24} {'target':>10} {'peak RSS':>10}")
    print(f"  {'our start-up, ' + f'{n:,} subscribers':56} {our_wall:>22.2f} s {'< 3 s':>10} "
          f"{our_rss:>7.0f} MB   {'OK' if our_wall < STARTUP_TARGET_S else 'MISSED'}")
    for size, result in baseline:
        label = f"baseline start-up (job per nudge), {size:,} subscribers"
        if result is None:
            print(f"  {label:56} {'~' + format(projected(size, 'wall_s'), '.0f') + ' s (extrapolated)':>24} "
                  f"{'':>10} {'~' + format(projected(size, 'rss_mb'), ',.0f') + ' MB':>10}")
        else:
            print(f"  {label:56} {result['wall_s']:>22.2f} s {'':>10} {result['rss_mb']:>7.0f} MB")
    for label, times in ((f"due(now, 500), {counts['burst']:,} due: median", busy),
                         (f"due(now, 500), {counts['burst']:,} due: p99 of {args.runs}", [p99(busy)]),
                         ("due(now, 500), none due: median", quiet),
                         (f"due(now, 500), none due: p99 of {args.runs}", [p99(quiet)])):
        value = statistics.median(times)
        print(f"  {label:56} {value:>21.3f} ms {'< 100 ms':>10} {'':>10}   "
              f"{'OK' if value < DUE_TARGET_MS else 'MISSED'}")
    label = f"same query NOT INDEXED, {counts['burst']:,} due: median of 5"
    print(f"  {label:56} "
          f"{statistics.median(unindexed):>21.1f} ms {'< 100 ms':>10} {'':>10}   "
          f"{'OK' if statistics.median(unindexed) < DUE_TARGET_MS else 'MISSED (why the index exists)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
