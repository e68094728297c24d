"""Configuration: one declaration of every setting (pydantic-settings), read from flags, the environment and .env.

Precedence is flags > environment > .env > defaults. Each field names its environment variable, its
command-line flag and what it means; the flags, the checks and the README's settings table all come
from `Config`. A malformed setting raises ConfigError with one line naming it and what is wrong. The
token is a SecretStr, so no repr, log line or error message can show it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, cast
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from bot.logs import LOG_FORMATS, LogFormat

TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
MAX_PAID_RATE = 1000  # Telegram's ceiling for paid broadcasts, messages a second
EMERGENCY_NUMBER_PATTERN = re.compile(r"^[0-9]{2,6}$")
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it and says what is wrong."""


def setting(default: Any, env: str, flag: str, meaning: str) -> Any:
    """A field read from the environment variable `env` and the command-line `flag`."""
    return Field(default, validation_alias=env, description=meaning, json_schema_extra={"flag": flag})


class Config(BaseSettings):
    """Every setting the bot reads, already checked."""

    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, extra="ignore", hide_input_in_errors=True)

    token: SecretStr | None = setting(None, "TELEGRAM_BOT_TOKEN", "--token",
                                      "the bot's token from @BotFather (none: the playground)")
    api_url: str = setting("https://api.telegram.org", "TELEGRAM_API_URL", "--api-url",
                           "Bot API server; the bot calls `{URL}/bot{token}/{method}`")
    database: Path = setting(Path("data/bot.sqlite3"), "BOT_DATABASE", "--database", "SQLite file (its folder is created)")
    content_dir: Path = setting(Path("content"), "BOT_CONTENT_DIR", "--content-dir", "where tips and texts live")
    drawings_dir: Path | None = setting(None, "BOT_DRAWINGS_DIR", "--drawings-dir",
                                        "where the drawings of stretches are cached (drawn from content/poses.yaml; "
                                        "safe to delete); none: a `drawings` folder beside the database")
    admin_ids: Annotated[frozenset[int], NoDecode] = setting(frozenset(), "BOT_ADMIN_IDS", "--admin-ids",
                                                              "comma-separated Telegram user ids of operators")
    default_timezone: str = setting("UTC", "BOT_DEFAULT_TIMEZONE", "--timezone", "IANA time zone given to new subscribers")
    emergency_number: str = setting("112", "BOT_EMERGENCY_NUMBER", "--emergency-number",
                                    "the emergency number safety messages name")
    unanswered_days: int = setting(90, "BOT_UNANSWERED_DAYS", "--unanswered-days",
                                   "days unanswered questions are kept (without who asked, personal details removed)")
    paid_broadcast_rate: int = setting(0, "BOT_PAID_BROADCAST_RATE", "--paid-broadcast-rate",
                                       "messages a second for scheduled sends as paid broadcasts (Telegram Stars, "
                                       "up to 1000); 0: off, the free ~30 a second")
    send_rate: int = setting(29, "BOT_SEND_RATE", "--send-rate",
                             "requests a second the bot sends at most, replies included (Telegram allows about 30; "
                             "raise it only against a Bot API server without limits, such as a benchmark's)")
    support_contact: str = setting("", "BOT_SUPPORT_CONTACT", "--support-contact",
                                   "how to reach a person at the clinic (phone, email or @username), offered to "
                                   "someone frustrated with the bot; none: not offered")
    log_format: LogFormat = setting("text", "BOT_LOG_FORMAT", "--log-format",
                                    "log lines as `text` (for people) or `json` (one object a line: time, level, "
                                    "logger, message, update_id, exc_info)")
    listen: str = setting("127.0.0.1:8080", "BOT_LISTEN", "--listen",
                          "host:port of the operators' HTTP endpoints (`/healthz`, `/metrics`); empty: off")
    webhook_url: str = setting("", "BOT_WEBHOOK_URL", "--webhook-url",
                               "public URL Telegram POSTs updates to (http(s)://host[:port]/path; a TLS reverse "
                               "proxy forwards its path to BOT_LISTEN); empty: long polling")
    webhook_secret: SecretStr | None = setting(None, "BOT_WEBHOOK_SECRET", "--webhook-secret",
                                               "secret Telegram sends with each webhook update (1-256 of "
                                               "A-Z a-z 0-9 _ -); required with BOT_WEBHOOK_URL")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flags (passed as init values) over the environment over .env; no secrets directory."""
        return init_settings, env_settings, dotenv_settings

    @field_validator("token", mode="before")
    @classmethod
    def _token(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and not TOKEN_PATTERN.match(value.strip()):
            raise ValueError("not a bot token (expected digits, a colon and letters, as BotFather gives it: "
                             "123456:ABC-DEF...)")
        return value.strip() if isinstance(value, str) else value

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        parsed = urlparse(value.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL (example: https://api.telegram.org)")
        return value.strip().rstrip("/")

    @field_validator("database", "content_dir", "drawings_dir", mode="before")
    @classmethod
    def _path(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("content_dir")
    @classmethod
    def _folder(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"{str(value)!r} is not a folder")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        ids = set()
        for part in (part.strip() for part in value.split(",")):
            if part and not part.isdigit():
                raise ValueError(f"{part!r} is not a numeric Telegram user id (expected comma-separated numbers, "
                                 "e.g. 12345,67890)")
            if part:
                ids.add(int(part))
        return frozenset(ids)

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        return zone_name(value.strip())

    @field_validator("emergency_number")
    @classmethod
    def _emergency_number(cls, value: str) -> str:
        if not EMERGENCY_NUMBER_PATTERN.match(value.strip()):
            raise ValueError(f"{value!r} is not a phone number (expected digits, e.g. 112, 911, 999)")
        return value.strip()

    @field_validator("unanswered_days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> int:
        return whole_number(value, 1, 3650, "a number of days from 1 to 3650")

    @field_validator("send_rate", mode="before")
    @classmethod
    def _send_rate(cls, value: Any) -> int:
        return whole_number(value, 1, 1_000_000, "a number of requests a second from 1 to 1000000")

    @field_validator("paid_broadcast_rate", mode="before")
    @classmethod
    def _paid_rate(cls, value: Any) -> int:
        return whole_number(value, 0, MAX_PAID_RATE, f"a number of messages a second from 0 (off) to {MAX_PAID_RATE}")

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: Any) -> Any:
        """Accept `text` or `json` (any case, surrounding spaces ignored)."""
        text = str(value).strip().lower()
        if text not in LOG_FORMATS:
            raise ValueError(f"{value!r} is not a log format (expected {' or '.join(LOG_FORMATS)})")
        return text

    @field_validator("listen", mode="before")
    @classmethod
    def _listen(cls, value: Any) -> Any:
        """Accept `host:port` (port 1 to 65535) or an empty string (off)."""
        text = str(value).strip()
        if not text:
            return ""
        host, _, port = text.rpartition(":")
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ValueError(f"{value!r} is not host:port (e.g. 127.0.0.1:8080; empty: off)")
        return text

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _webhook_url(cls, value: Any) -> Any:
        """Accept http(s)://host[:port]/path or an empty string (long polling)."""
        text = str(value).strip()
        if not text:
            return ""
        parsed = urlparse(text)
        try:
            port_ok = parsed.port is None or 1 <= parsed.port <= 65535
        except ValueError:
            port_ok = False
        if (parsed.scheme not in ("http", "https") or not parsed.hostname or not port_ok
                or len(parsed.path) < 2 or parsed.query or parsed.fragment or parsed.username or parsed.password):
            raise ValueError(f"{value!r} is not http(s)://host[:port]/path (e.g. https://bot.example.org/telegram; "
                             "empty: long polling)")
        return text

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret(cls, value: Any) -> Any:
        """Accept 1 to 256 of A-Z a-z 0-9 _ - (what Telegram allows), or nothing; never echo the value."""
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(text, str) and not text.strip():
            return None
        if isinstance(text, str) and not WEBHOOK_SECRET_PATTERN.match(text.strip()):
            raise ValueError("not a webhook secret (expected 1 to 256 characters of A-Z, a-z, 0-9, _ and -)")
        return text.strip() if isinstance(text, str) else value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Config:
        """A webhook URL without a secret would accept updates from anyone."""
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("BOT_WEBHOOK_SECRET: required when BOT_WEBHOOK_URL is set (1 to 256 characters "
                             "of A-Z, a-z, 0-9, _ and -)")
        return self

    @property
    def webhook_path(self) -> str:
        """The path of the webhook URL (where the listener accepts updates), empty in polling mode."""
        return urlparse(self.webhook_url).path if self.webhook_url else ""

    @property
    def webhook_secret_text(self) -> str | None:
        """The webhook secret itself, for setWebhook and the check of each POST."""
        return self.webhook_secret.get_secret_value() if self.webhook_secret is not None else None

    @property
    def listen_address(self) -> tuple[str, int] | None:
        """The (host, port) the HTTP endpoints listen on, or None when they are off."""
        if not self.listen:
            return None
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def token_text(self) -> str | None:
        """The token itself, for the one place that needs it: building the Telegram client."""
        return self.token.get_secret_value() if self.token is not None else None


