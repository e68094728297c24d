"""BOT_LOG_FORMAT: JSON log lines (parsable, redacted, with the update's id), the text line as before,
a malformed value refused at start-up; and the container files' essentials."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from telegram import Update

from bot.logs import REDACTED, TEXT_FORMAT, JsonFormatter, LogFormat, formatter_for, protect_secret
from bot.tg.update_processor import PerChatUpdateProcessor
from tests.test_run_py import ROOT, clean_env, run_py

TOKEN = "987654:LOGFORMAT-secret_Token"


def capture(name: str, log_format: LogFormat = "json") -> tuple[logging.Logger, io.StringIO]:
    """A logger of its own writing to a string, formatted as the bot would."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter_for(log_format))
    logger = logging.getLogger(f"tests.log_format.{name}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def lines(stream: io.StringIO) -> list[dict]:
    """Every line written, parsed as JSON (fails on any line that is not)."""
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_parse_and_carry_the_fields():
    """Each line is a JSON object with time (UTC, ISO 8601), level, logger and message."""
    logger, stream = capture("fields")
    logger.info("hello %s", "world")
    logger.warning("second line with \"quotes\" and\nnewline, ünïcode")
    first, second = lines(stream)
    assert set(first) == {"time", "level", "logger", "message"}  # no update, no exception: no such fields
    assert first["level"] == "INFO" and second["level"] == "WARNING"
    assert first["logger"] == "tests.log_format.fields"
    assert first["message"] == "hello world"
    assert second["message"] == "second line with \"quotes\" and\nnewline, ünïcode"
    moment = datetime.fromisoformat(first["time"])
    assert moment.utcoffset() == timedelta(0)
    assert abs((datetime.now(moment.tzinfo) - moment).total_seconds()) < 60


def test_an_exception_is_one_string_field():
    """A logged exception is the whole traceback as one string field, exc_info."""
    logger, stream = capture("exception")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.exception("it failed")
    (entry,) = lines(stream)
    assert entry["message"] == "it failed"
    assert isinstance(entry["exc_info"], str)
    assert entry["exc_info"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in entry["exc_info"]


def test_the_token_is_redacted_in_message_and_exception():
    """The token is replaced in the message and inside the traceback."""
    protect_secret(TOKEN)
    logger, stream = capture("redacted")
    logger.info("calling https://api.telegram.org/bot%s/getMe", TOKEN)
    try:
        raise ConnectionError(f"cannot reach /bot{TOKEN}/getUpdates")
    except ConnectionError:
        logger.error("polling failed for %s", TOKEN, exc_info=True)
    output = stream.getvalue()
    assert TOKEN not in output and "LOGFORMAT-secret" not in output
    first, second = lines(stream)
    assert first["message"] == f"calling https://api.telegram.org/bot{REDACTED}/getMe"
    assert f"cannot reach /bot{REDACTED}/getUpdates" in second["exc_info"]


def test_the_formatter_redacts_even_a_record_the_factory_never_saw():
    """A record built by hand skips the redacting record factory; the JSON line is redacted all the same."""
    protect_secret(TOKEN)
    try:
        raise ValueError(f"token {TOKEN} inside")
    except ValueError:
        record = logging.LogRecord("raw", logging.ERROR, __file__, 1, f"message with {TOKEN}", None, sys.exc_info())
    record.stack_info = f"stack with {TOKEN}"
    line = JsonFormatter().format(record)
    assert TOKEN not in line
    entry = json.loads(line)
    assert entry["message"] == f"message with {REDACTED}"
    assert f"token {REDACTED} inside" in entry["exc_info"]
    assert REDACTED in entry["stack_info"]


async def test_the_update_id_is_logged_while_its_update_is_handled():
    """Lines logged while an update is handled carry its id; two at once each carry their own."""
    logger, stream = capture("update")
    processor = PerChatUpdateProcessor(4)
    both_started = asyncio.Barrier(2)

    async def handle(text: str) -> None:
        """Log once both updates are being handled."""
        await both_started.wait()  # the two updates are in flight at once
        logger.info(text)

    # PTB handles every update in a task of its own; so do we here
    await asyncio.gather(*(asyncio.create_task(processor.process_update(Update(update_id), handle(f"update {update_id}")))
                           for update_id in (41, 42)))
    logger.info("between updates")
    entries = {entry["message"]: entry for entry in lines(stream)}
    assert entries["update 41"]["update_id"] == 41
    assert entries["update 42"]["update_id"] == 42
    assert "update_id" not in entries["between updates"]


def test_an_explicit_update_id_wins():
    """An update_id passed in `extra` is logged as given."""
    logger, stream = capture("explicit")
    logger.info("with extra", extra={"update_id": 7})
    assert lines(stream)[0]["update_id"] == 7


def test_the_text_format_is_unchanged():
    """The text format is the line the bot always wrote."""
    logger, stream = capture("text", "text")
    assert TEXT_FORMAT == "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logger.info("plain %d", 1)
    line = stream.getvalue().rstrip("\n")
    assert line.endswith(" INFO tests.log_format.text: plain 1")
    datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")  # asctime as before


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_setup_logging_writes_the_chosen_format_to_stderr(log_format):
    """setup_logging writes the chosen format to standard error and keeps httpx quiet."""
    code = ("import logging; from bot.logs import setup_logging; "
            f"setup_logging(log_format={log_format!r}); logging.getLogger('probe').info('ready'); "
            "logging.getLogger('httpx').info('quiet')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    if log_format == "json":
        assert json.loads(line)["message"] == "ready"
    else:
        assert line.endswith(" INFO probe: ready")


def test_the_bot_logs_json_lines_without_the_token(tmp_path):
    """The real start-up path: run.py with a token, an unreachable API server and BOT_LOG_FORMAT=json."""
    env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL="http://127.0.0.1:9", BOT_LOG_FORMAT="json")
    result = run_py(env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert TOKEN not in result.stderr + result.stdout
    logged = [json.loads(line) for line in result.stderr.splitlines() if not line.startswith("error: ")]
    assert logged and logged[0]["logger"] == "bot.cli.runner" and logged[0]["message"].startswith("starting the bot")
    assert any("exc_info" in entry for entry in logged)
    assert result.stderr.splitlines()[-1].startswith("error: cannot reach http://127.0.0.1:9")


@pytest.mark.parametrize("args, env", [((), {"BOT_LOG_FORMAT": "xml"}), (("--log-format", "yaml"), {})])
def test_a_malformed_log_format_exits_2_with_one_line(tmp_path, args, env):
    """A value other than text or json stops start-up with one line and exit code 2."""
    result = run_py(*args, env=clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL="http://127.0.0.1:9", **env),
                    cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    value = env.get("BOT_LOG_FORMAT") or args[-1]
    assert line == f"configuration error: BOT_LOG_FORMAT: {value!r} is not a log format (expected text or json)"
    assert TOKEN not in result.stderr + result.stdout


def instructions(text: str) -> list[tuple[str, str]]:
    """A Dockerfile's instructions as (keyword, arguments), comments and continuations folded."""
    folded = text.replace("\\\n", " ")
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
            for line in (raw.strip() for raw in folded.splitlines()) if line and not line.startswith("#")]


def test_the_dockerfile_runs_as_a_user_stops_on_sigterm_and_keeps_data_in_a_volume():
    """The image runs as a non-root user, stops on SIGTERM and keeps data and content in volumes."""
    steps = instructions((ROOT / "Dockerfile").read_text(encoding="utf-8"))
    users = [arguments for keyword, arguments in steps if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert ("STOPSIGNAL", "SIGTERM") in steps
    volumes = " ".join(arguments for keyword, arguments in steps if keyword == "VOLUME")
    assert "/app/data" in volumes and "/app/content" in volumes
    assert any(keyword == "ENV" and "BOT_DATABASE=/app/data/bot.sqlite3" in arguments.split()
               for keyword, arguments in steps)
    assert steps[-1] == ("CMD", '["python", "run.py"]')


def test_dockerignore_keeps_secrets_data_and_the_venv_out():
    """.dockerignore keeps the token file, the database, the venv and git history out of the image."""
    ignored = {line.strip().strip("/") for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".env", "data", ".venv", ".git"} <= ignored
