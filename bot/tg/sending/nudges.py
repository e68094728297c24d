"""Scheduled nudges in Telegram: the dispatcher that sends whatever is due (nudges; follow-up
check-ins through bot/tg/sending/followups.py; broadcasts through bot/tg/sending/broadcasts.py), and the nudge buttons.

Who is due when lives in SQLite (bot/core/nudges/plan.py); a repeating JobQueue job calls
dispatch_due(), which sends every due message oldest first, a few at a time, through the
rate-limited Sender, and plans each subscriber's next slot. Nothing per subscriber stays in memory
between ticks.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes

from bot.core.checkins.service import CHECKIN
from bot.core.nudges.plan import NUDGE, base_slot, category_of, snoozes_of
from bot.core.storage.store import ACTIVE
from bot.core.storage.due import CANCELLED, MISSED, SENT, DueMessage
from bot.core.content.tips import choose_tip, render_tip
from bot.core.storage.broadcasts import BROADCAST
from bot.core.storage.engagement import Question
from bot.tg.sending.broadcasts import broadcast_id_of, deliver_broadcast, report_progress
from bot.tg.sending.followups import deliver_followup
from bot.tg.handlers.fallback import stale_button
from bot.tg.sending.delivery import send_due
from bot.tg.sending.routine_steps import tick_routines
from bot.tg.sending.engagement import LOOKBACK, Seen, ask_now, held_for_silence
from bot.tg.keyboards.engagement import question_keyboard
from bot.tg.sending.sender import Blocked, SendFailed, Undeliverable
from bot.tg.services import SERVICES_KEY, Services, services
from bot.tg.editing import answer_press, set_buttons
from bot.tg.keyboards.callbacks import NUDGE_BUTTON, ROUTINE_BUTTON, SETTINGS_BUTTON
from scheduler.parsing import MAX_ID, bounded_int
from scheduler.schedule import late_policy
from scheduler.settings import NudgeSettings

logger = logging.getLogger(__name__)

BATCH = 500
CONCURRENT_SENDS = 4  # 30/s needs 4 in flight at round trips up to 130 ms; more costs httpx pool bookkeeping


def nudge_keyboard(s: Services, due_id: int, category: str) -> dict:
    """✅ Done, ⏰ Snooze 30 min, ⏭ Skip today, then a stretching nudge's routine and ⚙️ to the category's settings,
    as the Bot API's JSON (built once per message on the
    fan-out's hot path, where PTB's InlineKeyboardMarkup objects cost a few percent of a send)."""
    texts = s.content.texts
    second_row = [{"text": texts("nudge_settings_button"), "callback_data": f"{SETTINGS_BUTTON}open:{category}"}]
    routine = s.content.offered_routine("nudges") if category == "stretching" else None
    if routine is not None:
        second_row.insert(0, {"text": texts("routine_nudge_button", minutes=routine.minutes),
                              "callback_data": f"{ROUTINE_BUTTON}go:{routine.id}"})
    return {"inline_keyboard": [[
        {"text": texts("nudge_done_button"), "callback_data": f"{NUDGE_BUTTON}d:{due_id}"},
        {"text": texts("nudge_snooze_button"), "callback_data": f"{NUDGE_BUTTON}z:{due_id}"},
        {"text": texts("nudge_skip_button"), "callback_data": f"{NUDGE_BUTTON}s:{due_id}"},
    ], second_row]}


@dataclass(frozen=True)
class Known:
    """What the dispatcher read about one subscriber when their batch was claimed (one query each per batch)."""

    status: str | None = None
    settings: dict[str, NudgeSettings] | None = None
    views: Mapping[str, datetime] = field(default_factory=dict)  # tip id -> last shown
    seen: Seen | None = None
    actions: list[tuple[str, str, datetime]] = field(default_factory=list)  # nudge actions of the last LOOKBACK
    questions: Mapping[str, Question] = field(default_factory=dict)  # category -> the last question asked


def read_known(s: Services, users: list[int]) -> dict[int, Known]:
    """Known for every subscriber of a batch, in one query per table."""
    statuses, settings = s.storage.statuses_of(users), s.storage.nudge_settings_of(users)
    views, seen = s.storage.tip_views_of(users), s.storage.last_seen_of(users)
    actions, questions = s.storage.actions_of(users, s.clock.now() - LOOKBACK), s.storage.questions_of(users)
    return {user: Known(statuses.get(user), settings.get(user), views.get(user, {}), seen.get(user),
                        actions.get(user, []), questions.get(user, {})) for user in users}


DATABASE_ALERT = ("⚠️ Database problem: {problem}.\n\nThe bot has stopped writing to it so that nothing more is "
                  "lost without anyone knowing: nothing typed is saved, no reminders or broadcasts go out. Put the "
                  "file back (or fix it) and restart the bot; started without it, the bot begins with an empty database.")


async def database_halted(s: Services) -> bool:
    """Whether the storage is halted; the first time the database file is found deleted or replaced (one
    os.stat), halt it, log an ERROR and alert every admin, once."""
    if s.storage.halted is not None:
        return True
    problem = s.storage.file_problem()
    if problem is None:
        return False
    s.storage.halt(problem)
    logger.error("database problem: %s; writes and the dispatcher are stopped until the bot is restarted", problem)
    for admin_id in sorted(s.config.admin_ids):
        try:
            await s.sender.send(admin_id, html.escape(DATABASE_ALERT.format(problem=problem)))
        except (Blocked, Undeliverable, SendFailed) as error:
            logger.warning("could not alert admin %s about the database: %s", admin_id, error)
    return True


async def dispatch_due(app: Application) -> int:
    """Send every message that is due now; return how many were sent (none once the database is halted)."""
    s: Services = app.bot_data[SERVICES_KEY]
    async with s.dispatch_lock:
        s.last_tick = time.monotonic()
        if await database_halted(s):  # before anything is claimed: a halted storage writes nothing
            return 0
        sent = 0
        gate = asyncio.Semaphore(CONCURRENT_SENDS)
        s.sender.erased.clear()  # this pass claims nothing of theirs: their rows are gone

        async def one(due: DueMessage, known: Known) -> int:
            async with gate:
                if s.sender.stopping:  # shutting down: back to pending, untouched, for the next start
                    s.storage.retry_later(due.id, due.due_at, s.clock.now())
                    return 0
                try:
                    if due.kind == CHECKIN:
                        return await deliver_followup(s, due, known.status)
                    if due.kind == BROADCAST:
                        return await deliver_broadcast(s, due, known.status)
                    return await deliver_nudge(s, due, known)
                except Exception:  # one message's failure must not end the pass for the others
                    if due.user_id in s.sender.erased:  # erased while this one was on the wire: nothing to keep
                        logger.info("%s %s: its subscriber erased their data meanwhile", due.kind, due.id)
                    else:  # left as claimed: recovered as pending at the next start
                        logger.exception("%s %s could not be delivered or settled", due.kind, due.id)
                    return 0

        while not s.sender.stopping and (batch := s.storage.due(s.clock.now(), BATCH)):
            # one claim, and one read of what the pass needs to know about its subscribers, for the whole batch
            claimed = s.storage.claim_many([due.id for due in batch], s.clock.now())
            at = time.monotonic()
            s.sender.claimed.update((due_id, at) for due_id in claimed)  # from here on, waiting is pacing
            users = list({due.user_id for due in batch if due.id in claimed})
            known = read_known(s, users)
            sent += sum(await asyncio.gather(*(one(due, known[due.user_id]) for due in batch if due.id in claimed)))
            s.sender.claimed.clear()  # those not sent (missed, cancelled) leave nothing behind
            broadcasts = {number for due in batch if (number := broadcast_id_of(due)) is not None}
            if broadcasts:
                await report_progress(s, app.bot, broadcasts)
        return sent


async def dispatch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The repeating JobQueue job: one dispatcher tick, then the clocks of guided routines."""
    await dispatch_due(context.application)
    if context.application.bot_data[SERVICES_KEY].storage.halted is None:
        await tick_routines(context.application)


