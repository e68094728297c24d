"""Backing the database up while the bot runs, and restoring a backup while it is stopped.

A backup is SQLite's online backup API in one step: one read transaction on the live database, so the
copy is a consistent snapshot of every commit before it began, while the bot (in WAL mode) goes on
writing. The copy is written to a temporary file beside the target, switched to a single self-contained
file (journal mode DELETE), verified (`verify`), made 0600 and only then renamed into place.

`verify` is the same check for a backup just taken and for one about to be restored: the file opens
read-only as a SQLite database, passes `PRAGMA integrity_check`, and is this bot's database (the
migrations table with this bot's migration set, the subscribers and due-messages tables).

Restoring first proves that nobody holds the live database: a connection in `locking_mode=EXCLUSIVE`
asks for `BEGIN EXCLUSIVE`. Every WAL connection that has read the database (the bot reads at start-up
and keeps its connection open) holds a SHARED lock on the file until it closes, so the request is
refused while the bot runs, idle or not (a plain BEGIN EXCLUSIVE is not enough in WAL mode: it only
excludes writers). Once granted, exclusive locking mode keeps the lock until the restore is done, so
the bot cannot start half-way. The current database is kept beside itself as
`<db>.before-restore-<timestamp>` (0600), then the backup is copied in with the backup API, under
SQLite's own rollback journal; stale -wal and -shm files go while the lock is still held.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.core.storage.due import PENDING
from bot.core.storage.files import FILE_MODE, SIDE_FILES, prepare_folder, tighten_files
from bot.core.storage.health import (SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_LOCKED, SQLITE_NOTADB, DatabaseProblem,
                                     named_problems, prepare_problem)
from bot.core.storage.store import migrations

READ_TIMEOUT = 10.0  # seconds a backup waits for a read lock (only a database in rollback mode makes it wait)
LOCK_TIMEOUT = 1.0  # seconds a restore waits for the exclusive lock before saying the database is in use
PROJECT_TABLES = (migrations.migrations_table, "subscribers", "due_messages")


@dataclass(frozen=True)
class Contents:
    """What a verified database holds: subscribers, pending due messages, and its size on disk in bytes."""

    subscribers: int
    due: int
    size: int


@dataclass(frozen=True)
class Restored:
    """The outcome of a restore: what the database now holds, and where the one it replaced was kept."""

    contents: Contents
    kept: Path | None


def verify(path: Path) -> Contents:
    """Check `path` read-only: it passes integrity_check and is this bot's database, else DatabaseProblem."""
    if not path.is_file():
        raise DatabaseProblem(f"no database file at {path}")
    with named_problems(path), closing(_connect(path, read_only=True)) as conn:
        result = [str(row[0]) for row in conn.execute("pragma integrity_check(10)").fetchall()]
        if result != ["ok"]:
            first = next((line for line in "\n".join(result).splitlines() if line and not line.startswith("***")),
                         "?")
            raise DatabaseProblem(f"{path} is corrupted (integrity_check: {first[:120]})")
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        missing = [table for table in PROJECT_TABLES if table not in tables]
        if missing or not conn.execute(f"select 1 from {migrations.migrations_table} where migration_set = ?",
                                       [migrations.name]).fetchone():
            raise DatabaseProblem(f"{path} is a SQLite database but not this bot's "
                                  f"(no {', '.join(missing) or migrations.name + ' migrations'})")
        subscribers = conn.execute("select count(*) from subscribers").fetchone()[0]
        due = conn.execute("select count(*) from due_messages where status = ?", [PENDING]).fetchone()[0]
    return Contents(subscribers, due, path.stat().st_size)


def back_up(database: Path, target: Path, force: bool = False) -> Contents:
    """Copy the live database to `target` through a verified 0600 temporary file beside it (DatabaseProblem)."""
    if not database.is_file():
        raise DatabaseProblem(f"no database at {database} (set BOT_DATABASE or --database)")
    if target.is_dir():
        raise DatabaseProblem(f"{target} is a folder: name the backup file")
    if target.exists() and not force:
        raise DatabaseProblem(f"{target} already exists (use --force to overwrite it)")
    if not target.parent.is_dir():
        raise DatabaseProblem(f"{target} cannot be created: no folder {target.parent}")
    if _same_file(database, target):
        raise DatabaseProblem(f"{target} is the database itself")
    with _os_problems(target):
        descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)  # 0600
    os.close(descriptor)
    temporary = Path(name)
    try:
        with named_problems(database), closing(_connect(database, read_only=True, timeout=READ_TIMEOUT)) as source:
            source.execute("select count(*) from sqlite_master").fetchone()  # a damaged header is named as the source's
            with closing(_connect(temporary)) as copy:
                with named_problems(target):
                    source.backup(copy)  # pages=-1: one step, one read transaction, one consistent snapshot
                    copy.execute("pragma journal_mode = delete")  # one self-contained file, no -wal beside it
        try:
            contents = verify(temporary)
        except DatabaseProblem as problem:
            message = str(problem).replace(str(temporary), "the copy")
            raise DatabaseProblem(f"{database} was copied but {message}; {target} was not written") from problem
        with _os_problems(target):
            _sync(temporary)
            os.chmod(temporary, FILE_MODE)
            if force:
                os.replace(temporary, target)
            else:
                _place_new(temporary, target)
            _sync(target.parent)
        return contents
    except FileExistsError:
        raise DatabaseProblem(f"{target} already exists (use --force to overwrite it)") from None
    finally:
        _remove(temporary, *_side_files(temporary))


