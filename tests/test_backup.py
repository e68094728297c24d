"""`run.py backup` and `run.py restore` as an operator runs them: a backup taken during a burst of writes is a
consistent, verified snapshot; restore refuses a damaged file and a database someone holds, and otherwise puts
the backup in place and keeps the database it replaced."""

import hashlib
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from bot.core.storage.store import Storage
from bot.emulator.client import EmulatorClient
from tests.test_run_py import ROOT, clean_env, free_port, run_py, start_emulator

BODY = r"(\d+) subscribers, (\d+) due messages, integrity ok, [\d.]+ [kMG]B"
LINE = rf"\({BODY}\)"
NOW = "2026-03-02T09:00:00+00:00"


def make_database(path: Path, subscribers: int = 0) -> None:
    """A migrated database with subscribers 1..n, each with one pending due message."""
    Storage.open(path).close()
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for user in range(1, subscribers + 1):
            add_subscriber(conn, user)


def add_subscriber(conn: sqlite3.Connection, user: int) -> None:
    """Subscriber `user` and their due message, in one transaction."""
    conn.execute("begin")
    conn.execute("insert into subscribers (id, first_name, timezone, status, created_at, updated_at) "
                 "values (?, 'Rita', 'UTC', 'active', ?, ?)", [user, NOW, NOW])
    conn.execute("insert into due_messages (user_id, kind, slot, due_at, status) values (?, 'nudge', 'posture', ?, "
                 "'pending')", [user, NOW])
    conn.execute("commit")


def subscriber_ids(path: Path) -> list[int]:
    """The subscribers' ids, in order."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return [row[0] for row in conn.execute("select id from subscribers order by id")]


def integrity(path: Path) -> str:
    """What PRAGMA integrity_check says of the file."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


def digest(path: Path) -> str:
    """The file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    """The file's permission bits."""
    return stat.S_IMODE(path.stat().st_mode)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a refused command (exit 2, nothing on stdout, no traceback)."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stdout == ""
    return lines[0]


def env_for(database: Path) -> dict:
    """run.py's environment with BOT_DATABASE set."""
    return clean_env(BOT_DATABASE=str(database))


def test_backup_during_a_burst_of_writes_is_a_verified_consistent_snapshot(tmp_path):
    live, copy = tmp_path / "bot.sqlite3", tmp_path / "backups" / "copy.sqlite3"
    copy.parent.mkdir()
    make_database(live)
    with closing(sqlite3.connect(live, isolation_level=None)) as conn:  # some megabytes, so the copy takes a while
        conn.executemany("insert into unanswered_questions (text, asked_at) values (?, ?)",
                         [("why does my back hurt " * 10, NOW)] * 20000)
    committed, stop = [0], threading.Event()

    def writer() -> None:
        with closing(sqlite3.connect(live, isolation_level=None, timeout=10)) as conn:
            while not stop.is_set():
                add_subscriber(conn, committed[0] + 1)
                committed[0] += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while committed[0] < 50:
            threading.Event().wait(0.01)
        before = committed[0]
        result = run_py("backup", str(copy), env=env_for(live), cwd=tmp_path)
        after = committed[0]
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    match = re.fullmatch(rf"backup: {re.escape(str(live))} -> {re.escape(str(copy))} {LINE}", line)
    assert match, line
    assert after > before  # the writes went on while the backup ran
    ids = subscriber_ids(copy)
    assert before <= len(ids) <= after  # every commit before the backup began, nothing yet to come
    assert ids == list(range(1, len(ids) + 1))  # a prefix of the commits: a snapshot, not a mixture
    with closing(sqlite3.connect(copy)) as conn:
        due_users = [row[0] for row in conn.execute("select user_id from due_messages order by user_id")]
        assert conn.execute("select count(*) from unanswered_questions").fetchone()[0] == 20000
    assert due_users == ids  # each transaction's two rows are both there or both not
    assert match.groups() == (str(len(ids)), str(len(ids)))
    assert integrity(copy) == "ok"
    assert mode(copy) == 0o600
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.sqlite3"]  # no temporary file, no -wal


def test_backup_refuses_an_existing_file_unless_forced(tmp_path):
    live, copy = tmp_path / "bot.sqlite3", tmp_path / "copy.sqlite3"
    make_database(live, subscribers=2)
    copy.write_text("yesterday's backup")
    line = one_error_line(run_py("backup", str(copy), env=env_for(live), cwd=tmp_path))
    assert line == f"error: {copy} already exists (use --force to overwrite it)"
    assert copy.read_text() == "yesterday's backup"
    result = run_py("backup", "--force", str(copy), env=env_for(live), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"backup: .* -> .*copy.sqlite3 {LINE}\n", result.stdout)
    assert subscriber_ids(copy) == [1, 2] and mode(copy) == 0o600


