"""The safety net: every typed message, in any state, is screened for red flags before anything else.

It runs in the first handler group. A certain EMERGENCY or URGENT sign gets its reply and stops there (the
message is not treated as a question, so health details are never kept as unanswered questions). A sign
the message touches without settling it gets one yes/no question first: Yes escalates, No lets the
message be handled as usual (a question about a sign is answered at once, and asked about too).
Persistence past two weeks gets "seek medical care" and the message goes on as usual.

The escalation is sent before anything that can fail: it is logged afterwards, and a failed log is
itself logged and forgotten. What is waiting for an answer lives in memory (user_data), never in the
database: after a restart a Yes still escalates (the button says what it is about), a No just thanks.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo
from datetime import date, datetime

from telegram import Message, Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.checkins.flow import SINCE_DATE
from bot.core.checkins.replies import escalation_reply
from bot.core.checkins.service import CheckinService
from bot.core.content.texts import Html
from bot.core.triage.rules import PERSIST, Level, Outcome
from bot.core.triage.questions import Concern, confirmed, yes_no
from bot.core.triage.screening import screen
from bot.tg.handlers.fallback import stale_button
from bot.tg.keyboards.safety import question_markup, question_text, read_press
from bot.tg.editing import answer_press, edit_message
from bot.tg.services import Services, services

logger = logging.getLogger(__name__)

PENDING = "safety_question"   # user_data: the Pending question
CLEARED = "safety_cleared"    # chat_data: the update id being handled again after a No
SEND_ATTEMPTS = 4             # an escalation is retried through Telegram's transient refusals


@dataclass
class Pending:
    """A safety question waiting for its answer, and what comes after a No."""

    concerns: list[Concern]
    update: Update | None          # the message to handle as usual after the last No (None: already answered)
    message_id: int | None = None  # the question's message


async def screen_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Screen a typed (or edited) message: escalate a certain sign at once, ask about a possible one first."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    text = message.text if message is not None else None
    if message is None or user is None or chat is None or not text:
        return
    chat_data = context.chat_data if context.chat_data is not None else {}
    if chat_data.get(CLEARED) == update.update_id:
        del chat_data[CLEARED]
        return
    s = services(context)
    now = s.clock.now()
    screening = screen(text, now.date())
    user_data = context.user_data if context.user_data is not None else {}
    if screening.outcome.level >= Level.URGENT:
        user_data.pop(PENDING, None)
        await send_escalation(s, context, chat.id, screening.outcome, screening.about_other)
        await _ask_next(s, context, chat.id, Pending(list(screening.ask), None))
        raise ApplicationHandlerStop
    pending = user_data.get(PENDING)
    answer = yes_no(text)
    if isinstance(pending, Pending) and answer is not None:
        await _answered(s, context, chat.id, pending, answer, None)
        raise ApplicationHandlerStop
    today = _local_today(s, user.id, now)
    if today != now.date():
        screening = screen(text, today)
    if screening.outcome.level == Level.SEE_DOCTOR and not _typing_a_start_date(s, user.id):
        await send_escalation(s, context, chat.id, screening.outcome, screening.about_other)
    if screening.ask:
        await _ask_next(s, context, chat.id, Pending(list(screening.ask), None if screening.informational else update))
        if not screening.informational:
            raise ApplicationHandlerStop


async def safety_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Yes or No pressed on a safety question."""
    query, chat = update.callback_query, update.effective_chat
    press = read_press(query.data or "") if query is not None else None
    if query is None or chat is None or press is None:
        await stale_button(update, context)
        return
    s = services(context)
    user_data = context.user_data if context.user_data is not None else {}
    pending = user_data.get(PENDING)
    message_id = query.message.message_id if query.message is not None else None
    if not isinstance(pending, Pending) or pending.message_id != message_id or pending.concerns[:1] != [press.concern]:
        pending = Pending([press.concern], None, message_id)
    shown = query.message.text_html if isinstance(query.message, Message) else None
    await _answered(s, context, chat.id, pending, press.yes, shown)
    try:
        await answer_press(query)
    except TelegramError as error:
        logger.warning("could not answer a safety button press: %s", error)


