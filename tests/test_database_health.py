"""The database's health: a corrupted, read-only or uncreatable database stops start-up with one line and exit
code 2; a database file deleted or replaced while the bot runs halts every write and alerts each admin once.

The permission faults must really fail, and root ignores file permissions: run as root, run.py is started
as the unprivileged user 'nobody' (setpriv, no supplementary groups) in a folder of its own under /tmp, so the
kernel refuses its writes as it would refuse the bot's user's; where nobody cannot run this interpreter, those
tests are skipped (test_the_writability_check_writes_for_real_even_as_root still covers the write probe)."""

from __future__ import annotations

import logging
import os
import pwd
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.core.content.loader import load_content
from bot.core.storage.health import DatabaseProblem, check_connection
from bot.core.storage.store import Storage
from bot.tg.sending.nudges import dispatch_due
from tests.harness import CONTENT, running_bot
from tests.test_run_py import ROOT, clean_env

TEXTS = load_content(CONTENT).texts
ADMINS = (7001, 7002)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


# --- start-up: run.py as a user runs it ---------------------------------------------------------------


@dataclass
class Place:
    """A folder for the database, and the user run.py runs as there (None: this process's own)."""

    folder: Path
    uid: int | None = None
    gid: int | None = None

    def own(self, *paths: Path) -> None:
        """Give files made by the test to the user run.py runs as."""
        if self.uid is not None and self.gid is not None:
            for path in paths:
                os.chown(path, self.uid, self.gid)

    def run(self, database: Path) -> subprocess.CompletedProcess:
        """Start the real bot (a token, an API server nobody listens on) against this database."""
        env = clean_env(TELEGRAM_BOT_TOKEN="123456:TEST", TELEGRAM_API_URL="http://127.0.0.1:9",
                        BOT_DATABASE=str(database), HOME=str(self.folder), MPLCONFIGDIR=str(self.folder / ".mpl"),
                        PYTHONDONTWRITEBYTECODE="1")
        return subprocess.run([*as_user(self.uid, self.gid), sys.executable, str(ROOT / "run.py")], env=env,
                              cwd=self.folder, capture_output=True, text=True, timeout=60)


def as_user(uid: int | None, gid: int | None) -> list[str]:
    """The command prefix that runs a program as this user with no supplementary groups ([] for this process's)."""
    return [] if uid is None else ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]


@cache
def nobody_runs_the_bot(uid: int, gid: int) -> bool:
    """Whether 'nobody' can start this interpreter and import the bot (its files may sit in root's home)."""
    probe = subprocess.run([*as_user(uid, gid), sys.executable, "-c", "import sqlite3, bot.cli.main"],
                           cwd="/", env=clean_env(PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT)),
                           capture_output=True, timeout=60)
    return probe.returncode == 0