def test_backup_without_a_database_says_so(tmp_path):
    line = one_error_line(run_py("backup", str(tmp_path / "copy.sqlite3"), env=env_for(tmp_path / "none.sqlite3"),
                                 cwd=tmp_path))
    assert line.startswith("error: no database at ")
    assert not (tmp_path / "copy.sqlite3").exists() and not (tmp_path / "none.sqlite3").exists()


def test_restore_puts_the_backup_in_place_and_keeps_the_database_it_replaced(tmp_path):
    live, copy = tmp_path / "data" / "bot.sqlite3", tmp_path / "copy.sqlite3"
    live.parent.mkdir()
    make_database(live, subscribers=3)
    assert run_py("backup", str(copy), env=env_for(live), cwd=tmp_path).returncode == 0
    with closing(sqlite3.connect(live, isolation_level=None)) as conn:
        add_subscriber(conn, 4)
        add_subscriber(conn, 5)
    result = run_py("restore", str(copy), env=env_for(live), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    match = re.fullmatch(rf"restore: {re.escape(str(copy))} -> {re.escape(str(live))} \({BODY}; "
                         r"previous database kept as (.*)\)", line)
    assert match, line
    assert match.groups()[:2] == ("3", "3")
    kept = Path(match.group(3))
    assert kept.parent == live.parent and re.fullmatch(r"bot\.sqlite3\.before-restore-\d{8}T\d{6}Z", kept.name)
    assert subscriber_ids(live) == [1, 2, 3]
    assert subscriber_ids(kept) == [1, 2, 3, 4, 5] and integrity(kept) == "ok"
    assert mode(live) == 0o600 and mode(kept) == 0o600
    assert sorted(p.name for p in live.parent.iterdir()) == sorted([live.name, kept.name])  # no stale -wal, -shm
    storage = Storage.open(live)  # the bot starts on it
    storage.close()


def test_restore_sets_a_damaged_database_aside(tmp_path):
    live, copy = tmp_path / "bot.sqlite3", tmp_path / "copy.sqlite3"
    make_database(copy, subscribers=2)
    live.write_bytes(b"this was a database once" * 500)
    result = run_py("restore", str(copy), env=env_for(live), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    kept = Path(result.stdout.strip().rsplit("previous database kept as ", 1)[1].removesuffix(")"))
    assert kept.read_bytes() == b"this was a database once" * 500
    assert subscriber_ids(live) == [1, 2] and mode(live) == 0o600


def test_restore_into_a_missing_database_creates_it(tmp_path):
    live, copy = tmp_path / "new" / "bot.sqlite3", tmp_path / "copy.sqlite3"
    make_database(copy, subscribers=1)
    result = run_py("restore", str(copy), env=env_for(live), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "previous database" not in result.stdout
    assert subscriber_ids(live) == [1] and mode(live) == 0o600


def corrupt_in_a_page(path: Path) -> None:
    """Overwrite the middle of the file (b-tree pages, not the header) with junk."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = b"\xa5" * 8192
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(("damage", "says"), [
    ("junk", "is not a database or is corrupted"),
    ("page", "corrupted"),
    ("truncated", "corrupted"),
    ("index", "is corrupted (integrity_check: row 1 missing from index idx_subscribers_status)"),
    ("foreign", "is a SQLite database but not this bot's"),
])
def test_restore_refuses_a_damaged_or_foreign_file(tmp_path, damage, says):
    live, copy = tmp_path / "bot.sqlite3", tmp_path / "copy.sqlite3"
    make_database(live, subscribers=2)
    with closing(sqlite3.connect(live, isolation_level=None)) as conn:  # pages enough to damage one in the middle
        conn.executemany("insert into unanswered_questions (text, asked_at) values (?, ?)", [("x" * 300, NOW)] * 2000)
    assert run_py("backup", str(copy), env=env_for(live), cwd=tmp_path).returncode == 0
    if damage == "junk":
        copy.write_bytes(b"not a database at all\n" * 200)
    elif damage == "page":
        corrupt_in_a_page(copy)
    elif damage == "index":  # an index that disagrees with its table: the file opens, integrity_check says why
        with closing(sqlite3.connect(copy)) as conn:
            conn.execute("pragma writable_schema = on")
            conn.execute("""update sqlite_master set sql = replace(sql, '("status")', '("first_name")')
                            where name = 'idx_subscribers_status'""")
            conn.commit()
    elif damage == "truncated":
        copy.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])
    else:
        copy.unlink()
        with closing(sqlite3.connect(copy)) as conn:
            conn.execute("create table notes (text)")
    files, before = sorted(p.name for p in tmp_path.iterdir()), digest(live)
    line = one_error_line(run_py("restore", str(copy), env=env_for(live), cwd=tmp_path))
    assert line.startswith(f"error: {copy} ") and says in line
    assert digest(live) == before and sorted(p.name for p in tmp_path.iterdir()) == files


def hold_with_a_read_transaction(live: Path):
    """A second connection in this process, inside a read transaction."""
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("begin")
    conn.execute("select count(*) from subscribers").fetchone()
    return conn.close


def hold_with_an_idle_storage_in_another_process(live: Path):
    """Another process with the bot's Storage open and idle, as the bot between ticks (no transaction open)."""
    code = ("import sys, time; from pathlib import Path; from bot.core.storage.store import Storage; "
            "Storage.open(Path(sys.argv[1])); print('open', flush=True); time.sleep(120)")
    process = subprocess.Popen([sys.executable, "-c", code, str(live)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "open\n"

    def release() -> None:
        process.kill()
        process.wait()
    return release


@pytest.mark.parametrize("hold", [hold_with_a_read_transaction, hold_with_an_idle_storage_in_another_process])
def test_restore_refuses_while_another_connection_holds_the_database(tmp_path, hold):
    live, copy = tmp_path / "bot.sqlite3", tmp_path / "copy.sqlite3"
    make_database(live, subscribers=3)
    assert run_py("backup", str(copy), env=env_for(live), cwd=tmp_path).returncode == 0
    with closing(sqlite3.connect(live, isolation_level=None)) as conn:
        add_subscriber(conn, 4)
    before = digest(live)  # read before the hold: closing any descriptor of the file drops this process's locks
    release = hold(live)
    try:
        files = sorted(p.name for p in tmp_path.iterdir())
        line = one_error_line(run_py("restore", str(copy), env=env_for(live), cwd=tmp_path))
        assert line == (f"error: {live} is in use by another program (is the bot running? stop it first); "
                        "nothing was restored")
        assert digest(live) == before and sorted(p.name for p in tmp_path.iterdir()) == files
        assert subscriber_ids(live) == [1, 2, 3, 4]
    finally:
        release()
    result = run_py("restore", str(copy), env=env_for(live), cwd=tmp_path)  # once released, it goes ahead
    assert result.returncode == 0, result.stderr
    assert subscriber_ids(live) == [1, 2, 3]


async def test_restore_refuses_while_the_bot_runs_and_backup_works_meanwhile(tmp_path):
    port, token = free_port(), "123456:TEST"
    live, copy = tmp_path / "bot.sqlite3", tmp_path / "copy.sqlite3"
    emulator = start_emulator(port, tmp_path)
    bot = None
    try:
        client = EmulatorClient(f"http://127.0.0.1:{port}", token)
        await client.wait_until_up(timeout=15)
        env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_URL=f"http://127.0.0.1:{port}", BOT_DATABASE=str(live))
        bot = subprocess.Popen([sys.executable, str(ROOT / "run.py")], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        await client.send_message(55, "/start", first_name="Rita")
        [welcome] = await client.wait_events(55, after=0, count=1, timeout=20)
        await client.press_button(55, welcome["message_id"], "consent")
        await client.wait_events(55, after=welcome["seq"], count=3, timeout=10)
        await client.aclose()
        backup = run_py("backup", str(copy), env=env_for(live), cwd=tmp_path)
        assert backup.returncode == 0, backup.stderr
        assert "(1 subscribers, " in backup.stdout
        before = digest(live)
        line = one_error_line(run_py("restore", str(copy), env=env_for(live), cwd=tmp_path))
        assert "is in use by another program (is the bot running? stop it first)" in line
        assert digest(live) == before
        assert not list(tmp_path.glob("*.before-restore-*"))
        bot.send_signal(signal.SIGINT)
        bot.communicate(timeout=20)
        assert bot.returncode == 0
        result = run_py("restore", str(copy), env=env_for(live), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert subscriber_ids(live) == [55]
    finally:
        for process in (bot, emulator):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()

