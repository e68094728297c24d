"""The database's files are private to the bot's user: a new folder 0700, the files 0600, looser ones tightened."""

from __future__ import annotations

import logging
import stat
from datetime import UTC, datetime
from pathlib import Path

from bot.core.storage.store import Storage


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_and_its_files_are_private(tmp_path):
    database = tmp_path / "data" / "nested" / "bot.sqlite3"
    storage = Storage.open(database)
    storage.subscribe(1, "Alex", "en", "UTC", datetime(2026, 3, 2, tzinfo=UTC))
    assert mode(tmp_path / "data") == 0o700 and mode(tmp_path / "data" / "nested") == 0o700
    files = list(database.parent.iterdir())
    assert database in files and len(files) >= 2, files  # the database and its WAL side files
    assert all(mode(path) == 0o600 for path in files), {path.name: oct(mode(path)) for path in files}
    storage.close()


def test_an_existing_looser_database_is_tightened_with_a_warning(tmp_path, caplog):
    database = tmp_path / "bot.sqlite3"
    Storage.open(database).close()
    database.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        Storage.open(database).close()
    assert mode(database) == 0o600
    assert "readable by others" in caplog.text and "644" in caplog.text


def test_an_existing_folder_the_bot_did_not_create_is_left_alone(tmp_path):
    tmp_path.chmod(0o755)
    Storage.open(tmp_path / "bot.sqlite3").close()
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "bot.sqlite3") == 0o600
