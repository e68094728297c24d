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
        "help": {"schedule"},
        "help_schedule_default": set(),
        "help_schedule": {"schedule", "quiet"},
        "schedule_line": {"category", "times", "days"},
        "schedule_off_line": {"category"},
        "schedule_paused": {"until"},
        "schedule_quiet": {"start", "end"},
        "schedule_no_quiet": set(),
        "nudge_settings_button": set(),
        "setup_nudges": {"schedule"},
        "setup_hydration_button": {"count"},
        "setup_next_button": set(),
        "setup_skip_button": set(),
        "setup_day": {"start", "end", "schedule"},
        "setup_start_button": {"time"},
        "setup_end_button": {"time"},
        "setup_zone": {"zone", "local_time"},
        "setup_zone_button": {"zone", "local_time"},
        "setup_location_prompt": set(),
        "setup_location_button": set(),
        "setup_confirm": {"zone", "local_time"},
        "setup_yes_button": set(),
        "setup_no_button": set(),
        "setup_summary": {"zone", "schedule", "quiet"},
        "setup_all_off": set(),
        "settings_setup_button": set(),
        "engage_question": {"category"},
        "engage_fewer_button": set(),
        "engage_time_button": set(),
        "engage_pause_button": set(),
        "engage_keep_button": set(),
        "engage_changed": {"summary"},
        "engage_off": {"category"},
        "engage_time": {"category", "times"},
        "engage_earlier_button": set(),
        "engage_later_button": set(),
        "engage_choose_button": set(),
        "engage_in_quiet": set(),
        "engage_paused": {"category", "until"},
        "engage_kept": set(),
        "silent_pause": set(),
        "silent_resume_button": set(),
        "silent_back": set(),
        "routine_menu": set(),
        "routine_button": {"title", "minutes"},
        "routine_intro": {"title", "minutes", "count", "intro"},
        "routine_step": {"routine", "number", "count", "title", "how", "seconds", "times", "clock", "stop_if"},
        "routine_clock_running": {"left"},
        "routine_clock_paused": {"left"},
        "routine_clock_done": set(),
        "routine_next_button": set(),
        "routine_pause_button": set(),
        "routine_resume_button": set(),
        "routine_stop_button": set(),
        "routine_stopped": set(),
        "routine_where_you_were": {"title"},
        "routine_feedback": set(),
        "routine_better_button": set(),
        "routine_same_button": set(),
        "routine_worse_button": set(),
        "routine_better": set(),
        "routine_same": set(),
        "routine_worse": set(),
        "routine_nudge_button": {"minutes"},
        "routine_offer_button": {"title", "minutes"},
        "progress_routines": {"done", "better", "answered"},
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
        "offer_header": set(),
        "offer_none_button": set(),
        "menu_topics_button": set(),
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
        "nudge_already_noted": set(),
        "nudge_snoozed": set(),
        "nudge_snooze_limit": set(),
        "nudge_skipped": set(),
        "settings_saved": {"summary"},
        "settings_error": {"error"},
        "schedule_none": set(),
        "time_usage": set(),
        "progress": {"week", "month", "streak", "best"},
        "progress_line": {"category", "done", "skipped", "no_answer"},
        "progress_empty": set(),
        "settings_main": {"summary"},
        "settings_category_line": {"category", "summary"},
        "settings_category": {"category", "summary"},
        "settings_timezone": {"summary"},
        "settings_quiet": {"summary"},
        "settings_pause": {"summary"},
        "settings_on": set(),
        "settings_off": set(),
        "settings_every_day": set(),
        "settings_day_names": set(),
        "settings_quiet_none": set(),
        "settings_not_paused": set(),
        "settings_paused_until": set(),
        "settings_timezone_label": set(),
        "settings_quiet_label": set(),
        "settings_pause_label": set(),
        "settings_next_label": set(),
        "settings_selected_mark": set(),
        "settings_category_button": {"category"},
        "settings_timezone_button": set(),
        "settings_quiet_button": set(),
        "settings_pause_button": set(),
        "settings_done_button": set(),
        "settings_back_button": set(),
        "settings_turn_on_button": set(),
        "settings_turn_off_button": set(),
        "settings_quiet_off_button": set(),
        "settings_pause_2h_button": set(),
        "settings_pause_1d_button": set(),
        "settings_pause_3d_button": set(),
        "settings_pause_1w_button": set(),
        "settings_resume_button": set(),
        "settings_changed": set(),
        "settings_closed": set(),
        "settings_last_time": set(),
        "settings_last_day": set(),
        "settings_too_many_times": {"limit"},
    }.items()
}

# Commands shown in Telegram's menu (setMyCommands), in this order; descriptions live in texts.yaml.
MENU_COMMANDS: tuple[str, ...] = ("checkin", "routine", "topics", "tip", "progress", "history", "settings", "help", "about",
                                  "mydata", "stop", "delete", "start")


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
