"""Text shortcuts for nudge settings (/timezone, /time, /days, /quiet, /pause, /resume, a location)
and /progress.

Each change is saved, the subscriber's pending nudges are planned again at once (so it takes
effect at the next slot), and the reply shows when each category comes next. Bad arguments get
the parser's message, which shows the correct form with an example.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.nudges.plan import NUDGE, SNOOZE_MARK, category_of
from bot.core.nudges.progress import outcomes_from_actions
from bot.core.content.texts import Html
from bot.tg.handlers import setup
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.services import Services
from scheduler.parsing import parse_days, parse_pause, parse_quiet, parse_times, parse_timezone, timezone_from_location
from scheduler.settings import CATEGORIES, SettingsError
from scheduler.progress import CategoryProgress, summarize


def next_nudges(s: Services, user_id: int) -> str:
    """One line per category: when its next nudge comes (local date and time), or that it is off."""
    pending = {category_of(slot): slot for slot in s.storage.pending_slots(user_id, NUDGE) if SNOOZE_MARK not in slot}
    lines = []
    for category in CATEGORIES:
        slot = pending.get(category)
        when = slot.split(":", 1)[1].replace(":", " ", 1) if slot else s.content.texts("schedule_none")
        lines.append(f"• {category}: {when}")
    return "\n".join(lines)


async def _change(update: Update, context: ContextTypes.DEFAULT_TYPE, apply: Callable[[Services, int], None]) -> None:
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    try:
        apply(s, subscriber.id)
    except SettingsError as error:
        await message.reply_text(s.content.texts("settings_error", error=str(error)))
        return
    s.planner.replan(subscriber.id, s.clock.now())
    await message.reply_text(s.content.texts("settings_saved", summary=next_nudges(s, subscriber.id)))


def _argument(context: ContextTypes.DEFAULT_TYPE) -> str:
    return " ".join(context.args or ()).strip()


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone Europe/Berlin or /timezone +02:00."""
    text = _argument(context)
    await _change(update, context, lambda s, user: s.storage.set_schedule(
        user, s.clock.now(), timezone=parse_timezone(text)))


async def location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location sets the time zone (the place's own IANA zone, daylight saving included) and asks
    whether the local time shown is right."""
    place = update.effective_message.location if update.effective_message else None
    if place is None:
        return
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    try:
        zone = timezone_from_location(place.latitude, place.longitude)
    except SettingsError as error:
        await message.reply_text(s.content.texts("settings_error", error=str(error)))
        return
    s.storage.set_schedule(subscriber.id, s.clock.now(), timezone=zone)
    s.planner.replan(subscriber.id, s.clock.now())
    await setup.confirm_location_zone(message, s, subscriber.id)


async def times(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/time stretching 18:30 or /time hydration 10:00 14:00."""
    args = list(context.args or ())

    def apply(s: Services, user: int) -> None:
        if not args or args[0].lower() not in CATEGORIES:
            raise SettingsError(s.content.texts("time_usage"))
        s.storage.set_category(user, args[0].lower(), s.clock.now(), times=parse_times(args[1:]), enabled=True)

    await _change(update, context, apply)


async def days(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/days mon-fri (every category) or /days stretching mon,wed,fri."""
    args = list(context.args or ())

    def apply(s: Services, user: int) -> None:
        categories: tuple[str, ...] = CATEGORIES
        if args and args[0].lower() in CATEGORIES:
            categories, args[:] = (args[0].lower(),), args[1:]
        weekdays = parse_days(" ".join(args))
        for category in categories:
            s.storage.set_category(user, category, s.clock.now(), weekdays=weekdays)

    await _change(update, context, apply)


async def quiet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quiet 22:00-07:00 or /quiet off."""
    text = _argument(context)
    await _change(update, context, lambda s, user: s.storage.set_schedule(user, s.clock.now(), quiet=parse_quiet(text)))


async def pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pause 2h, /pause 3d or /pause tomorrow: nudges stop until then, and resume by themselves."""
    text = _argument(context)

    def apply(s: Services, user: int) -> None:
        subscriber = s.storage.subscriber(user)
        zone = subscriber.timezone if subscriber is not None else s.config.default_timezone
        s.storage.set_schedule(user, s.clock.now(), paused_until=parse_pause(text, s.clock.now(), zone))

    await _change(update, context, apply)


async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/resume: end a pause now."""
    await _change(update, context, lambda s, user: s.storage.set_schedule(user, s.clock.now(), paused_until=None))


async def progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/progress: the last 7 and 30 days per category, the forgiving streak, and the week's routines."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    texts = s.content.texts
    outcomes = outcomes_from_actions(s.storage.actions(subscriber.id))
    routines = s.storage.routines_since(subscriber.id, s.clock.now() - timedelta(days=7))
    rated = [feeling for _, feeling in routines if feeling is not None]
    routine_line = texts("progress_routines", done=len(routines), better=rated.count("better"),
                         answered=len(rated)) if routines else ""
    if not outcomes:
        await message.reply_text(texts("progress_empty"))
        return
    today = s.clock.now().astimezone(ZoneInfo(subscriber.timezone)).date()
    summary = summarize(outcomes, today)

    def lines(window: tuple[CategoryProgress, ...]) -> str:
        return "\n".join(texts("progress_line", category=p.category, done=p.done, skipped=p.skipped,
                               no_answer=p.no_answer) for p in window)

    reply = texts("progress", week=Html(lines(summary.last_7)), month=Html(lines(summary.last_30)),
                  streak=summary.streak, best=summary.best_streak)
    await message.reply_text(f"{reply}\n\n{routine_line}" if routine_line else reply)
