"""Configuration: precedence, defaults, and one clear error per malformed setting."""

from pathlib import Path

import pytest

from bot.cli.main import build_parser
from bot.config import Config, ConfigError, env_name, flag_of, load_config, settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = str(ROOT / "content")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No setting from the machine running the tests leaks in."""
    for field in settings().values():
        monkeypatch.delenv(env_name(field), raising=False)
    yield monkeypatch


@pytest.fixture
def load(clean_environment):
    """Load a Config with these environment variables, flags (by field name) and .env file."""
    def load(env: dict, overrides: dict | None = None, env_file: Path | None = None) -> Config:
        for name, value in {"BOT_CONTENT_DIR": CONTENT, **env}.items():
            clean_environment.setenv(name, value)
        return load_config(overrides, env_file)
    return load


def test_defaults(load):
    config = load({})
    assert config.token is None
    assert config.api_url == "https://api.telegram.org"
    assert config.database == Path("data/bot.sqlite3")
    assert config.admin_ids == frozenset()
    assert config.default_timezone == "UTC"


def test_environment_values_are_read(load):
    config = load({"TELEGRAM_BOT_TOKEN": "123:abc_DEF-9", "TELEGRAM_API_URL": "http://127.0.0.1:9/",
                   "BOT_ADMIN_IDS": "1, 22,333", "BOT_DEFAULT_TIMEZONE": "Europe/Berlin"})
    assert config.token_text == "123:abc_DEF-9"
    assert config.api_url == "http://127.0.0.1:9"
    assert config.admin_ids == {1, 22, 333}
    assert config.default_timezone == "Europe/Berlin"


def test_flags_override_environment_which_overrides_env_file(load, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("BOT_DEFAULT_TIMEZONE=Asia/Tokyo\nBOT_ADMIN_IDS=5\nBOT_DATABASE=from-file.db\n")
    config = load({"BOT_ADMIN_IDS": "6", "BOT_DATABASE": "from-env.db"},
                  {"database": "from-flag.db"}, env_file)
    assert config.default_timezone == "Asia/Tokyo"
    assert config.admin_ids == {6}
    assert config.database == Path("from-flag.db")


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("BOT_ADMIN_IDS", "12,abc", "BOT_ADMIN_IDS: 'abc' is not a numeric Telegram user id"),
        ("BOT_ADMIN_IDS", "-5", "BOT_ADMIN_IDS: '-5' is not a numeric Telegram user id"),
        ("BOT_DEFAULT_TIMEZONE", "Mars/Olympus", "BOT_DEFAULT_TIMEZONE: unknown time zone 'Mars/Olympus'"),
        ("BOT_DEFAULT_TIMEZONE", "../etc/passwd", "BOT_DEFAULT_TIMEZONE: unknown time zone"),
        ("TELEGRAM_BOT_TOKEN", "not a token", "TELEGRAM_BOT_TOKEN: not a bot token"),
        ("TELEGRAM_API_URL", "ftp://example", "TELEGRAM_API_URL: 'ftp://example' is not an http(s) URL"),
        ("BOT_CONTENT_DIR", "/nonexistent/folder", "BOT_CONTENT_DIR: '/nonexistent/folder' is not a folder"),
        ("BOT_EMERGENCY_NUMBER", "call 911", "BOT_EMERGENCY_NUMBER: 'call 911' is not a phone number"),
    ],
)
def test_malformed_setting_names_itself(load, setting, value, expected):
    with pytest.raises(ConfigError) as raised:
        load({setting: value})
    message = str(raised.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_bad_token_error_does_not_echo_the_value(load):
    secret = "123456:SECRET part with spaces"
    with pytest.raises(ConfigError) as raised:
        load({"TELEGRAM_BOT_TOKEN": secret})
    assert "SECRET" not in str(raised.value)


def test_repr_hides_the_token(load):
    config = load({"TELEGRAM_BOT_TOKEN": "123:TOPSECRET"})
    assert "TOPSECRET" not in repr(config)
    assert "TOPSECRET" not in str(config)


def test_every_setting_has_a_flag_and_an_environment_name():
    parser_flags = {option for action in build_parser()._actions for option in action.option_strings}
    for name, field in settings().items():
        assert flag_of(field) in parser_flags, name
        assert env_name(field).isupper() and field.description, name


def test_the_readme_settings_table_lists_every_setting_as_declared():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for field in settings().values():
        default = "(none)" if field.default in (None, frozenset(), "") else f"`{field.default}`"
        row = f"| `{env_name(field)}` | `{flag_of(field)}` | {default} | {field.description} |"
        assert row in readme, row
