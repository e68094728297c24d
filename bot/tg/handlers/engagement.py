"""Nudges people keep, in Telegram: answers to the question about unanswered nudges, and noticing that a
subscriber is back after their nudges paused for silence."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.nudges.engagement import CHOICES
from bot.core.storage.engagement import SEEN_EVERY
from bot.core.storage.health import DatabaseProblem
from bot.core.storage.store import ACTIVE
from bot.tg.editing import answer_press, edit_in_place, set_buttons
from bot.tg.handlers.fallback import stale_button
from bot.tg.keyboards.callbacks import ENGAGE_BUTTON
from bot.tg.keyboards.engagement import SHIFTS, WAKE, time_keyboard
from bot.tg.keyboards.settings import hhmm
from bot.tg.keyboards.setup import day_window, schedule_lines
from bot.tg.services import Services, services
from scheduler.day import day_times, shifted
from scheduler.schedule import in_quiet_hours
from scheduler.settings import CATEGORIES

logger = logging.getLogger(__name__)

PAUSE_FOR = timedelta(weeks=1)
ONE_HOUR = timedelta(hours=1)


def _fewer(s: Services, user: int, category: str) -> str:
    """One nudge a day fewer; a once-a-day category comes three days a week, then not at all."""
    texts, now = s.content.texts, s.clock.now()
    current = s.storage.nudge_settings(user)[category]
    if len(current.times) > 1:
        start, end = day_window(current)
        times = day_times(category, start, end, len(current.times) - 1) if category == "hydration" else current.times[:-1]
        s.storage.set_category(user, category, now, times=times)
    elif len(current.weekdays) > 3:
        s.storage.set_category(user, category, now, weekdays=frozenset({0, 2, 4}))
    else:
        s.storage.set_category(user, category, now, enabled=False)
        return texts("engage_off", category=category)
    return texts("engage_changed", summary=_line(s, user, category))


def _line(s: Services, user: int, category: str) -> str:
    settings = s.storage.nudge_settings(user)
    return schedule_lines(s.content.texts, settings).splitlines()[CATEGORIES.index(category)].removeprefix("• ")


async def engage_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An answer to the question (fewer, another time, pause a week, keep), an hour earlier or later, or the
    button that ends a pause for silence (seen() has already ended it)."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    s = services(context)
    texts, now = s.content.texts, s.clock.now()
    choice, _, category = query.data.removeprefix(ENGAGE_BUTTON).partition(":")
    if choice == WAKE and not category:
        await answer_press(query)
        await set_buttons(query, None)
        return
    question = s.storage.question(user.id, category) if category in CATEGORIES else None
    answerable = choice in CHOICES and question is not None and question.answer is None
    shiftable = choice in SHIFTS and question is not None and question.answer == "time"
    if not (answerable or shiftable):
        await stale_button(update, context)
        return
    if choice in SHIFTS:
        current = s.storage.nudge_settings(user.id)[category]
        times = shifted(current.times, ONE_HOUR if choice == "later" else -ONE_HOUR)
        if any(in_quiet_hours(current.quiet_start, current.quiet_end, t) for t in times):
            await answer_press(query, texts("engage_in_quiet"), alert=True)
            return
        s.storage.set_category(user.id, category, now, times=times)
        s.planner.replan(user.id, now)
        await answer_press(query)
        await edit_in_place(query, texts("engage_time", category=category, times=", ".join(hhmm(t) for t in times)),
                            time_keyboard(texts, category))
        return
    s.storage.answer_question(user.id, category, choice, now)
    if choice == "fewer":
        reply = _fewer(s, user.id, category)
    elif choice == "pause":
        until = now + PAUSE_FOR
        s.storage.set_category(user.id, category, now, paused_until=until)
        zone = s.storage.nudge_settings(user.id)[category].zone
        reply = texts("engage_paused", category=category, until=until.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
    elif choice == "time":
        times = s.storage.nudge_settings(user.id)[category].times
        await answer_press(query)
        await edit_in_place(query, texts("engage_time", category=category, times=", ".join(hhmm(t) for t in times)),
                            time_keyboard(texts, category))
        return
    else:
        reply = texts("engage_kept")
    s.planner.replan(user.id, now)
    await answer_press(query)
    await edit_in_place(query, reply)


async def note_seen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every update from a person: note that they were here; if their nudges had paused for silence,
    start them again and say so. Runs after the update's own handler, so it never delays a reply."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE:
        return
    s = services(context)
    now = s.clock.now()
    noted = s.noted.get(user.id)
    if noted is not None and now - noted < SEEN_EVERY:  # written within the hour: no database work at all
        return
    try:
        back = s.storage.seen(user.id, now)
    except DatabaseProblem:  # writes are halted; the dispatcher has told the operators
        return
    s.noted[user.id] = now
    subscriber = s.storage.subscriber(user.id) if back else None
    if subscriber is None or subscriber.status != ACTIVE:
        return
    s.planner.replan(user.id, now)
    await context.bot.send_message(user.id, s.content.texts("silent_back"))
