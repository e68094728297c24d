"""Scoring a screening vignette the way the safety net works: escalated at once, asked about first, or missed.

Shared by tests/test_triage_heldout.py and bench/screening.py. A red flag is caught when the message is
escalated to at least its level, or when the bot asks the yes/no question about that very sign (a Yes
escalates it); persistence, when it says "seek medical care" or asks the two-week question. An ordinary
message is a false alarm when it is escalated without a Yes, and is "asked" when a question comes first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from bot.core.triage.rules import PERSIST, Level
from bot.core.triage.screening import Screening, screen

CAUGHT, ASKED, MISSED, ALARM, ASK, QUIET = "caught", "asked", "missed", "alarm", "ask", "quiet"


def load(path: Path) -> tuple[date, list[dict]]:
    """A vignette file's today and its typed-message vignettes."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return date.fromisoformat(str(data["today"])), [v for v in data["vignettes"] if "text" in v]


def sign_of(vignette: dict) -> str | None:
    """The sign a red-flag vignette is about: its `sign`, else its first rule's."""
    return vignette.get("sign") or next((rule.removeprefix("sign:") for rule in vignette.get("rules", ())
                                         if rule.startswith("sign:")), None)


def verdict_of(vignette: dict, screening: Screening, questions: bool = True) -> str:
    """CAUGHT, ASKED or MISSED for a red flag; ALARM, ASK or QUIET for an ordinary message."""
    want = Level[vignette["level"]]
    asked = [concern.topic for concern in screening.ask] if questions else []
    if want == Level.SELF_CARE:
        if screening.outcome.level > Level.SELF_CARE:
            return ALARM
        return ASK if asked else QUIET
    if screening.outcome.level >= want:
        return CAUGHT
    topic = PERSIST if want == Level.SEE_DOCTOR else (vignette.get("asks") or sign_of(vignette))
    return ASKED if topic in asked else MISSED


def verdict(vignette: dict, today: date, questions: bool = True) -> str:
    """Screen the vignette's text on its day (`today` unless it names one) and score it."""
    day = date.fromisoformat(str(vignette["today"])) if "today" in vignette else today
    return verdict_of(vignette, screen(vignette["text"], day), questions)
