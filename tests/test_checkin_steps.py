"""The check-in state machine as a pure function of answers and a date (no Telegram, no clock)."""

from datetime import date

import pytest

from bot.core.checkins.flow import (
    FLAGS, PAIN, PAIN_NOW, SINCE, SINCE_DATE, TREND, Cancelled, Draft, Finished, InvalidAnswer, advance, start,
)
from bot.core.checkins.replies import outcome_reply
from bot.core.content.loader import load_content
from bot.core.triage.rules import Level, Outcome, assess
from pathlib import Path

CONTENT = Path(__file__).resolve().parent.parent / "content"

TODAY = date(2026, 3, 10)
TEXTS = load_content(CONTENT).texts


def run(draft: Draft, *answers: str):
    for answer in answers:
        draft = advance(draft, answer, TODAY)
    return draft


def test_a_new_episode_asks_since_when_then_pain_then_the_checklist():
    draft = run(start(), "yes")
    assert draft.step == SINCE
    assert run(draft, "4-7d").step == PAIN
    assert run(draft, "4-7d", "6").step == FLAGS
    finished = run(draft, "4-7d", "6", "none")
    assert isinstance(finished, Finished)
    assert finished.report.started_on == date(2026, 3, 5) and finished.report.pain == 6


def test_an_open_episode_skips_since_when_and_asks_the_trend_from_the_second_checkin():
    draft = run(start(date(2026, 3, 1), earlier=1), "yes")
    assert draft.step == PAIN
    assert run(draft, "5").step == TREND
    report = run(draft, "5", "worse", "done").report
    assert (report.started_on, report.trend) == (date(2026, 3, 1), "worse")


def test_its_gone_finishes_at_once():
    finished = run(start(date(2026, 3, 1), earlier=2), "gone")
    assert isinstance(finished, Finished) and finished.report.pain_now is False


def test_signs_toggle_and_done_reports_the_ticked_ones():
    draft = run(start(), "yes", "today", "3", "fever", "chest_pain", "fever")
    assert draft.step == FLAGS and draft.signs == ("chest_pain",)
    assert run(draft, "done").report.signs == frozenset({"chest_pain"})
    assert run(draft, "none").report.signs == frozenset()


def test_a_typed_date_replaces_the_since_step_and_back_returns_to_it():
    draft = run(start(), "yes", "type")
    assert draft.step == SINCE_DATE
    draft = run(draft, "2026-02-20")
    assert draft.step == PAIN and draft.started_on == "2026-02-20"
    assert run(draft, "back").step == SINCE


def test_back_walks_back_and_back_from_the_first_question_leaves():
    draft = run(start(), "yes", "today", "4")
    assert run(draft, "back").step == PAIN
    assert run(draft, "back", "back").step == SINCE
    assert run(draft, "back", "back", "back").step == PAIN_NOW
    assert isinstance(run(draft, "back", "back", "back", "back"), Cancelled)


def test_cancel_leaves_from_anywhere():
    assert isinstance(run(start(), "yes", "cancel"), Cancelled)


@pytest.mark.parametrize(("answers", "bad"), [
    ((), "maybe"), (("yes",), "yesterday-ish"), (("yes", "today"), "11"), (("yes", "today"), "-1"),
    (("yes", "today", "5"), "not_a_sign"), (("yes", "type"), "next tuesday in 2090"),
])
def test_answers_the_question_does_not_offer_are_refused(answers, bad):
    with pytest.raises(InvalidAnswer):
        run(start(), *answers, bad)


def test_a_draft_survives_a_round_trip_through_plain_data():
    draft = run(start(date(2026, 3, 1), earlier=1), "yes", "5", "same", "fever")
    assert Draft.from_dict(draft.to_dict()) == draft
    with pytest.raises(InvalidAnswer):
        Draft.from_dict({"step": "nowhere"})


@pytest.mark.parametrize(("started", "expected"), [(date(2026, 3, 10), "cold pack"), (date(2026, 3, 5), "warmth")])
def test_self_care_advice_is_cold_early_and_warmth_later(started, expected):
    report = run(start(started, earlier=1), "yes", "4", "same", "none").report
    outcome = assess(report, [])
    assert outcome.level == Level.SELF_CARE
    reply = outcome_reply(TEXTS, outcome, report, "112", date(2026, 3, 13))
    assert expected in reply and "Friday, 13 March" in reply
    assert "seek medical care" not in reply.lower() and "emergency" not in reply.lower()


@pytest.mark.parametrize(("level", "phrases"), [
    (Level.EMERGENCY, ("emergency", "112")), (Level.URGENT, ("seek medical care", "today")),
    (Level.SEE_DOCTOR, ("seek medical care",)),
])
def test_each_escalation_reply_carries_its_fixed_phrases(level, phrases):
    report = run(start(), "yes", "today", "4", "none").report
    rules = {Level.EMERGENCY: ("sign:chest_pain",), Level.URGENT: ("sign:fever",), Level.SEE_DOCTOR: ("persist_14d",)}
    reply = outcome_reply(TEXTS, Outcome(level, rules[level]), report, "112", None).lower()
    assert all(phrase in reply for phrase in phrases)