@pytest.fixture
def place(tmp_path):
    """Where start-up faults are staged: tmp_path, or as root a folder 'nobody' owns (see the module's note)."""
    if os.geteuid() != 0:
        yield Place(tmp_path)
        return
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root, and there is no 'nobody' user to run run.py as")
    if shutil.which("setpriv") is None or not nobody_runs_the_bot(nobody.pw_uid, nobody.pw_gid):
        pytest.skip("running as root, and run.py cannot be run as 'nobody' here (root ignores file permissions)")
    folder = Path(tempfile.mkdtemp(prefix="database-health-"))
    try:
        folder.chmod(0o755)
        (folder / ".mpl").mkdir()
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        os.chown(folder / ".mpl", nobody.pw_uid, nobody.pw_gid)
        yield Place(folder, nobody.pw_uid, nobody.pw_gid)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def refused(result: subprocess.CompletedProcess) -> str:
    """The one line run.py printed on refusing to start, after checking it exited 2 with no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_corrupted_database_stops_start_up_with_one_line(place):
    database = place.folder / "bot.sqlite3"
    garbage = os.urandom(16384)
    database.write_bytes(garbage)
    database.chmod(0o600)
    place.own(database)
    assert refused(place.run(database)) == f"error: {database} is not a database or is corrupted"
    assert database.read_bytes() == garbage  # left as found: never recreated over


def test_a_read_only_database_stops_start_up_with_one_line(place):
    database = place.folder / "bot.sqlite3"
    Storage.open(database).close()
    before = database.read_bytes()
    place.own(database)
    database.chmod(0o400)
    assert refused(place.run(database)) == f"error: {database} is read-only"
    assert database.read_bytes() == before
    assert database.stat().st_mode & 0o777 == 0o400  # start-up takes permissions away, never adds them


@pytest.mark.parametrize("inside", ["bot.sqlite3", "data/bot.sqlite3"])
def test_a_database_in_a_folder_without_write_permission_stops_start_up_with_one_line(place, inside):
    locked = place.folder / "locked"
    locked.mkdir()
    place.own(locked)
    locked.chmod(0o555)
    database = locked / inside
    try:
        assert refused(place.run(database)) == f"error: {database} cannot be created: permission denied"
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []


# --- start-up: Storage.open in process ----------------------------------------------------------------


def test_pages_corrupted_inside_a_valid_file_fail_the_quick_check(tmp_path):
    database = tmp_path / "bot.sqlite3"
    Storage.open(database).close()
    with sqlite3.connect(database) as conn:
        conn.execute("create table filler (n, text)")
        conn.execute("create index filler_text on filler (text)")
        conn.executemany("insert into filler values (?, ?)", [(n, f"row {n} " * 8) for n in range(5000)])
    conn.close()
    with database.open("r+b") as file:  # the header stays valid: only pages in the middle are overwritten
        for page in (20, 40, 60):
            file.seek(page * 4096 + 200)
            file.write(b"\xff" * 3000)
    with pytest.raises(DatabaseProblem, match=f"^{re.escape(str(database))} is not a database or is corrupted \\(quick_check: "):
        Storage.open(database)


def test_a_folder_where_the_database_should_be_is_refused_and_left_alone(tmp_path):
    database = tmp_path / "bot.sqlite3"
    database.mkdir(mode=0o755)
    with pytest.raises(DatabaseProblem, match="is a folder, not a database file$"):
        Storage.open(database)
    assert database.stat().st_mode & 0o777 == 0o755


def test_a_file_where_the_data_folder_should_be_is_named(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(DatabaseProblem) as raised:
        Storage.open(tmp_path / "data" / "bot.sqlite3")
    assert str(raised.value) == f"{tmp_path / 'data' / 'bot.sqlite3'} cannot be created: {tmp_path / 'data'} is a file, not a folder"


def test_the_writability_check_writes_for_real_even_as_root(tmp_path):
    """A read-only connection (SQLite's mode=ro, which binds root too): BEGIN IMMEDIATE alone would pass."""
    database = tmp_path / "bot.sqlite3"
    Storage.open(database).close()
    db = Database(sqlite3.connect(f"file:{database}?mode=ro", uri=True))
    try:
        with pytest.raises(DatabaseProblem, match=f"^{re.escape(str(database))} is read-only$"):
            check_connection(db, database)
        assert not db.conn.in_transaction
    finally:
        db.close()
    writable = Database(database)
    check_connection(writable, database)  # passes, and leaves nothing behind
    assert "_health_probe" not in writable.table_names()
    writable.close()


# --- while running: the file deleted or replaced under the bot ----------------------------------------


async def subscribe(bot, user: int):
    """Start and consent, as a person does (an admin too: Telegram lets a bot write only to people who started it)."""
    chat = bot.chat(user)
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    return chat


def messages(chat) -> list[str]:
    """The texts of the messages in a chat so far."""
    return [event.get("text") or "" for event in chat.history() if event["kind"] == "message"]


async def halted_by(bot, tmp_path, caplog, fault, expected: str) -> None:
    """Apply `fault` to the running bot's database file; check the next ticks halt, alert, write nothing, crash nothing."""
    database = tmp_path / "bot.sqlite3"
    user = await subscribe(bot, 1001)
    admins = [await subscribe(bot, admin) for admin in ADMINS]
    due_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    pending = [due.id for due in bot.storage.due(due_at)]
    assert pending, "subscribing plans the first nudge"
    sent_before = len(messages(user))
    fault(database)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        bot.clock.set(due_at)
        assert await dispatch_due(bot.app) == 0
        assert await dispatch_due(bot.app) == 0  # a second tick: still halted, no second alert
    assert bot.storage.halted is not None and expected in bot.storage.halted
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1 and expected in errors[0].getMessage()
    for admin in admins:
        alerts = await admin.replies(expect=1)
        assert len(alerts) == 1 and expected in alerts[0]["text"] and "stopped writing" in alerts[0]["text"]
    # nothing was claimed or sent: the nudge is still pending, the subscriber got nothing
    assert [due.id for due in bot.storage.due(due_at)] == pending
    assert len(messages(user)) == sent_before
    # a write is refused with the problem, and a handler that writes ends in the usual apology
    with pytest.raises(DatabaseProblem, match=re.escape(expected)):
        bot.storage.record_tip_view(1001, "p1", "posture", due_at)
    [reply] = await user.send("/tip")
    assert reply["text"] == TEXTS("error")
    assert await dispatch_due(bot.app) == 0
    for admin in admins:
        assert len([text for text in messages(admin) if "Database problem" in text]) == 1


async def test_a_database_deleted_while_running_halts_writes_and_alerts_admins_once(tmp_path, caplog):
    database = tmp_path / "bot.sqlite3"
    async with running_bot(tmp_path, admin_ids=frozenset(ADMINS)) as bot:
        await halted_by(bot, tmp_path, caplog, os.remove, f"{database} was deleted while the bot was running")
    assert not database.exists()  # never recreated, not even at shutdown


async def test_a_database_replaced_while_running_halts_writes_and_alerts_admins_once(tmp_path, caplog):
    database = tmp_path / "bot.sqlite3"
    replacement = tmp_path / "other.sqlite3"
    Storage.open(replacement).close()
    fresh = replacement.read_bytes()

    def replace(path: Path) -> None:
        os.replace(replacement, path)

    async with running_bot(tmp_path, admin_ids=frozenset(ADMINS)) as bot:
        await halted_by(bot, tmp_path, caplog, replace, f"{database} was replaced by another file while the bot was running")
        assert database.read_bytes() == fresh  # the new file got none of the old one's writes
    assert database.read_bytes() == fresh  # not at shutdown either


async def test_a_healthy_database_is_not_halted(tmp_path):
    async with running_bot(tmp_path, admin_ids=frozenset(ADMINS)) as bot:
        assert bot.storage.file_problem() is None
        await dispatch_due(bot.app)
        assert bot.storage.halted is None
        assert messages(bot.chat(ADMINS[0])) == []
