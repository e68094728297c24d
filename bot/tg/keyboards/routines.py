"""Buttons of guided routines. Pure; labels from texts.

Payloads (ROUTINE_BUTTON, at most 64 bytes): r:go:<routine id> start a routine; r:next, r:pause, r:resume,
r:stop on the current step; r:feel:<better|same|worse> after the last step.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.content.models import Routine
from bot.core.content.texts import Texts
from bot.core.routines.session import Session
from bot.tg.keyboards.callbacks import ROUTINE_BUTTON


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=ROUTINE_BUTTON + data)


def start_button(texts: Texts, routine: Routine, label: str = "routine_button") -> InlineKeyboardButton:
    """A button that starts a routine (its title and length, or the wording named by `label`)."""
    return _button(texts(label, title=routine.title, minutes=routine.minutes), f"go:{routine.id}")


def menu_keyboard(texts: Texts, routines: list[Routine]) -> InlineKeyboardMarkup:
    """Every routine, one a row."""
    return InlineKeyboardMarkup([[start_button(texts, routine)] for routine in routines])


def step_keyboard(texts: Texts, session: Session) -> InlineKeyboardMarkup:
    """Pause (or Resume), Next and Stop."""
    pause = _button(texts("routine_resume_button"), "resume") if session.phase == "paused" else \
        _button(texts("routine_pause_button"), "pause")
    return InlineKeyboardMarkup([[pause, _button(texts("routine_next_button"), "next")],
                                 [_button(texts("routine_stop_button"), "stop")]])


def feeling_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Better, Same, Worse."""
    return InlineKeyboardMarkup([[_button(texts(f"routine_{feeling}_button"), f"feel:{feeling}")
                                  for feeling in ("better", "same", "worse")]])
