"""/routine: guided stretching routines, a step at a time, with Next, Pause, Stop and a closing question."""

from __future__ import annotations

from dataclasses import replace

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.core.content.models import Routine
from bot.core.routines.session import begin, pause, resume
from bot.core.storage.routines import FEELINGS
from bot.tg.editing import answer_press, drop_buttons, set_buttons
from bot.tg.handlers.fallback import stale_button
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.keyboards.callbacks import ROUTINE_BUTTON
from bot.tg.keyboards.checkin import begin_markup
from bot.tg.keyboards.routines import feeling_keyboard, menu_keyboard
from bot.tg.sending.routine_steps import lock_for, move_on, redraw, send_step
from bot.tg.services import Services, services


async def routine_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/routine: the routines to choose from, or the step where the subscriber left off."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    texts = s.content.texts
    async with lock_for(s, subscriber.id):
        session = s.storage.routine_session(subscriber.id)
        routine = s.content.routines.get(session.routine_id) if session else None
        if session is None or routine is None:
            await message.reply_text(texts("routine_menu"), reply_markup=menu_keyboard(texts, list(s.content.routines.values())))
            return
        await message.reply_text(texts("routine_where_you_were", title=routine.title))
        if session.phase == "feedback":
            question = await message.reply_text(texts("routine_feedback"), reply_markup=feeling_keyboard(texts))
            s.storage.save_routine(subscriber.id, replace(session, message_id=question.message_id))
            return
        if session.message_id is not None:  # the old step's buttons go: the new message carries them
            await drop_buttons(context.bot, subscriber.id, session.message_id)
        s.storage.save_routine(subscriber.id, await send_step(s, context.bot, subscriber.id, routine, session))


async def _start(s: Services, context: ContextTypes.DEFAULT_TYPE, user_id: int, message: Message, routine: Routine) -> None:
    texts = s.content.texts
    await message.reply_text(texts("routine_intro", title=routine.title, minutes=routine.minutes,
                                   count=len(routine.steps), intro=routine.intro))
    session = await send_step(s, context.bot, user_id, routine, begin(routine, s.clock.now()))
    s.storage.save_routine(user_id, session)


async def routine_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A routine's button: start one, pause or resume the timer, the next step, stop, or how the back feels."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None or not isinstance(query.message, Message):
        return
    s = services(context)
    texts, message = s.content.texts, query.message
    action, _, arg = query.data.removeprefix(ROUTINE_BUTTON).partition(":")
    subscriber = s.storage.subscriber(user.id)
    if subscriber is None or subscriber.consented_at is None:
        await stale_button(update, context)
        return
    async with lock_for(s, user.id):
        session = s.storage.routine_session(user.id)
        if action == "go" and arg in s.content.routines:
            await answer_press(query)
            if session is not None and session.message_id is not None and session.phase != "feedback":
                await drop_buttons(context.bot, user.id, session.message_id)
            await _start(s, context, user.id, message, s.content.routines[arg])
            return
        routine = s.content.routines.get(session.routine_id) if session else None
        on_step = session is not None and session.message_id == message.message_id
        if session is None or routine is None or not on_step or (action == "feel") != (session.phase == "feedback"):
            await stale_button(update, context)
            return
        now = s.clock.now()
        if action in ("pause", "resume") and not arg:
            await answer_press(query)
            changed = (pause if action == "pause" else resume)(routine, session, now)
            s.storage.save_routine(user.id, await redraw(s, context.bot, user.id, routine, changed))
        elif action == "next" and not arg:
            await answer_press(query)
            s.storage.save_routine(user.id, await move_on(s, context.bot, user.id, routine, session))
        elif action == "stop" and not arg:
            await answer_press(query)
            s.storage.end_routine(user.id)
            await set_buttons(query, None)
            await message.reply_text(texts("routine_stopped"))
        elif action == "feel" and arg in FEELINGS:
            await answer_press(query)
            s.storage.rate_routine(user.id, arg)
            s.storage.end_routine(user.id)
            await set_buttons(query, None)
            await message.reply_text(texts(f"routine_{arg}"), reply_markup=begin_markup(texts) if arg == "worse" else None)
        else:
            await stale_button(update, context)
