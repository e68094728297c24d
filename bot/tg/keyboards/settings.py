"""The /settings menu's views: each one a text showing the current values and an inline keyboard
that changes them. Pure: settings in, (text, keyboard) out; labels and wording come from texts.

Button payloads (callback_data), all starting with SETTINGS_BUTTON and at most 64 bytes:
  s:main                     the main view
  s:cat:<category>           a category's view
  s:on:<category>            switch the category on or off
  s:time:<category>:<HH:MM>  add or remove this time
  s:day:<category>:<0-6>     add or remove this weekday (0 = Monday)
  s:tz  /  s:tz:<zone>       the time zone view / choose this zone
  s:quiet  /  s:quiet:<key>  the quiet hours view / choose a preset (a QUIET_PRESETS key)
  s:pause  /  s:pause:<key>  the pause view / pause for a PAUSES key
  s:resume                   end a pause now
  s:done                     close the menu (the keyboard goes away)
  s:open:<category>          a category's view in a new message (the ⚙️ button under a nudge)
The "Quick setup" button runs the first steps again (o:go:nudges, bot/tg/keyboards/setup.py).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.content.texts import Html, Texts
from bot.tg.keyboards.callbacks import SETTINGS_BUTTON, SETUP_BUTTON
from scheduler.settings import CATEGORIES, NudgeSettings

PAYLOAD_LIMIT = 64  # bytes, Telegram's limit on callback_data

COMMON_TIMES = tuple(time.fromisoformat(t) for t in (
    "07:00", "08:00", "09:00", "09:30", "10:00", "10:30", "12:00", "13:30", "15:00", "16:00", "18:00", "18:30",
    "20:00"))
COMMON_ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo",
                "Australia/Sydney", "UTC")
NO_QUIET = (time(0), time(0))
QUIET_PRESETS = {
    "22:00-07:00": (time(22), time(7)),
    "23:00-07:00": (time(23), time(7)),
    "21:00-08:00": (time(21), time(8)),
    "off": NO_QUIET,
}
PAUSES = {"2h": timedelta(hours=2), "1d": timedelta(days=1), "3d": timedelta(days=3), "1w": timedelta(weeks=1)}
PAUSE_LABELS = {"2h": "settings_pause_2h_button", "1d": "settings_pause_1d_button",
                "3d": "settings_pause_3d_button", "1w": "settings_pause_1w_button"}
TIMES_PER_ROW = 5

View = tuple[str, InlineKeyboardMarkup]


def hhmm(value: time) -> str:
    """A time as HH:MM."""
    return value.strftime("%H:%M")


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=SETTINGS_BUTTON + data)


def _marked(texts: Texts, label: str, selected: bool) -> str:
    return f"{texts('settings_selected_mark')} {label}" if selected else label


def _back(texts: Texts, data: str = "main") -> list[InlineKeyboardButton]:
    return [_button(texts("settings_back_button"), data)]


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i:i + width] for i in range(0, len(buttons), width)]


def day_names(texts: Texts) -> list[str]:
    """Monday..Sunday, short, as the texts spell them."""
    return texts("settings_day_names").split()


def _days(texts: Texts, weekdays: frozenset[int]) -> str:
    if len(weekdays) == 7:
        return texts("settings_every_day")
    names = day_names(texts)
    return ", ".join(names[day] for day in sorted(weekdays))


def _category_summary(texts: Texts, settings: NudgeSettings) -> str:
    state = texts("settings_on" if settings.enabled else "settings_off")
    return f"{state} · {', '.join(hhmm(t) for t in settings.times)} · {_days(texts, settings.weekdays)}"


def _quiet(texts: Texts, settings: NudgeSettings) -> str:
    if settings.quiet_start == settings.quiet_end:
        return texts("settings_quiet_none")
    return f"{hhmm(settings.quiet_start)}–{hhmm(settings.quiet_end)}"


def _pause(texts: Texts, settings: NudgeSettings, now: datetime) -> str:
    until = settings.paused_until
    if until is None or until <= now:
        return texts("settings_not_paused")
    local = until.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M")
    return f"{texts('settings_paused_until')} {local}"


def _line(texts: Texts, name: str, value: str) -> str:
    return f"{texts(name)}: {value}"  # value: already safe HTML (rendered texts, zone names, times)


def main_view(texts: Texts, settings: dict[str, NudgeSettings], common: NudgeSettings, now: datetime,
              upcoming: str) -> View:
    """Every category's state, times and days; the time zone, quiet hours and pause (`common`: the settings
    all categories share); what comes next."""
    lines = [texts("settings_category_line", category=category,
                   summary=Html(_category_summary(texts, settings[category]))) for category in CATEGORIES]
    lines += ["", _line(texts, "settings_timezone_label", common.timezone),
              _line(texts, "settings_quiet_label", _quiet(texts, common)),
              _line(texts, "settings_pause_label", _pause(texts, common, now)),
              "", texts("settings_next_label"), upcoming]
    rows = [[_button(texts("settings_category_button", category=category), f"cat:{category}")
             for category in CATEGORIES],
            [_button(texts("settings_timezone_button"), "tz"), _button(texts("settings_quiet_button"), "quiet")],
            [_button(texts("settings_pause_button"), "pause"),
             InlineKeyboardButton(texts("settings_setup_button"), callback_data=f"{SETUP_BUTTON}go:nudges")],
            [_button(texts("settings_done_button"), "done")]]
    return texts("settings_main", summary=Html("\n".join(lines))), InlineKeyboardMarkup(rows)


def time_choices(settings: NudgeSettings) -> list[time]:
    """The times offered as buttons: the common ones plus any the category uses now."""
    return sorted(set(COMMON_TIMES) | set(settings.times))


def category_view(texts: Texts, category: str, settings: NudgeSettings) -> View:
    """A category's on/off switch, its times and its weekdays, each a toggle button."""
    toggle = "settings_turn_off_button" if settings.enabled else "settings_turn_on_button"
    times = [_button(_marked(texts, hhmm(t), t in settings.times), f"time:{category}:{hhmm(t)}")
             for t in time_choices(settings)]
    days = [_button(_marked(texts, name, day in settings.weekdays), f"day:{category}:{day}")
            for day, name in enumerate(day_names(texts))]
    rows = [[_button(texts(toggle), f"on:{category}")], *_rows(times, TIMES_PER_ROW), *_rows(days, 4),
            _back(texts)]
    text = texts("settings_category", category=category, summary=Html(_category_summary(texts, settings)))
    return text, InlineKeyboardMarkup(rows)


