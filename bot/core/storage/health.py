"""The database file's health: checked at start-up, watched while running, and one exception for both.

At start-up (Storage.open) the file must be a SQLite database that passes `PRAGMA quick_check` and
that this process can write (a write in a transaction that is rolled back); whatever is wrong
becomes one DatabaseProblem naming the file, which run.py prints as one line before exiting 2.
While running, the file's identity (device and inode at open) is compared with what is at the path
now, one os.stat a dispatcher tick: a deleted or replaced file means every later write would land
in a file no one will ever read again, so the storage is halted instead (GuardedDatabase: SQLite's
query_only, and each refused write raises DatabaseProblem). Nothing here recreates a database.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

FileIdentity = tuple[int, int]  # (st_dev, st_ino) of the database file when it was opened

# SQLite's primary result codes (an extended code's low byte is its primary one)
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
SQLITE_READONLY_DIRECTORY = SQLITE_READONLY | (6 << 8)


class DatabaseProblem(Exception):
    """The database cannot be used safely: the message names the file and says what is wrong, in one line."""


class GuardedDatabase(Database):
    """A sqlite-utils Database that, once halted, writes nothing: SQLite refuses it, this raises DatabaseProblem."""

    halted: str | None = None

    def halt(self, reason: str) -> None:
        """Refuse every write from now on (reads go on); each refused write raises DatabaseProblem(reason)."""
        self.halted = reason
        self.conn.execute("pragma query_only = ON")

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Database.execute, with a write refused after halt() raised as DatabaseProblem."""
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as error:
            self._raise_if_refused(error)
            raise

    def executescript(self, sql: str) -> sqlite3.Cursor:
        """Database.executescript, with a write refused after halt() raised as DatabaseProblem."""
        try:
            return super().executescript(sql)
        except sqlite3.OperationalError as error:
            self._raise_if_refused(error)
            raise

    def _raise_if_refused(self, error: sqlite3.OperationalError) -> None:
        """Raise DatabaseProblem when the failed statement was a write refused because of halt()."""
        if self.halted is not None and _primary(error) == SQLITE_READONLY:
            raise DatabaseProblem(self.halted) from error


def guarded(db: Database) -> GuardedDatabase:
    """`db` itself when already guarded, else a GuardedDatabase on the same connection with the same options."""
    if isinstance(db, GuardedDatabase):
        return db
    guard = GuardedDatabase(db.conn, recursive_triggers=False, execute_plugins=False, strict=db.strict,
                            use_counts_table=db.use_counts_table, use_old_upsert=db.use_old_upsert)
    guard.memory, guard.memory_name = db.memory, db.memory_name
    return guard


def _primary(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error (None when sqlite3 gave none)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _reason(error: OSError) -> str:
    """'permission denied', 'read-only file system': the OS's words for an error, in lower case."""
    text = os.strerror(error.errno) if error.errno else str(error)
    return text[:1].lower() + text[1:]


def _cannot_open(path: Path) -> str:
    """Why SQLite could not open or create the file, asked of the operating system (SQLite keeps errno to itself)."""
    if path.is_dir():
        return f"{path} is a folder, not a database file"
    if path.exists():
        try:
            os.close(os.open(path, os.O_RDWR))
        except OSError as error:
            return f"{path} cannot be opened: {_reason(error)}"
        return f"{path} cannot be opened"
    try:  # O_EXCL: the probe only ever removes a file it created itself
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        return f"{path} cannot be created: {_reason(error)}"
    os.close(descriptor)
    path.unlink()
    return f"{path} cannot be created"


def describe(path: Path, error: sqlite3.Error) -> DatabaseProblem:
    """One DatabaseProblem naming the file for an error SQLite raised while opening or checking it."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = _primary(error)
    if primary in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return DatabaseProblem(f"{path} is not a database or is corrupted")
    if code == SQLITE_READONLY_DIRECTORY:
        return DatabaseProblem(f"{path} is read-only: its folder {path.parent} cannot be written")
    if primary == SQLITE_READONLY:
        return DatabaseProblem(f"{path} is read-only")
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseProblem(f"{path} is locked by another program")
    if primary == SQLITE_FULL:
        return DatabaseProblem(f"{path} cannot be written: the disk is full")
    if primary == SQLITE_CANTOPEN:
        return DatabaseProblem(_cannot_open(path))
    if primary == SQLITE_IOERR:
        return DatabaseProblem(f"{path} cannot be read or written: disk I/O error")
    return DatabaseProblem(f"{path} cannot be used: {error}")


@contextmanager
def named_problems(path: Path) -> Iterator[None]:
    """Turn what SQLite raises inside the block into one DatabaseProblem naming the file."""
    try:
        yield
    except sqlite3.Error as error:
        raise describe(path, error) from error


def prepare_problem(path: Path, error: OSError) -> DatabaseProblem:
    """The DatabaseProblem for a folder that could not be created on the way to the database."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return DatabaseProblem(f"{path} cannot be created: {folder} is a file, not a folder")
    if error.errno in (errno.EACCES, errno.EPERM):
        return DatabaseProblem(f"{path} cannot be created: permission denied")
    return DatabaseProblem(f"{path} cannot be created: {_reason(error)}")


def private_problem(path: Path, error: OSError) -> DatabaseProblem:
    """The DatabaseProblem for database files that are readable by others and cannot be made private."""
    name = error.filename or path
    return DatabaseProblem(f"{name} is readable by others and cannot be made private: {_reason(error)}")


def check_connection(db: Database, path: Path) -> None:
    """Raise DatabaseProblem unless the database passes `PRAGMA quick_check` and can be written."""
    with named_problems(path):
        result = [row[0] for row in db.conn.execute("pragma quick_check(1)").fetchall()]
        if result != ["ok"]:
            first = next((line for line in "\n".join(map(str, result)).splitlines()
                          if line and not line.startswith("***")), "?")
            raise DatabaseProblem(f"{path} is not a database or is corrupted (quick_check: {first[:120]})")
        # a real write, rolled back: BEGIN IMMEDIATE alone succeeds on a read-only file
        db.conn.execute("begin immediate")
        try:
            db.conn.execute("create table _health_probe (x)")
        finally:
            db.conn.execute("rollback")


def identity_of(path: Path) -> FileIdentity:
    """The file's (st_dev, st_ino): another file at the same path, or none, differs."""
    status = os.stat(path)
    return status.st_dev, status.st_ino


def file_problem(path: Path, identity: FileIdentity) -> str | None:
    """None while `path` is still the file opened (identity); else what happened to it. One os.stat."""
    try:
        now = identity_of(path)
    except (FileNotFoundError, NotADirectoryError):
        return f"{path} was deleted while the bot was running"
    except OSError:
        return None  # e.g. its folder made unreadable: the open file is still the real one, writes still land
    if now != identity:
        return f"{path} was replaced by another file while the bot was running"
    return None
