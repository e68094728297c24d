"""The bot's own user-facing texts: which names the code uses, and rendering them safely."""

from __future__ import annotations

import html
from string import Formatter


class Html(str):
    """A value that is already Telegram HTML and must not be escaped again."""


# Every text the code sends, with the placeholders it is given. The wording lives in
# content/texts.yaml; the loader refuses a missing name or a placeholder not listed here.
TEXT_PLACEHOLDERS: dict[str, frozenset[str]] = {
    name: frozenset(fields)
    for name, fields in {
        "welcome": {"first_name"},
        "disclaimer": {"emergency_number"},
        "consent_button": set(),
        "consented": {"first_name"},
        "welcome_back": {"first_name"},
        "help": set(),
        "about": {"sources"},
        "need_start": set(),
        "tip_unknown_category": {"category", "categories"},
        "tip_steps_label": set(),
        "tip_hold_label": set(),
        "tip_stop_label": set(),
        "stopped": set(),
        "already_stopped": set(),
        "delete_confirm": set(),
        "delete_yes_button": set(),
        "delete_no_button": set(),
        "deleted": set(),
        "delete_cancelled": set(),
        "private_only": set(),
        "unsupported_message": set(),
        "edited_message": set(),
        "unknown_command": {"command"},
        "stale_button": set(),
        "too_long": {"limit"},
        "no_answer": set(),
        "seek_care_reminder": set(),
        "topics_header": {"page", "pages"},
        "topics_previous_button": set(),
        "topics_next_button": set(),
        "topics_back_button": set(),
        "error": set(),
        "nudge_done_button": set(),
        "nudge_snooze_button": set(),
        "nudge_skip_button": set(),
        "nudge_done": set(),
        "nudge_snoozed": set(),
        "nudge_snooze_limit": set(),
        "nudge_skipped": set(),
        "settings_saved": {"summary"},
        "settings_error": {"error"},
        "schedule_none": set(),
        "time_usage": set(),
    }.items()
}

# Commands shown in Telegram's menu (setMyCommands), in this order; descriptions live in texts.yaml.
MENU_COMMANDS: tuple[str, ...] = ("topics", "tip", "help", "about", "stop", "delete", "start")


def placeholders(template: str) -> set[str]:
    """Return the {names} a template uses (raises ValueError on a malformed template)."""
    return {field for _, field, _, _ in Formatter().parse(template) if field is not None}


class Texts:
    """Named texts from content/texts.yaml, rendered with HTML-escaped values."""

    def __init__(self, texts: dict[str, str], commands: dict[str, str]) -> None:
        self._texts = dict(texts)
        self.commands = dict(commands)

    def __call__(self, name: str, **values: object) -> str:
        """Render text `name`, escaping every value that is not Html."""
        safe = {
            key: value if isinstance(value, Html) else html.escape(str(value), quote=False)
            for key, value in values.items()
        }
        return self._texts[name].format(**safe)

    def names(self) -> set[str]:
        """Return the names of all texts held."""
        return set(self._texts)
