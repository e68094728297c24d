"""Rendering an answer topic as the message a subscriber reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.content.models import Answer
    from bot.core.content.texts import Texts


def render_answer(answer: Answer, texts: Texts) -> str:
    """Return the answer as Telegram HTML, ending with the seek-care reminder where the topic calls for it."""
    parts = [f"<b>{answer.title}</b>", "", answer.answer.strip()]
    if answer.seek_care:
        parts += ["", texts("seek_care_reminder")]
    return "\n".join(parts)
