"""/settings: an inline menu, edited in place, that shows every nudge setting and changes it.

Each press is validated before anything happens: a payload that is too long, names an unknown
action, category, zone, time or preset, or comes from someone who never consented gets the stale
button reply and changes nothing. A change is saved, the subscriber's nudges are planned again at
once, the press is answered with a short confirmation and the view is drawn again with the new
values. The payload format is described in bot/tg/keyboards/settings.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import time

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.tg.editing import answer_press, edit_in_place, set_buttons
from bot.tg.handlers.fallback import stale_button
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.handlers.schedule import next_nudges
from bot.tg.services import Services, services
from bot.tg.keyboards.callbacks import SETTINGS_BUTTON
from bot.tg.keyboards.settings import (
    COMMON_ZONES,
    PAUSES,
    PAYLOAD_LIMIT,
    QUIET_PRESETS,
    View,
    category_view,
    main_view,
    pause_view,
    quiet_view,
    time_choices,
    timezone_view,
)
from scheduler.settings import CATEGORIES, MAX_TIMES, NudgeSettings

_HHMM = re.compile(r"\d\d:\d\d")


class _Stale(Exception):
    """The payload is malformed or names something that does not exist."""


class _Refused(Exception):
    """A valid press that would break a rule (e.g. remove the last time); the text says which."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class _Outcome:
    """What a press leads to: the view to draw (None closes the menu) and whether settings changed."""

    view: Callable[[Services, int], View] | None
    changed: bool = False
    answer: str | None = None
    new_message: bool = False  # drawn in a message of its own (pressed under a nudge, which stays as it is)


def _main(s: Services, user: int) -> View:
    return main_view(s.content.texts, s.storage.nudge_settings(user), _common(s, user), s.clock.now(),
                     next_nudges(s, user))


def _category(category: str) -> Callable[[Services, int], View]:
    return lambda s, user: category_view(s.content.texts, category, s.storage.nudge_settings(user)[category])


def _common(s: Services, user: int) -> NudgeSettings:
    """The settings every category shares (time zone, quiet hours, and the pause of all nudges)."""
    return replace(s.storage.nudge_settings(user)[CATEGORIES[0]], paused_until=s.storage.paused_until(user))


def _timezone_view(s: Services, user: int) -> View:
    return timezone_view(s.content.texts, _common(s, user))


def _quiet_view(s: Services, user: int) -> View:
    return quiet_view(s.content.texts, _common(s, user))


def _pause_view(s: Services, user: int) -> View:
    return pause_view(s.content.texts, _common(s, user), s.clock.now())


def _saved(s: Services, view: Callable[[Services, int], View]) -> _Outcome:
    return _Outcome(view, changed=True, answer=s.content.texts("settings_changed"))


def _known_category(arg: str) -> str:
    if arg not in CATEGORIES:
        raise _Stale(arg)
    return arg


def _show(view: Callable[[Services, int], View]) -> Callable[[Services, int, str], _Outcome]:
    def action(s: Services, user: int, arg: str) -> _Outcome:
        if arg:
            raise _Stale(arg)
        return _Outcome(view)
    return action


def _open_category(s: Services, user: int, arg: str) -> _Outcome:
    return _Outcome(_category(_known_category(arg)))


def _toggle_enabled(s: Services, user: int, arg: str) -> _Outcome:
    category = _known_category(arg)
    current = s.storage.nudge_settings(user)[category]
    s.storage.set_category(user, category, s.clock.now(), enabled=not current.enabled)
    return _saved(s, _category(category))


def _toggle_time(s: Services, user: int, arg: str) -> _Outcome:
    category, _, text = arg.partition(":")
    category = _known_category(category)
    if not _HHMM.fullmatch(text):
        raise _Stale(arg)
    try:
        chosen = time.fromisoformat(text)
    except ValueError:
        raise _Stale(arg) from None
    current = s.storage.nudge_settings(user)[category]
    if chosen not in time_choices(current):
        raise _Stale(arg)
    texts = s.content.texts
    if chosen in current.times:
        if len(current.times) == 1:
            raise _Refused(texts("settings_last_time"))
        times = tuple(t for t in current.times if t != chosen)
    else:
        if len(current.times) >= MAX_TIMES:
            raise _Refused(texts("settings_too_many_times", limit=MAX_TIMES))
        times = (*current.times, chosen)
    s.storage.set_category(user, category, s.clock.now(), times=times)
    return _saved(s, _category(category))


