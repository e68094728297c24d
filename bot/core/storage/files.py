"""The database's files on disk: a folder only the bot's user can enter, files only it can read.

Health data lives in these files, so a new data folder is created 0700 and the database and its
WAL and shared-memory files are kept 0600; a database found looser (made before this, or by hand)
is tightened at start-up with a warning. An existing folder the bot did not create (such as /tmp)
is left as it is: the files inside are what must be private.
"""

from __future__ import annotations

import logging
import stat
from pathlib import Path

logger = logging.getLogger(__name__)

FOLDER_MODE, FILE_MODE = 0o700, 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def prepare_folder(database: Path) -> None:
    """Create the database's folder (and any missing parents) readable by the bot's user alone."""
    missing = [folder for folder in (database.parent, *database.parent.parents) if not folder.exists()]
    database.parent.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        folder.chmod(FOLDER_MODE)


def tighten_files(database: Path, quiet: bool = False) -> list[Path]:
    """Take every permission beyond 0600 off the database and its side files (never add one: a file made
    read-only stays so, and start-up says it is); return those that were looser (each logged unless `quiet`:
    files SQLite has just created get the umask's mode, which is no one's mistake)."""
    loosened = []
    for path in (database, *(database.with_name(database.name + suffix) for suffix in SIDE_FILES)):
        if not path.exists():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~FILE_MODE:
            path.chmod(mode & FILE_MODE)  # raises PermissionError on a file of another user: said once, by the caller
            loosened.append(path)
            if not quiet:
                logger.warning("database file %s was readable by others (mode %o); tightened to %o",
                               path, mode, mode & FILE_MODE)
    return loosened
