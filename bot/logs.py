"""Logging that can never print the bot token: every record is redacted when it is created.

Two formats: `text` (a line for people) and `json` (one object a line, for log collectors). The JSON
line is redacted once more as a whole, so nothing the formatter adds can carry the token either.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal
import traceback

REDACTED = "[REDACTED-TOKEN]"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")
_secrets: set[str] = set()
_installed = False

# The Telegram update being handled, set per update by bot/tg/update_processor.py. Each update is
# handled in its own asyncio task, and a task works on its own copy of the context, so concurrent
# updates never see each other's id. Tasks an update's handler starts inherit it (they work for that
# update); so would a job scheduled from inside a handler, which none is today.
current_update_id: ContextVar[int | None] = ContextVar("current_update_id", default=None)


def redact(text: str) -> str:
    """Replace every registered secret in text."""
    for secret in _secrets:
        text = text.replace(secret, REDACTED)
    return text


def protect_secret(secret: str | None) -> None:
    """Register a secret (the bot token) so no log record created from now on contains it."""
    global _installed
    if secret:
        _secrets.add(secret)
    if not _installed:
        _install_record_factory()
        _installed = True


def _install_record_factory() -> None:
    """Wrap the record factory so each record is redacted as it is created."""
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        """Create the record as before, then redact its message, traceback and stack."""
        record = previous(*args, **kwargs)
        if not _secrets:
            return record
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    logging.setLogRecordFactory(factory)


def set_update_id(update: object) -> None:
    """Name the update being handled (its `update_id`, if it has one) in this task's log lines."""
    update_id = getattr(update, "update_id", None)
    current_update_id.set(update_id if isinstance(update_id, int) else None)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message, update_id, exc_info."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as one line of JSON, redacted as a whole."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id = getattr(record, "update_id", None)
        if update_id is None:
            update_id = current_update_id.get()
        if update_id is not None:
            entry["update_id"] = update_id
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:  # the record factory has already turned the exception into redacted text
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        entry = {key: redact(value) if isinstance(value, str) else value for key, value in entry.items()}
        return redact(json.dumps(entry, default=str))


def formatter_for(log_format: LogFormat) -> logging.Formatter:
    """The formatter for a log format: today's text line, or one JSON object a line."""
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def setup_logging(level: int = logging.INFO, log_format: LogFormat = "text") -> None:
    """Configure console logging the way the bot wants it: quiet HTTP libraries, timestamps, text or JSON."""
    handler = logging.StreamHandler()  # standard error, as before
    handler.setFormatter(formatter_for(log_format))
    logging.basicConfig(handlers=[handler], level=level)
    # httpx logs every request URL, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