def whole_number(value: Any, low: int, high: int, what: str) -> int:
    """A setting's whole number within [low, high], or ValueError naming what it must be."""
    text = str(value).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{value!r} is not {what}")
    return int(text)


def zone_name(value: str) -> str:
    """Return the IANA zone name if zoneinfo knows it, else raise ValueError."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (expected an IANA name such as Europe/Berlin)") from None
    return value


def parse_timezone_name(value: str, setting: str = "BOT_DEFAULT_TIMEZONE") -> str:
    """Return the IANA zone name if zoneinfo knows it, else raise ConfigError naming the setting."""
    try:
        return zone_name(value)
    except ValueError as error:
        raise ConfigError(f"{setting}: {error}") from None


def settings() -> dict[str, FieldInfo]:
    """Every setting's field, by attribute name, in declaration order."""
    return dict(Config.model_fields)


def env_name(field: FieldInfo) -> str:
    """The environment variable a setting is read from."""
    return str(field.validation_alias)


def flag_of(field: FieldInfo) -> str:
    """The command-line flag that sets a setting."""
    extra = field.json_schema_extra
    return str(extra["flag"]) if isinstance(extra, dict) else ""


def load_config(overrides: dict[str, str | None] | None = None, env_file: Path | None = Path(".env")) -> Config:
    """Build a Config from flags (by environment name, None when not given), the environment and the .env file."""
    given: dict[str, Any] = {name: value for name, value in (overrides or {}).items() if value is not None}
    try:
        return Config(_env_file=env_file if env_file is not None and env_file.is_file() else None,  # type: ignore[call-arg]
                      **given)
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"]:  # a check across settings (model validator): its message names the setting
            raise ConfigError(message.splitlines()[0]) from None
        name = str(first["loc"][0])
        fields = settings()
        env = env_name(fields[name]) if name in fields else name
        raise ConfigError(f"{env}: {message}") from None


class _ContentFolder(BaseSettings):
    """Only where the content lives, for commands that need nothing else (not even a valid token)."""

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    # Config's own field (same environment name and default); pydantic takes a FieldInfo as the default
    content_dir: Path = cast(Path, Config.model_fields["content_dir"])


def content_folder(flag: str | None, env_file: Path | None = Path(".env")) -> Path:
    """The content folder as the bot would find it: flag > environment > .env > content/ (not checked)."""
    given: dict[str, Any] = {"content_dir": flag} if flag else {}
    folder = _ContentFolder(_env_file=env_file if env_file is not None and env_file.is_file() else None,  # type: ignore[call-arg]
                            **given)
    return folder.content_dir