def timezone_view(texts: Texts, settings: NudgeSettings) -> View:
    """The current zone, common zones as buttons, and how to set any other."""
    zones = [_button(_marked(texts, zone, zone == settings.timezone), f"tz:{zone}") for zone in COMMON_ZONES]
    text = texts("settings_timezone", summary=settings.timezone)
    return text, InlineKeyboardMarkup([*_rows(zones, 2), _back(texts)])


def quiet_view(texts: Texts, settings: NudgeSettings) -> View:
    """The current quiet hours and the presets."""
    current = (settings.quiet_start, settings.quiet_end)
    if current[0] == current[1]:
        current = NO_QUIET
    buttons = [_button(_marked(texts, texts("settings_quiet_off_button") if key == "off" else
                               f"{hhmm(start)}–{hhmm(end)}", (start, end) == current), f"quiet:{key}")
               for key, (start, end) in QUIET_PRESETS.items()]
    text = texts("settings_quiet", summary=Html(_quiet(texts, settings)))
    return text, InlineKeyboardMarkup([*_rows(buttons, 2), _back(texts)])


def pause_view(texts: Texts, settings: NudgeSettings, now: datetime) -> View:
    """Whether nudges are paused, the pause lengths, and resume."""
    buttons = [_button(texts(PAUSE_LABELS[key]), f"pause:{key}") for key in PAUSES]
    rows = [*_rows(buttons, 2), [_button(texts("settings_resume_button"), "resume")], _back(texts)]
    return texts("settings_pause", summary=Html(_pause(texts, settings, now))), InlineKeyboardMarkup(rows)
