"""The first steps after consent (what to send, the day, the time zone) and the schedule summary, as views:
settings in, (text, keyboard) out. Pure; labels and wording come from texts.

Button payloads, all starting with SETUP_BUTTON (at most 64 bytes):
  o:c:<category>   switch a category on or off        o:h:<1-4>       hydration nudges a day
  o:s:<HH:MM>      the day starts then                o:e:<HH:MM>     the day ends then
  o:z:<zone>       choose this time zone              o:y / o:n       the local time shown is right / wrong
  o:go:<step>      show a step (nudges, day, zone) or the summary (end)
"""

from __future__ import annotations

from datetime import datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.core.content.texts import Html, Texts
from bot.tg.keyboards.callbacks import SETUP_BUTTON
from bot.tg.keyboards.settings import View, day_names, hhmm
from scheduler.day import DAY_ENDS, DAY_STARTS, DEFAULT_DAY, HYDRATION_COUNTS, day_of
from scheduler.settings import CATEGORIES, NudgeSettings, zone_of

STEPS = ("nudges", "day", "zone", "end")


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=SETUP_BUTTON + data)


def _marked(texts: Texts, label: str, selected: bool) -> str:
    return f"{texts('settings_selected_mark')} {label}" if selected else label


def day_window(settings: NudgeSettings) -> tuple[time, time]:
    """The subscriber's day (start, end): the complement of their quiet hours, or the usual day without any."""
    return day_of(settings.quiet_start, settings.quiet_end) or DEFAULT_DAY


def schedule_lines(texts: Texts, settings: dict[str, NudgeSettings]) -> str:
    """One line per category: its times and days, or that it is off."""
    names, lines = day_names(texts), []
    for category in CATEGORIES:
        chosen = settings[category]
        if not chosen.enabled:
            lines.append(texts("schedule_off_line", category=category))
            continue
        days = texts("settings_every_day") if len(chosen.weekdays) == 7 else ", ".join(
            names[day] for day in sorted(chosen.weekdays))
        lines.append(texts("schedule_line", category=category, times=", ".join(hhmm(t) for t in chosen.times),
                           days=Html(days)))
    if not any(chosen.enabled for chosen in settings.values()):
        lines.append(texts("setup_all_off"))
    return "\n".join(lines)


def quiet_text(texts: Texts, settings: NudgeSettings) -> str:
    """The quiet hours as a sentence ("Quiet hours 22:00–07:00: …"), or that there are none."""
    if settings.quiet_start == settings.quiet_end:
        return texts("schedule_no_quiet")
    return texts("schedule_quiet", start=hhmm(settings.quiet_start), end=hhmm(settings.quiet_end))


def _step_button(texts: Texts, step: str, changed: bool) -> InlineKeyboardButton:
    return _button(texts("setup_next_button" if changed else "setup_skip_button"), f"go:{step}")


def nudges_view(texts: Texts, settings: dict[str, NudgeSettings], changed: bool) -> View:
    """Step 1: each category on or off, and how many hydration nudges a day."""
    toggles = [_button(_marked(texts, category, settings[category].enabled), f"c:{category}") for category in CATEGORIES]
    count = len(settings["hydration"].times)
    often = [_button(_marked(texts, texts("setup_hydration_button", count=n), n == count), f"h:{n}")
             for n in HYDRATION_COUNTS]
    rows = [toggles, often[:2], often[2:], [_step_button(texts, "day", changed)]]
    return texts("setup_nudges", schedule=Html(schedule_lines(texts, settings))), InlineKeyboardMarkup(rows)


def day_view(texts: Texts, settings: dict[str, NudgeSettings], changed: bool) -> View:
    """Step 2: when the day starts and ends."""
    start, end = day_window(settings[CATEGORIES[0]])
    starts = [_button(_marked(texts, texts("setup_start_button", time=hhmm(t)), t == start), f"s:{hhmm(t)}")
              for t in DAY_STARTS]
    ends = [_button(_marked(texts, texts("setup_end_button", time=hhmm(t)), t == end), f"e:{hhmm(t)}")
            for t in DAY_ENDS]
    rows = [starts[:3], starts[3:], ends[:2], ends[2:], [_step_button(texts, "zone", changed)]]
    text = texts("setup_day", start=hhmm(start), end=hhmm(end), schedule=Html(schedule_lines(texts, settings)))
    return text, InlineKeyboardMarkup(rows)


def zone_view(texts: Texts, current: str, offered: tuple[str, ...], now: datetime, changed: bool) -> View:
    """Step 3: the zone in use with its local time, likely zones as buttons (each with its local time)."""
    def local(zone: str) -> str:
        return hhmm(now.astimezone(zone_of(zone)).time())
    zones = [_button(_marked(texts, texts("setup_zone_button", zone=zone, local_time=local(zone)), zone == current),
                     f"z:{zone}") for zone in offered]
    rows = [[button] for button in zones] + [[_step_button(texts, "end", changed)]]
    return texts("setup_zone", zone=current, local_time=local(current)), InlineKeyboardMarkup(rows)


def confirm_view(texts: Texts, zone: str, local_time: str) -> View:
    """'Is it 14:05 where you are?' with Yes and No."""
    rows = [[_button(texts("setup_yes_button"), "y"), _button(texts("setup_no_button"), "n")]]
    return texts("setup_confirm", zone=zone, local_time=local_time), InlineKeyboardMarkup(rows)


def location_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    """The keyboard under the typing field with one button that shares the location (phones only)."""
    return ReplyKeyboardMarkup([[KeyboardButton(texts("setup_location_button"), request_location=True)]],
                               resize_keyboard=True, one_time_keyboard=True)
