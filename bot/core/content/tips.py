"""Choosing which tip a subscriber sees next, and rendering a tip as a message."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.content.models import Tip
    from bot.core.content.texts import Texts


def choose_tip(tips: Sequence[Tip], last_shown: Mapping[str, datetime], rng: random.Random) -> Tip:
    """Pick a tip the subscriber has not seen yet, else the one seen longest ago.

    Tips rotate without repeats until all have been seen, and the most recent tip is never chosen
    again while there is another.
    """
    if not tips:
        raise ValueError("no tips to choose from")
    unseen = [tip for tip in tips if tip.id not in last_shown]
    if unseen:
        return rng.choice(unseen)
    return min(tips, key=lambda tip: last_shown[tip.id])


def render_tip(tip: Tip, texts: Texts) -> str:
    """Return the tip as Telegram HTML: title, text, and for stretches how, how long and when to stop."""
    parts = [f"<b>{tip.title}</b>", "", tip.text.strip()]
    if tip.steps:
        parts += ["", f"<b>{texts('tip_steps_label')}</b>"]
        parts += [f"{number}. {step}" for number, step in enumerate(tip.steps, start=1)]
    if tip.hold:
        parts += ["", f"<b>{texts('tip_hold_label')}</b> {tip.hold}"]
    if tip.stop_if:
        parts += [f"<b>{texts('tip_stop_label')}</b> {tip.stop_if}"]
    return "\n".join(parts)