def restore(backup: Path, database: Path, stamp: str) -> Restored:
    """Verify `backup`, lock `database` (DatabaseProblem if in use), keep a copy of it, then copy the backup in."""
    verify(backup)
    if _same_file(database, backup):
        raise DatabaseProblem(f"{backup} is the database itself")
    if database.exists() and not database.is_file():
        raise DatabaseProblem(f"{database} is not a database file")
    kept, fresh = None, not database.exists() or database.stat().st_size == 0  # an empty file holds nothing to keep
    if not database.exists():
        try:
            prepare_folder(database)
            os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        except OSError as error:
            raise prepare_problem(database, error) from error
    elif _unreadable(database):  # no header to lock through; the bot refuses to start on it (Storage.open)
        kept, fresh = _set_aside(database, stamp), True
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    with named_problems(database), _exclusively(database) as live:
        if not fresh:
            kept = _keep_copy(live, database, stamp)
        live.execute("pragma journal_mode = delete")  # checkpoints and drops any -wal; the copy below is journaled
        with closing(_connect(backup, read_only=True)) as source:
            source.backup(live)
        live.execute("pragma journal_mode = delete")  # the backup's header may say WAL: the bot switches at start
        _remove(*_side_files(database, ("-wal", "-shm")))  # stale: the lock proves no one maps them
    tighten_files(database, quiet=True)
    return Restored(verify(database), kept)


def _place_new(temporary: Path, target: Path) -> None:
    """Rename `temporary` to `target` unless a file appeared there meanwhile (link() never overwrites)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temporary, target)


def _connect(path: Path, read_only: bool = False, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection in autocommit mode; read-only ones through a URI, so they never create the file."""
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    return sqlite3.connect(path, timeout=timeout, isolation_level=None)


@contextmanager
def _exclusively(database: Path) -> Iterator[sqlite3.Connection]:
    """A connection holding the database's exclusive lock until the block ends; DatabaseProblem when in use."""
    conn = _connect(database, timeout=LOCK_TIMEOUT)
    try:
        conn.execute("pragma locking_mode = exclusive")  # the lock stays after COMMIT, until close
        try:
            conn.execute("begin exclusive")
            conn.execute("commit")
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            if code in (SQLITE_BUSY, SQLITE_LOCKED):
                raise DatabaseProblem(f"{database} is in use by another program (is the bot running? stop it "
                                      f"first); nothing was restored") from error
            raise
        yield conn
    finally:
        conn.close()


def _keep_copy(live: sqlite3.Connection, database: Path, stamp: str) -> Path:
    """Copy the live database (through its connection, -wal included) to `<db>.before-restore-<stamp>`, 0600."""
    kept = _free_name(database, stamp)
    os.close(os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        with named_problems(kept), closing(_connect(kept)) as copy:
            live.backup(copy)
            copy.execute("pragma journal_mode = delete")
        _sync(kept)
    except BaseException:
        _remove(kept, *_side_files(kept))
        raise
    return kept


def _set_aside(database: Path, stamp: str) -> Path:
    """Rename a database SQLite cannot read (and its side files) to `<db>.before-restore-<stamp>`."""
    kept = _free_name(database, stamp)
    with _os_problems(database):
        for suffix in ("", *SIDE_FILES):
            if (old := database.with_name(database.name + suffix)).exists():
                os.replace(old, kept.with_name(kept.name + suffix))
    return kept


def _unreadable(database: Path) -> bool:
    """True when SQLite says the file is not a database at all (so it has no header to lock through)."""
    try:
        with closing(_connect(database, read_only=True)) as conn:
            conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        return getattr(error, "sqlite_errorcode", 0) & 0xFF in (SQLITE_NOTADB, SQLITE_CORRUPT)
    return False


def _free_name(database: Path, stamp: str) -> Path:
    """`<db>.before-restore-<stamp>`, with -2, -3... when a restore in the same second already took it."""
    base = database.with_name(f"{database.name}.before-restore-{stamp}")
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def _same_file(one: Path, other: Path) -> bool:
    """True when both paths name the same existing file."""
    try:
        return one.exists() and other.exists() and os.path.samefile(one, other)
    except OSError:
        return False


def _side_files(path: Path, suffixes: tuple[str, ...] = SIDE_FILES) -> list[Path]:
    """The -wal, -shm and -journal files SQLite may keep beside `path`."""
    return [path.with_name(path.name + suffix) for suffix in suffixes]


def _remove(*paths: Path) -> None:
    """Delete the files that exist."""
    for path in paths:
        path.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    """fsync a file or a folder, so a rename or a copy survives a power cut."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def _os_problems(path: Path) -> Iterator[None]:
    """Turn an OSError inside the block into one DatabaseProblem naming the file."""
    try:
        yield
    except FileExistsError:
        raise
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise DatabaseProblem(f"{path} cannot be written: {reason[:1].lower() + reason[1:]}") from error

