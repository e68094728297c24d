"""Logging that can never print the bot token: every record is redacted when it is created."""

from __future__ import annotations

import logging
from typing import Any
import traceback

REDACTED = "[REDACTED-TOKEN]"
_secrets: set[str] = set()
_installed = False


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
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
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


def setup_logging(level: int = logging.INFO) -> None:
    """Configure console logging the way the bot wants it: quiet HTTP libraries, timestamps."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    # httpx logs every request URL, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