async def send_escalation(s: Services, context: ContextTypes.DEFAULT_TYPE, chat_id: int, outcome: Outcome,
                          about_other: bool = False) -> None:
    """Send the escalation reply first (retried through a 429 or a network fault); then log it (level and rule
    only), never failing because of the log."""
    await send_urgently(context, chat_id, escalation_reply(s.content.texts, outcome, s.config.emergency_number,
                                                           about_other))
    try:
        CheckinService(s.storage).record_screening(outcome, s.clock.now())
    except Exception:  # the reply is out; a log that can't be written must not take anything else down
        logger.exception("could not log an escalation (level %s); the reply was sent", int(outcome.level))


async def send_urgently(context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str) -> None:
    """Send a safety message, retried through a 429 (after its retry_after) or a network fault."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            await context.bot.send_message(chat_id, text)
            break
        except RetryAfter as error:
            if attempt == SEND_ATTEMPTS:
                raise
            await asyncio.sleep(error.retry_after if isinstance(error.retry_after, int | float)
                                else error.retry_after.total_seconds())
        except NetworkError:  # 5xx, timeouts, connection resets (BadRequest and Forbidden are not retried)
            if attempt == SEND_ATTEMPTS:
                raise
            await asyncio.sleep(0.2 * attempt)


async def _answered(s: Services, context: ContextTypes.DEFAULT_TYPE, chat_id: int, pending: Pending, yes: bool,
                    shown: str | None) -> None:
    """Act on a Yes or No to the pending question's first concern."""
    user_data = context.user_data if context.user_data is not None else {}
    concern = pending.concerns[0]
    user_data.pop(PENDING, None)
    if yes:
        await send_escalation(s, context, chat_id, confirmed(concern.topic), concern.about_other)
    await _show_answer(s, context, chat_id, pending.message_id, concern, yes, shown)
    if yes and concern.topic != PERSIST:
        return                                    # escalated: the message goes no further, as a certain sign
    rest = Pending(pending.concerns[1:], pending.update)
    if not yes and rest.concerns:
        await _ask_next(s, context, chat_id, rest)
    elif rest.update is not None:
        if context.chat_data is not None:
            context.chat_data[CLEARED] = rest.update.update_id
        await context.application.process_update(rest.update)
    elif not yes:
        await context.bot.send_message(chat_id, s.content.texts("ask_cleared"))


async def _ask_next(s: Services, context: ContextTypes.DEFAULT_TYPE, chat_id: int, pending: Pending) -> None:
    """Ask the pending question's first concern (nothing when there is none) and remember it."""
    if not pending.concerns:
        return
    texts, concern = s.content.texts, pending.concerns[0]
    sent = await context.bot.send_message(chat_id, question_text(texts, concern),
                                          reply_markup=question_markup(texts, concern))
    pending.message_id = sent.message_id
    if context.user_data is not None:
        context.user_data[PENDING] = pending


async def _show_answer(s: Services, context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int | None,
                       concern: Concern, yes: bool, shown: str | None) -> None:
    """Leave the question in the chat without its buttons, the answer under it (best effort)."""
    if message_id is None:
        return
    texts = s.content.texts
    label = texts("ask_yes_button" if yes else "ask_no_button")
    try:
        await edit_message(context.bot, chat_id, message_id,
                           texts("ask_answered", question=Html(shown or question_text(texts, concern)), answer=label))
    except TelegramError as error:  # best effort: the escalation itself has gone out already
        logger.info("could not mark a safety question answered: %s", error)


def _local_today(s: Services, user_id: int, now: datetime) -> date:
    """The subscriber's local date (someone not subscribed: the default zone's; UTC's when storage can't say):
    durations count in local days."""
    try:
        return CheckinService(s.storage).local_today(user_id, now)
    except KeyError:  # never subscribed, or erased: nothing stored about them
        return now.astimezone(ZoneInfo(s.config.default_timezone)).date()
    except Exception:
        logger.exception("could not read a subscriber's time zone; screening with the UTC date")
        return now.date()


def _typing_a_start_date(s: Services, user_id: int) -> bool:
    """Whether a check-in is waiting for a typed start date (it judges the duration itself)."""
    try:
        draft = CheckinService(s.storage).current(user_id)
    except Exception:
        logger.exception("could not read a check-in draft")
        return False
    return draft is not None and draft.step == SINCE_DATE
