"""The first steps after consent: which nudges, when the day starts and ends, and the time zone.

Each choice is saved at once and the nudges are planned again, so nothing is lost if the subscriber stops
halfway; every step can be skipped (the usual settings stay) and every choice is in /settings later
("Quick setup" runs the steps again). The steps end with one summary of what will come and when.
"""

from __future__ import annotations

from datetime import time

from telegram import Message, ReplyKeyboardRemove, Update
from telegram.ext import ContextTypes

from bot.core.content.texts import Html
from bot.tg.editing import answer_press, edit_in_place, set_buttons
from bot.tg.handlers.fallback import stale_button
from bot.tg.keyboards.callbacks import SETUP_BUTTON
from bot.tg.keyboards.settings import PAYLOAD_LIMIT, View, hhmm
from bot.tg.keyboards.setup import (
    confirm_view, day_view, day_window, location_keyboard, nudges_view, quiet_text, schedule_lines, zone_view,
)
from bot.tg.services import Services, services
from scheduler.day import DAY_ENDS, DAY_STARTS, DEFAULT_DAY, HYDRATION_COUNTS, day_times, quiet_of
from scheduler.settings import CATEGORIES, SettingsError, default_settings, zone_of
from scheduler.zones import likely_zones

_FIRST = CATEGORIES[0]


def _changed(s: Services, user: int, step: str) -> bool:
    """Whether the subscriber changed this step from the usual settings (the button then says Next, not Skip)."""
    settings = s.storage.nudge_settings(user)
    if step == "nudges":
        return any(not chosen.enabled for chosen in settings.values()) or \
            settings["hydration"].times != default_settings("hydration").times
    if step == "day":
        return day_window(settings[_FIRST]) != DEFAULT_DAY
    return settings[_FIRST].timezone != s.config.default_timezone


def step_view(s: Services, user: int, step: str) -> View:
    """The view of one step (nudges, day or zone) with the subscriber's current values."""
    texts, settings = s.content.texts, s.storage.nudge_settings(user)
    if step == "nudges":
        return nudges_view(texts, settings, _changed(s, user, step))
    if step == "day":
        return day_view(texts, settings, _changed(s, user, step))
    subscriber = s.storage.subscriber(user)
    language = subscriber.language_code if subscriber else None
    return zone_view(texts, settings[_FIRST].timezone, likely_zones(language, s.config.default_timezone),
                     s.clock.now(), _changed(s, user, step))


def summary(s: Services, user: int) -> str:
    """What will come and when, in the subscriber's zone, and how to change it."""
    texts, settings = s.content.texts, s.storage.nudge_settings(user)
    common = settings[_FIRST]
    return texts("setup_summary", zone=common.timezone, schedule=Html(schedule_lines(texts, settings)),
                 quiet=Html(quiet_text(texts, common)))


async def begin(message: Message, s: Services, user: int) -> None:
    """Send the first step."""
    text, markup = step_view(s, user, "nudges")
    await message.reply_text(text, reply_markup=markup)


async def finish(message: Message, s: Services, user: int) -> None:
    """Send the summary (and take away the location keyboard, if one was shown)."""
    await message.reply_text(summary(s, user), reply_markup=ReplyKeyboardRemove())


def _time_of(text: str, choices: tuple[time, ...]) -> time:
    chosen = next((t for t in choices if hhmm(t) == text), None)
    if chosen is None:
        raise SettingsError(text)
    return chosen


def _set_day(s: Services, user: int, start: time, end: time) -> None:
    """Quiet hours outside the day, and every category's times spread across it."""
    now, settings = s.clock.now(), s.storage.nudge_settings(user)
    s.storage.set_schedule(user, now, quiet=quiet_of(start, end))
    for category in CATEGORIES:
        s.storage.set_category(user, category, now,
                               times=day_times(category, start, end, len(settings["hydration"].times)))


def _apply(s: Services, user: int, action: str, arg: str) -> str:
    """Apply one press; return the step to show next ('confirm' after a zone, 'end' for the summary)."""
    now, settings = s.clock.now(), s.storage.nudge_settings(user)
    if action == "c" and arg in CATEGORIES:
        s.storage.set_category(user, arg, now, enabled=not settings[arg].enabled)
        return "nudges"
    if action == "h" and arg in {str(n) for n in HYDRATION_COUNTS}:
        start, end = day_window(settings[_FIRST])
        s.storage.set_category(user, "hydration", now, enabled=True, times=day_times("hydration", start, end, int(arg)))
        return "nudges"
    if action in ("s", "e"):
        start, end = day_window(settings[_FIRST])
        if action == "s":
            start = _time_of(arg, DAY_STARTS)
        else:
            end = _time_of(arg, DAY_ENDS)
        _set_day(s, user, start, end)
        return "day"
    if action == "z":
        s.storage.set_schedule(user, now, timezone=zone_of(arg).key)
        return "confirm"
    if action == "go" and arg in ("nudges", "day", "zone", "end"):
        return arg
    if action in ("y", "n") and not arg:
        return "end" if action == "y" else "zone"
    raise SettingsError(action)


async def setup_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of the first steps: validate it, apply it, plan again, and show the next view."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    s = services(context)
    subscriber = s.storage.subscriber(user.id)
    action, _, arg = query.data.removeprefix(SETUP_BUTTON).partition(":")
    if subscriber is None or subscriber.consented_at is None or len(query.data.encode()) > PAYLOAD_LIMIT:
        await stale_button(update, context)
        return
    try:
        step = _apply(s, user.id, action, arg)
    except SettingsError:
        await stale_button(update, context)
        return
    s.planner.replan(user.id, s.clock.now())
    await answer_press(query)
    message = query.message if isinstance(query.message, Message) else None
    if step == "end":
        await set_buttons(query, None)
        if message is not None:
            await finish(message, s, user.id)
        return
    await edit_in_place(query, *(_confirm(s, user.id) if step == "confirm" else step_view(s, user.id, step)))
    if step == "zone" and action == "go" and message is not None:
        await message.reply_text(s.content.texts("setup_location_prompt"), reply_markup=location_keyboard(s.content.texts))


def _confirm(s: Services, user: int) -> View:
    zone = s.storage.nudge_settings(user)[_FIRST].zone
    return confirm_view(s.content.texts, zone.key, hhmm(s.clock.now().astimezone(zone).time()))


async def confirm_location_zone(message: Message, s: Services, user: int) -> None:
    """After a shared location set the zone: ask whether the local time shown is right."""
    text, markup = _confirm(s, user)
    await message.reply_text(text, reply_markup=markup)