async def deliver_nudge(s: Services, due: DueMessage, known: Known) -> int:
    """Send one claimed nudge (or record it missed, or ask about its category, or pause for silence) and plan
    the next; return 1 when sent. `known`: the subscriber, as read when the batch was claimed."""
    status, all_settings, seen = known.status, known.settings, known.views
    now, storage = s.clock.now(), s.storage
    if status != ACTIVE or all_settings is None:
        storage.settle(due.id, CANCELLED, now)
        return 0
    if await held_for_silence(s, due, known.seen):
        return 0
    category = category_of(due.slot)
    if late_policy(due.due_at, now, all_settings[category]) == "missed":
        with storage.atomically():
            storage.settle(due.id, MISSED, now)
            storage.record_action(due.user_id, base_slot(due.slot), "missed", now)
            s.planner.plan(due.user_id, due.due_at, now, all_settings)
        return 0
    question = ask_now(s, due, all_settings[category], known.actions, known.questions.get(category))
    tip = None if question else choose_tip(s.content.tips[category], seen, s.rng)
    markup: InlineKeyboardMarkup | dict
    if tip is None:
        text, markup = s.content.texts("engage_question", category=category), question_keyboard(s.content.texts, category)
    else:
        text, markup = render_tip(tip, s.content.texts), nudge_keyboard(s, due.id, category)
    delivered = await send_due(s, due, text, markup)
    if delivered is None:
        return 0
    with storage.atomically():  # a crash can't leave it sent without the next slot planned
        storage.settle(due.id, SENT, s.clock.now(), message_id=delivered.message_id, paced=delivered.paced)
        if tip is not None:
            storage.record_tip_view(due.user_id, tip.id, category, now)
        else:
            storage.ask_question(due.user_id, category, now)
        if snoozes_of(due.slot) == 0:
            storage.record_action(due.user_id, due.slot, "sent" if tip is not None else "asked", now)
            s.planner.plan(due.user_id, due.due_at, now, all_settings)
    return 1


async def nudge_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ Done, ⏰ Snooze or ⏭ Skip today on a nudge: record it and act on it."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    s = services(context)
    action, _, due_id = query.data.removeprefix(NUDGE_BUTTON).partition(":")
    number = bounded_int(due_id, 1, MAX_ID)
    due = s.storage.due_message(number) if number is not None else None
    if due is None or due.user_id != user.id or due.kind != NUDGE or action not in ("d", "z", "s"):
        await stale_button(update, context)
        return
    texts, now, slot = s.content.texts, s.clock.now(), base_slot(due.slot)
    if s.storage.final_action(user.id, slot) is not None:  # a second press (or a press after Done/Skip)
        await answer_press(query, texts("nudge_already_noted"))
        await set_buttons(query, None)
        return
    if action == "z":
        if not s.planner.snooze(user.id, due.slot, now):
            await answer_press(query, texts("nudge_snooze_limit"), alert=True)
            return
        s.storage.record_action(user.id, slot, "snoozed", now)
        answer = texts("nudge_snoozed")
    elif action == "s":
        s.storage.record_action(user.id, slot, "skipped", now)
        s.planner.skip_today(user.id, due.slot, now)
        answer = texts("nudge_skipped")
    else:
        s.storage.record_action(user.id, slot, "done", now)
        answer = texts("nudge_done")
    await answer_press(query, answer)
    await set_buttons(query, None)
