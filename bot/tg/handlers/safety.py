"""The safety net: every typed message, in any state, is screened for red flags before anything else.

It runs in the first handler group. An EMERGENCY or URGENT match gets its reply and stops there (the
message is not treated as a question, so health details are never kept as unanswered questions).
Persistence past two weeks gets the "seek medical care" reply and the message goes on to be
answered as usual, except while a check-in is asking for the start date, which handles it itself.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.checkin_flow import SINCE_DATE
from bot.core.checkin_replies import escalation_reply
from bot.core.checkins import CheckinService
from bot.core.triage import Level
from bot.core.triage_text import screen_text
from bot.tg.services import services


async def screen_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Screen a typed (or edited) message; reply with the escalation first when it shows a sign."""
    message, user = update.effective_message, update.effective_user
    text = message.text if message is not None else None
    if message is None or user is None or not text:
        return
    s = services(context)
    now = s.clock.now()
    outcome = screen_text(text, now.date())
    if outcome.level == Level.SELF_CARE:
        return
    checkins = CheckinService(s.storage)
    if outcome.level == Level.SEE_DOCTOR:
        draft = checkins.current(user.id)
        if draft is not None and draft.step == SINCE_DATE:
            return
    checkins.record_screening(outcome, now)
    await message.reply_text(escalation_reply(s.content.texts, outcome, s.config.emergency_number))
    if outcome.level >= Level.URGENT:
        raise ApplicationHandlerStop
