"""Configuration: settings from command-line flags, the environment and an optional .env file.

Precedence is flags > environment > .env > defaults. Every setting is checked here, once, and a
malformed one raises ConfigError with one line naming the setting and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
EMERGENCY_NUMBER_PATTERN = re.compile(r"^[0-9]{2,6}$")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it and says what is wrong."""


@dataclass(frozen=True)
class Config:
    """Every setting the bot reads, already checked."""

    token: str | None = None
    api_url: str = "https://api.telegram.org"
    database: Path = Path("data/bot.sqlite3")
    content_dir: Path = Path("content")
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    default_timezone: str = "UTC"
    emergency_number: str = "112"

    def __repr__(self) -> str:  # the token must never reach a log line through a repr
        token = "<set>" if self.token else "<unset>"
        return (
            f"Config(token={token}, api_url={self.api_url!r}, database={str(self.database)!r}, "
            f"content_dir={str(self.content_dir)!r}, admin_ids={sorted(self.admin_ids)}, "
            f"default_timezone={self.default_timezone!r}, emergency_number={self.emergency_number!r})"
        )


# setting name -> (Config field, parser)
def _parse_token(value: str) -> str | None:
    if value == "":
        return None
    if not TOKEN_PATTERN.match(value):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN: not a bot token (expected digits, a colon and letters, "
            "as BotFather gives it: 123456:ABC-DEF...)"
        )
    return value


def _parse_api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"TELEGRAM_API_URL: {value!r} is not an http(s) URL (example: https://api.telegram.org)"
        )
    return value.rstrip("/")


def _parse_path(name: str):
    def parse(value: str) -> Path:
        if not value.strip():
            raise ConfigError(f"{name}: must not be empty")
        return Path(value)

    return parse


def _parse_admin_ids(value: str) -> frozenset[int]:
    ids = set()
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ConfigError(
                f"BOT_ADMIN_IDS: {part!r} is not a numeric Telegram user id "
                "(expected comma-separated numbers, e.g. 12345,67890)"
            )
        ids.add(int(part))
    return frozenset(ids)


def parse_timezone_name(value: str, setting: str = "BOT_DEFAULT_TIMEZONE") -> str:
    """Return the IANA zone name if zoneinfo knows it, else raise ConfigError."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{setting}: unknown time zone {value!r} (expected an IANA name such as Europe/Berlin)"
        ) from None
    return value


def _parse_emergency_number(value: str) -> str:
    if not EMERGENCY_NUMBER_PATTERN.match(value):
        raise ConfigError(
            f"BOT_EMERGENCY_NUMBER: {value!r} is not a phone number (expected digits, e.g. 112, 911, 999)"
        )
    return value


SETTINGS = {
    "TELEGRAM_BOT_TOKEN": ("token", _parse_token),
    "TELEGRAM_API_URL": ("api_url", _parse_api_url),
    "BOT_DATABASE": ("database", _parse_path("BOT_DATABASE")),
    "BOT_CONTENT_DIR": ("content_dir", _parse_path("BOT_CONTENT_DIR")),
    "BOT_ADMIN_IDS": ("admin_ids", _parse_admin_ids),
    "BOT_DEFAULT_TIMEZONE": ("default_timezone", parse_timezone_name),
    "BOT_EMERGENCY_NUMBER": ("emergency_number", _parse_emergency_number),
}


def load_config(
    environ: Mapping[str, str],
    overrides: Mapping[str, str | None] | None = None,
    env_file: Path | None = Path(".env"),
) -> Config:
    """Build a Config from an .env file, the environment and overrides (by setting name)."""
    raw: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        raw.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    raw.update({k: v for k, v in environ.items() if k in SETTINGS})
    raw.update({k: v for k, v in (overrides or {}).items() if v is not None})
    values = {}
    for name, (attribute, parse) in SETTINGS.items():
        if name in raw:
            values[attribute] = parse(raw[name].strip())
    content_dir = values.get("content_dir", Config.content_dir)
    if not Path(content_dir).is_dir():
        raise ConfigError(f"BOT_CONTENT_DIR: {str(content_dir)!r} is not a folder")
    return Config(**values)
