"""The check-in's questions as messages with buttons: `ck:<step>:<answer>` payloads, labels from content."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.checkins.dates import SINCE_CHOICES
from bot.core.checkins.flow import (
    BACK, CANCEL, FLAGS, GONE, NO_SIGNS, PAIN, PAIN_NOW, SIGNS_DONE, SINCE, SINCE_DATE, TREND, TRENDS, TYPE_DATE,
    YES, Draft,
)
from bot.core.content.texts import Texts
from bot.core.triage.rules import SIGNS
from bot.tg.keyboards.callbacks import BEGIN_CHECKIN, CHECKIN_BUTTON

QUESTION_TEXT = {PAIN_NOW: "checkin_pain_now_question", SINCE: "checkin_since_question",
                 SINCE_DATE: "checkin_since_date_question", PAIN: "checkin_pain_question",
                 TREND: "checkin_trend_question", FLAGS: "checkin_flags_question"}


def _button(label: str, step: str, answer: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=f"{CHECKIN_BUTTON}{step}:{answer}")


def question_markup(texts: Texts, draft: Draft) -> InlineKeyboardMarkup:
    """The buttons of the draft's current question, then Back and Stop."""
    step = draft.step
    if step == PAIN_NOW:
        rows = [[_button(texts("checkin_yes_button"), step, YES), _button(texts("checkin_gone_button"), step, GONE)]]
    elif step == SINCE:
        rows = [[_button(texts(f"checkin_since_{choice}_button"), step, choice)] for choice in SINCE_CHOICES]
        rows.append([_button(texts("checkin_since_type_button"), step, TYPE_DATE)])
    elif step == SINCE_DATE:
        rows = []
    elif step == PAIN:
        rows = [[_button(str(n), step, str(n)) for n in range(0, 6)],
                [_button(str(n), step, str(n)) for n in range(6, 11)]]
    elif step == TREND:
        rows = [[_button(texts(f"checkin_{trend}_button"), step, trend) for trend in TRENDS]]
    else:
        mark = texts("checkin_ticked_mark")
        rows = [[_button((mark if sign in draft.signs else "") + texts(f"sign_{sign}"), step, sign)] for sign in SIGNS]
        rows.append([_button(texts("checkin_none_button"), step, NO_SIGNS),
                     _button(texts("checkin_done_button"), step, SIGNS_DONE)])
    navigation = [_button(texts("checkin_cancel_button"), step, CANCEL)]
    if draft.trail:
        navigation.insert(0, _button(texts("checkin_back_button"), step, BACK))
    return InlineKeyboardMarkup([*rows, navigation])


def question_text(texts: Texts, draft: Draft, followup_kind: str | None = None) -> str:
    """The text of the draft's current question (a follow-up or its reminder words the first one)."""
    if draft.step == PAIN_NOW and followup_kind is not None:
        return texts("followup_reminder" if followup_kind == "reminder" else "followup_prompt")
    return texts(QUESTION_TEXT[draft.step])


def answer_label(texts: Texts, step: str, answer: str) -> str:
    """How a given answer reads when the answered question is shown without its buttons."""
    if step == PAIN_NOW:
        return texts("checkin_yes_button" if answer == YES else "checkin_gone_button")
    if step == SINCE:
        return texts("checkin_since_type_button" if answer == TYPE_DATE else f"checkin_since_{answer}_button")
    if step == TREND:
        return texts(f"checkin_{answer}_button")
    if step == FLAGS:
        return texts("checkin_none_button" if answer == NO_SIGNS else "checkin_done_button")
    return answer


def begin_markup(texts: Texts) -> InlineKeyboardMarkup:
    """One button that starts a check-in."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts("checkin_begin_button"), callback_data=BEGIN_CHECKIN)]])
