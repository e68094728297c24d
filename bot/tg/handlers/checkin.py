"""Handlers for symptom check-ins: /checkin, its buttons, a typed start date, and follow-up settings."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.checkins.flow import BACK, CANCEL, FLAGS, SINCE_DATE, Cancelled, Draft, InvalidAnswer
from bot.core.checkins.replies import escalation_reply, outcome_reply
from bot.core.checkins.service import CheckinService, Completion, NoCheckin
from bot.core.content.texts import Html
from bot.core.triage.rules import SIGNS, Level, Outcome
from bot.tg.keyboards.checkin import answer_label, question_markup, question_text
from bot.tg.handlers.fallback import stale_button
from bot.tg.handlers.guards import consented_subscriber
from bot.tg.handlers.safety import send_urgently
from bot.tg.services import Services, services
from bot.tg.editing import answer_press, edit_in_place, set_buttons
from bot.tg.keyboards.callbacks import CHECKIN_BUTTON
from bot.tg.keyboards.routines import start_button
from scheduler.followups import check_every_days
from scheduler.parsing import bounded_int, parse_times
from scheduler.settings import SettingsError

logger = logging.getLogger(__name__)


async def checkin_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/checkin starts a check-in; /checkin every N and /checkin at HH:MM set when follow-ups come."""
    found = await consented_subscriber(update, context)
    if found is None:
        return
    s, subscriber, message = found
    texts, now, args = s.content.texts, s.clock.now(), context.args or []
    if not args:
        await ask_first_question(s, message, subscriber.id)
        return
    try:
        every = bounded_int(args[1], 0, 1000) if len(args) == 2 else None
        if len(args) == 2 and args[0].lower() == "every" and every is not None:
            s.storage.set_checkin_prefs(subscriber.id, now, every_days=check_every_days(every))
        elif len(args) == 2 and args[0].lower() == "at":
            s.storage.set_checkin_prefs(subscriber.id, now, at=parse_times(args[1:])[0])
        else:
            raise SettingsError("")
    except SettingsError:
        await message.reply_text(texts("checkin_usage"))
        return
    prefs = s.storage.followup_settings(subscriber.id)
    await message.reply_text(texts("checkin_prefs_saved", time=f"{prefs.checkin_time:%H:%M}", every=prefs.every_days))


async def ask_first_question(s: Services, message: Message, user_id: int) -> None:
    """Open a new check-in and send its first question."""
    draft = CheckinService(s.storage).begin(user_id, s.clock.now())
    await message.reply_text(question_text(s.content.texts, draft), reply_markup=question_markup(s.content.texts, draft))


async def begin_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "check in now" button offered after consent and in /help."""
    query = update.callback_query
    found = await consented_subscriber(update, context)
    if query is None or found is None:
        return
    s, subscriber, message = found
    await answer_press(query)
    await ask_first_question(s, message, subscriber.id)


async def checkin_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An answer button of the check-in: record it and ask the next question (or give the outcome)."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None or not isinstance(query.message, Message):
        return
    s = services(context)
    step, _, answer = query.data.removeprefix(CHECKIN_BUTTON).partition(":")
    checkins = CheckinService(s.storage)
    before = _draft_or_none(checkins, user.id)
    if step == FLAGS and answer in SIGNS and (before is None or answer not in before.signs):
        # a red flag ticked: its advice goes out before anything is stored, so no storage fault can hold it up
        await _sign_ticked(s, context, query, Outcome(SIGNS[answer], (f"sign:{answer}",)))
    try:
        result = checkins.answer(user.id, step, answer, s.clock.now())
    except (NoCheckin, InvalidAnswer):
        await stale_button(update, context)
        return
    await answer_press(query)
    texts = s.content.texts
    if isinstance(result, Draft) and result.step == step:  # a ticked or unticked sign: same question
        await set_buttons(query, question_markup(texts, result))
        return
    if answer in (BACK, CANCEL):
        await set_buttons(query, None)
    else:
        await _show_answered(s, query, step, answer, before)
    await _respond(s, query.message, result)


async def typed_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed start date while the check-in asks for one; any other text is left to later handlers."""
    message, user = update.message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    s = services(context)
    checkins = CheckinService(s.storage)
    draft = checkins.current(user.id)
    if draft is None or draft.step != SINCE_DATE:
        return
    try:
        result = checkins.answer(user.id, SINCE_DATE, message.text.strip(), s.clock.now())
    except InvalidAnswer:
        await message.reply_text(s.content.texts("checkin_since_unclear"))
        raise ApplicationHandlerStop
    await _respond(s, message, result)
    raise ApplicationHandlerStop


async def _respond(s: Services, message: Message, result: Draft | Completion | Cancelled) -> None:
    texts = s.content.texts
    if isinstance(result, Cancelled):
        await message.reply_text(texts("checkin_cancelled"))
    elif isinstance(result, Completion):
        reply = outcome_reply(texts, result.outcome, result.report, s.config.emergency_number, result.next_on,
                              result.closed_episode)
        routine = s.content.offered_routine("checkin") if result.outcome.level == Level.SELF_CARE else None
        offer = InlineKeyboardMarkup([[start_button(texts, routine, "routine_offer_button")]]) if routine else None
        await message.reply_text(reply, reply_markup=offer)
    else:
        await message.reply_text(question_text(texts, result), reply_markup=question_markup(texts, result))


async def _show_answered(s: Services, query: CallbackQuery, step: str, answer: str, before: Draft | None) -> None:
    """Leave the answered question in the chat without its buttons, with the answer under it."""
    texts = s.content.texts
    message = query.message
    question = getattr(message, "text_html", None) or (question_text(texts, before) if before else "")
    await edit_in_place(query, texts("checkin_answered", question=Html(question), answer=answer_label(texts, step, answer)))


async def _sign_ticked(s: Services, context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery,
                       outcome: Outcome) -> None:
    """An emergency or urgent sign was ticked: say what it means at once, before the check-in ends
    (sent first, logged after; a log that fails is logged and forgotten)."""
    texts = s.content.texts
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    await send_urgently(context, chat_id, texts("checkin_sign_now") + "\n\n" +
                        escalation_reply(texts, outcome, s.config.emergency_number))
    try:
        CheckinService(s.storage).record_screening(outcome, s.clock.now())
    except Exception:
        logger.exception("could not log a ticked sign's escalation; the reply was sent")


def _draft_or_none(checkins: CheckinService, user_id: int) -> Draft | None:
    """The check-in in progress, or None (also when storage can't be read: a tick then counts as new)."""
    try:
        return checkins.current(user_id)
    except Exception:
        logger.exception("could not read a check-in draft")
        return None


