"""`python run.py backup FILE` and `python run.py restore FILE`: a verified copy of the configured database
taken while the bot runs, and putting one back while it is stopped (the SQL is in bot/core/storage/backup.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.core.storage.backup import Contents, back_up, restore
from bot.core.storage.health import DatabaseProblem


def run_backup_command(args: argparse.Namespace, database: Path) -> int:
    """Run `backup` or `restore` on `database`: one line on stdout and 0, or one `error:` line on stderr and 2."""
    try:
        if args.command == "backup":
            contents = back_up(database, args.file, force=args.force)
            print(f"backup: {database} -> {args.file} ({describe(contents)})")
        else:
            restored = restore(args.file, database, datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))
            kept = f"; previous database kept as {restored.kept}" if restored.kept else ""
            print(f"restore: {args.file} -> {database} ({describe(restored.contents)}{kept})")
    except DatabaseProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    except OSError as error:  # anything the storage module did not name: still one line, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def describe(contents: Contents) -> str:
    """'3 subscribers, 5 due messages, integrity ok, 1.2 MB'."""
    return f"{contents.subscribers} subscribers, {contents.due} due messages, integrity ok, {size(contents.size)}"


def size(count: int) -> str:
    """A file size for people: '12 kB', '1.2 MB', '3.4 GB' (powers of 1024)."""
    if count < 1024 ** 2:
        return f"{max(1, round(count / 1024))} kB"
    if count < 1024 ** 3:
        return f"{count / 1024 ** 2:.1f} MB"
    return f"{count / 1024 ** 3:.1f} GB"
