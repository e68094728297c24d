"""The held-out message sets, folded into the table after their first scoring: every red flag caught or asked
about, no ordinary message escalated, questions on at most a fifth of them, and screening fast.

Each set was written by someone who never saw the screening code, scored once as it stood (the figures
are in bench/screening.py's README section), and only then used to fix what it showed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.core.triage.screening import screen
from tests.triage_scoring import ALARM, ASK, ASKED, CAUGHT, load, verdict

HERE = Path(__file__).parent
SETS = sorted(HERE.glob("triage_heldout_*.yaml"))
CASES = [(path.name, today, vignette) for path in SETS for today, vignettes in [load(path)] for vignette in vignettes]
MAX_ASKED_SHARE = 0.20
MAX_P99_MS = 2.0


def _case(name: str, today, vignette: dict):
    """A parametrised case; a known miss is an expected failure that names why, so it stays visible."""
    marks = [pytest.mark.xfail(reason=vignette["known_miss"], strict=True)] if "known_miss" in vignette else []
    return pytest.param(name, today, vignette, marks=marks, id=f"{name}:{vignette['id']}")


@pytest.mark.parametrize(("name", "today", "vignette"), [_case(*case) for case in CASES])
def test_each_message_is_handled_safely(name, today, vignette):
    found = verdict(vignette, today)
    if vignette["level"] == "SELF_CARE":
        assert found != ALARM, vignette["text"]
    else:
        assert found in (CAUGHT, ASKED), vignette["text"]


@pytest.mark.parametrize("path", SETS, ids=[path.name for path in SETS])
def test_questions_come_before_at_most_a_fifth_of_ordinary_messages(path):
    today, vignettes = load(path)
    ordinary = [v for v in vignettes if v["level"] == "SELF_CARE"]
    asked = [v["id"] for v in ordinary if verdict(v, today) == ASK]
    assert len(ordinary) >= 50 and len(asked) <= MAX_ASKED_SHARE * len(ordinary), asked


def test_sets_are_big_enough_and_cover_every_category():
    assert SETS, "no held-out set found"
    for path in SETS:
        _, vignettes = load(path)
        assert len(vignettes) >= 120
        assert {"event", "change", "measure", "duration", "overtrigger", "ordinary"} <= {v["category"] for v in vignettes}


def test_screening_stays_fast():
    texts = [vignette["text"] for _, _, vignette in CASES]
    samples = []
    for text in texts * 3:
        started = time.perf_counter()
        screen(text)
        samples.append(time.perf_counter() - started)
    samples.sort()
    assert samples[int(len(samples) * 0.99)] * 1000 < MAX_P99_MS * 3  # margin for a busy CI machine
