"""Turning a subscriber's recorded nudge actions into the outcomes /progress summarises."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from bot.core.nudges.plan import base_slot, category_of
from scheduler.progress import NudgeOutcome


def outcomes_from_actions(actions: Iterable[tuple[str, str, datetime]]) -> list[NudgeOutcome]:
    """One outcome per nudge slot: its last Done or Skip, else no answer; missed stays missed."""
    final: dict[str, str] = {}
    for slot, action, _ in actions:
        slot = base_slot(slot)
        if action in ("sent", "missed"):  # a slot is either sent or missed, never both
            final.setdefault(slot, "none" if action == "sent" else "missed")
        elif action in ("done", "skipped"):
            final[slot] = action
    return [NudgeOutcome(date.fromisoformat(slot.split(":")[1]), category_of(slot), outcome)
            for slot, outcome in final.items()]