def _toggle_day(s: Services, user: int, arg: str) -> _Outcome:
    category, _, text = arg.partition(":")
    category = _known_category(category)
    if text not in ("0", "1", "2", "3", "4", "5", "6"):
        raise _Stale(arg)
    day, current = int(text), s.storage.nudge_settings(user)[category]
    if day in current.weekdays and len(current.weekdays) == 1:
        raise _Refused(s.content.texts("settings_last_day"))
    s.storage.set_category(user, category, s.clock.now(), weekdays=current.weekdays ^ {day})
    return _saved(s, _category(category))


def _timezone(s: Services, user: int, arg: str) -> _Outcome:
    if not arg:
        return _Outcome(_timezone_view)
    if arg not in COMMON_ZONES:
        raise _Stale(arg)
    s.storage.set_schedule(user, s.clock.now(), timezone=arg)
    return _saved(s, _timezone_view)


def _quiet(s: Services, user: int, arg: str) -> _Outcome:
    if not arg:
        return _Outcome(_quiet_view)
    if arg not in QUIET_PRESETS:
        raise _Stale(arg)
    s.storage.set_schedule(user, s.clock.now(), quiet=QUIET_PRESETS[arg])
    return _saved(s, _quiet_view)


def _pause(s: Services, user: int, arg: str) -> _Outcome:
    if not arg:
        return _Outcome(_pause_view)
    if arg not in PAUSES:
        raise _Stale(arg)
    now = s.clock.now()
    s.storage.set_schedule(user, now, paused_until=now + PAUSES[arg])
    return _saved(s, _pause_view)


def _resume(s: Services, user: int, arg: str) -> _Outcome:
    if arg:
        raise _Stale(arg)
    s.storage.set_schedule(user, s.clock.now(), paused_until=None)
    return _saved(s, _pause_view)


def _open(s: Services, user: int, arg: str) -> _Outcome:
    return _Outcome(_category(_known_category(arg)), new_message=True)


def _done(s: Services, user: int, arg: str) -> _Outcome:
    if arg:
        raise _Stale(arg)
    return _Outcome(None, answer=s.content.texts("settings_closed"))


_ACTIONS: dict[str, Callable[[Services, int, str], _Outcome]] = {
    "main": _show(_main), "cat": _open_category, "on": _toggle_enabled, "time": _toggle_time,
    "day": _toggle_day, "tz": _timezone, "quiet": _quiet, "pause": _pause, "resume": _resume, "done": _done,
    "open": _open,
}


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings: show the menu with the current values."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    text, markup = _main(s, subscriber.id)
    await message.reply_text(text, reply_markup=markup)


async def settings_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of the settings menu: validate it, apply it, replan, answer, and redraw the view."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    s = services(context)
    subscriber = s.storage.subscriber(user.id)
    data = query.data
    action, _, arg = data.removeprefix(SETTINGS_BUTTON).partition(":")
    handle = _ACTIONS.get(action)
    if (subscriber is None or subscriber.consented_at is None or handle is None
            or not data.startswith(SETTINGS_BUTTON) or len(data.encode()) > PAYLOAD_LIMIT):
        await stale_button(update, context)
        return
    try:
        outcome = handle(s, user.id, arg)
    except _Stale:
        await stale_button(update, context)
        return
    except _Refused as refusal:
        await answer_press(query, refusal.text, alert=True)
        return
    if outcome.changed:
        s.planner.replan(user.id, s.clock.now())
    await answer_press(query, outcome.answer)
    if outcome.view is None:
        await set_buttons(query, None)
        return
    if outcome.new_message and isinstance(query.message, Message):
        text, markup = outcome.view(s, user.id)
        await query.message.reply_text(text, reply_markup=markup)
        return
    await edit_in_place(query, *outcome.view(s, user.id))
