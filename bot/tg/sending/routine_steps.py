"""Guided routines in Telegram: sending a step (its picture, caption and buttons), redrawing its clock, moving
on, and the timer tick that counts every running routine down (called with each dispatcher tick)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application

from bot.core.content.models import Routine
from bot.core.routines.captions import clock_text, step_caption
from bot.core.routines.session import Session, advance, is_over, seconds_left, shown_left
from bot.tg.editing import edit_caption
from bot.tg.keyboards.routines import feeling_keyboard, step_keyboard
from bot.tg.sending.pictures import send_picture
from bot.tg.services import SERVICES_KEY, Services

logger = logging.getLogger(__name__)


def lock_for(s: Services, user_id: int) -> asyncio.Lock:
    """One lock per subscriber, so a press and the timer never move the same routine at once."""
    return s.routine_locks.setdefault(user_id, asyncio.Lock())


def _caption(s: Services, routine: Routine, session: Session, done: bool = False) -> tuple[str, int]:
    tip = s.content.tip(routine.steps[session.step].tip)
    if tip is None:
        raise LookupError(f"routine {routine.id} names an unknown tip")
    seconds = 0 if done else seconds_left(routine, session, s.clock.now())
    clock = s.content.texts("routine_clock_done") if done else clock_text(s.content.texts, session, seconds)
    return step_caption(s.content.texts, routine, session.step, tip, clock), seconds


async def send_step(s: Services, bot: Bot, user_id: int, routine: Routine, session: Session) -> Session:
    """Send the session's step (its animation or picture, caption and buttons); return it with the message id."""
    caption, seconds = _caption(s, routine, session)
    tip_id = routine.steps[session.step].tip
    picture = await asyncio.to_thread(s.pictures.picture, s.content.root, tip_id, s.content.poses.get(tip_id),
                                      "animation")
    markup = step_keyboard(s.content.texts, session)
    message = await (bot.send_message(user_id, caption, reply_markup=markup) if picture is None else
                     send_picture(s.pictures, bot, user_id, picture, caption, markup))
    return replace(session, message_id=message.message_id, shown=shown_left(seconds))


async def redraw(s: Services, bot: Bot, user_id: int, routine: Routine, session: Session, done: bool = False) -> Session:
    """Edit the step's caption to show its clock now with its buttons, or (done) the step over, without them."""
    caption, seconds = _caption(s, routine, session, done)
    if session.message_id is not None:
        markup = None if done else step_keyboard(s.content.texts, session)
        await edit_caption(bot, user_id, session.message_id, caption, markup)
    return replace(session, shown=shown_left(seconds))


async def move_on(s: Services, bot: Bot, user_id: int, routine: Routine, session: Session) -> Session:
    """Close the current step (its buttons go) and send the next, or ask how the back feels after the last."""
    await redraw(s, bot, user_id, routine, session, done=True)
    following = advance(routine, session, s.clock.now())
    if following.phase != "feedback":
        return await send_step(s, bot, user_id, routine, following)
    now = s.clock.now()
    with s.storage.atomically():
        s.storage.log_routine(user_id, routine.id, now)
        zone = s.storage.nudge_settings(user_id)["stretching"].zone
        # a routine done counts as a stretching nudge done, for /progress and the streak
        s.storage.record_action(user_id, f"stretching:{now.astimezone(zone).date().isoformat()}:routine:{routine.id}",
                                "done", now)
    question = await bot.send_message(user_id, s.content.texts("routine_feedback"),
                                      reply_markup=feeling_keyboard(s.content.texts))
    return replace(following, message_id=question.message_id)


async def tick_routines(app: Application) -> int:
    """Count every running routine down: redraw a clock whose shown value changed, move on when a step is over.
    Return how many routines moved on."""
    s: Services = app.bot_data[SERVICES_KEY]
    moved = 0
    for user_id, session in s.storage.running_routines():
        routine = s.content.routines.get(session.routine_id)
        if routine is None or session.step >= len(routine.steps):  # the routine left the content meanwhile
            s.storage.end_routine(user_id)
            continue
        async with lock_for(s, user_id):
            current = s.storage.routine_session(user_id)
            if current != session:  # a press got there first
                continue
            try:
                if is_over(routine, session, s.clock.now()):
                    session, moved = await move_on(s, app.bot, user_id, routine, session), moved + 1
                elif shown_left(seconds_left(routine, session, s.clock.now())) != session.shown:
                    session = await redraw(s, app.bot, user_id, routine, session)
                else:
                    continue
            except TelegramError as error:  # blocked, or the message is gone: the routine ends here
                logger.info("routine of %s stopped: %s", user_id, error)
                s.storage.end_routine(user_id)
                continue
            s.storage.save_routine(user_id, session)
    return moved
