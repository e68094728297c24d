"""The two tiers of the screening: what is certain, what earns a question, and what is left alone."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.checkins.holidays import day_of_month, holiday
from bot.core.triage.rules import PERSIST, Level
from bot.core.triage.questions import Concern, confirmed, yes_no
from bot.core.triage.screening import explain, screen

TODAY = date(2026, 11, 25)  # a Wednesday


def asked(text: str, today: date = TODAY) -> list[str]:
    return [concern.topic for concern in screen(text, today).ask]


def certain(text: str, today: date = TODAY) -> Level:
    return screen(text, today).outcome.level


# ------------------------------------------------------------------ concepts earn a question, not an escalation

@pytest.mark.parametrize(("text", "topic"), [
    ("I've been sitting on the toilet ages and barely anything happens", "bladder_bowel"),
    ("my girlfriend touched my backside and I could barely tell", "saddle_numbness"),
    ("since the spasm things in the bedroom just aren't happening for me", "sexual_dysfunction"),
    ("my left ankle and then the right one went fizzy this afternoon", "both_legs"),
    ("my right trainer keeps scuffing the floor because the foot won't lift", "severe_leg_weakness"),
    ("there's a heavy feeling across my chest with this back ache", "chest_pain"),
    ("got knocked off my scooter at the roundabout and my back is stiff", "major_trauma"),
    ("I keep going boiling hot then freezing cold and my back aches", "fever"),
    ("my trousers are baggy on me lately and my back aches", "weight_loss"),
    ("I'm on Stelara for my psoriasis, is that relevant to my back?", "immunosuppressed"),
    ("the ache gets me up at 4am every night", "night_pain"),
    ("there's a bulge near my spine the size of a walnut", "back_deformity"),
    ("the sore bit is level with my bra strap", "thoracic_pain"),
    ("my bones are like paper according to the scan", "osteoporosis_fall"),
])
def test_a_family_of_meaning_earns_its_question(text, topic):
    screening = screen(text, TODAY)
    assert topic in [c.topic for c in screening.ask] or screening.outcome.level >= Level.URGENT, explain(text, TODAY)


@pytest.mark.parametrize("text", [
    "which stretches are good for a stiff lower back?",
    "is it better to sit on a ball or a chair at work?",
    "how much water should I drink a day?",
    "my back is sore after gardening all weekend",
    "I sneezed and my back locked up, what now?",
    "thanks, that stretch really helped",
])
def test_ordinary_messages_are_neither_escalated_nor_asked_about(text):
    screening = screen(text, TODAY)
    assert screening.outcome.level == Level.SELF_CARE and not screening.ask, explain(text, TODAY)


def test_at_most_two_questions_most_urgent_first():
    text = "my trousers are baggy lately, I keep needing the loo and my upper back aches"  # three concepts
    assert asked(text) == ["bladder_bowel", "weight_loss"], explain(text, TODAY)


def test_only_questions_above_the_certain_level_are_asked():
    screening = screen("I've had cancer and now my upper back is sore", TODAY)
    assert screening.outcome.level == Level.URGENT
    assert all(confirmed(c.topic).level > Level.URGENT for c in screening.ask)


# ------------------------------------------------------------------ numbers: temperatures and weights

@pytest.mark.parametrize(("text", "level"), [
    ("thermometer says 38.6 and my back throbs", Level.URGENT),
    ("my temp was 101.8 F last night", Level.URGENT),
    ("temperature thirty nine point two, back is agony", Level.URGENT),
    ("checked my temperature: 36.8, just a stiff back", Level.SELF_CARE),
    ("the bath was 38 degrees, lovely for my back", Level.SELF_CARE),
])
def test_a_temperature_reading_decides_a_fever(text, level):
    assert certain(text) == level, explain(text, TODAY)


def test_two_weights_going_down_earn_the_weight_question():
    assert "weight_loss" in asked("I was 90kg in spring and I'm 81 now, back aches all the time")


# ------------------------------------------------------------------ context

@pytest.mark.parametrize("text", [
    "I'm a Leo, not a Cancer, my horoscope says rest my back",
    "my wallet is losing weight this month, but my back is better",
    "had a fever last week with flu but it's long gone, my back is stiff from bed",
    "years ago I fell off a roof but my back has been fine since",
])
def test_figures_of_speech_and_things_long_over_do_not_escalate(text):
    assert certain(text) == Level.SELF_CARE, explain(text, TODAY)


def test_an_emergency_sign_that_is_over_is_asked_about_not_ignored():
    screening = screen("my legs went numb this morning but that's gone now", TODAY)
    assert screening.outcome.level == Level.SELF_CARE and "both_legs" in [c.topic for c in screening.ask]


@pytest.mark.parametrize(("text", "level"), [
    ("my dad is 80 with brittle bones and slipped on the stairs, his back is killing him", Level.URGENT),
    ("my wife has a temperature of 39 and her back is in agony", Level.URGENT),
    ("my son came off the trampoline and landed on his back, he's crying", Level.EMERGENCY),
])
def test_a_carer_reporting_someone_elses_back_gets_advice_phrased_for_them(text, level):
    screening = screen(text, TODAY)
    assert screening.outcome.level == level and screening.about_other, explain(text, TODAY)


@pytest.mark.parametrize("text", ["my friend had cancer and told me to stretch", "my dad has a fever"])
def test_someone_elses_urgent_sign_is_not_the_users_when_the_back_pain_is_the_users(text):
    assert certain(text) == Level.SELF_CARE


# ------------------------------------------------------------------ durations

@pytest.mark.parametrize(("text", "level"), [
    ("nineteen days of this ache", Level.SEE_DOCTOR),
    ("two weeks and three days now, my back still hurts", Level.SEE_DOCTOR),
    ("a month and a bit of back pain", Level.SEE_DOCTOR),
    ("my back has hurt since Halloween", Level.SEE_DOCTOR),
    ("sore every day from the 2nd onwards", Level.SEE_DOCTOR),
    ("the spasms started mid-October and never left", Level.SEE_DOCTOR),
    ("back pain since the clocks went back", Level.SEE_DOCTOR),
    ("it's the 20th day of this back ache", Level.SEE_DOCTOR),
    ("my back has hurt since Monday", Level.SELF_CARE),
    ("twelve days of back ache", Level.SELF_CARE),
    ("a fortnight today my back went", Level.SELF_CARE),
    ("my back started hurting on the 20th", Level.SELF_CARE),
    ("I'm doing a 6 week physio course for my back", Level.SELF_CARE),
])
def test_durations_in_many_forms(text, level):
    assert certain(text) == level, explain(text, TODAY)


@pytest.mark.parametrize("text", ["my back has ached since my sister's wedding", "ever since the school reunion"])
def test_a_start_no_calendar_knows_gets_the_two_week_question(text):
    screening = screen(text, TODAY)
    assert screening.outcome.level == Level.SELF_CARE and [c.topic for c in screening.ask] == [PERSIST]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("halloween", date(2026, 10, 31)), ("bonfire night", date(2026, 11, 5)),
    ("last christmas", date(2025, 12, 25)), ("easter", date(2026, 4, 5)),
    ("remembrance sunday", date(2026, 11, 8)), ("the clocks went back", date(2026, 10, 25)),
    ("diwali", date(2026, 11, 8)), ("labor day weekend", date(2026, 9, 7)), ("melbourne cup day", date(2026, 11, 3)),
    ("last thanksgiving", date(2025, 11, 27)),
    # nearly a year back while this year's is still to come: more likely this year's, so not resolved (asked)
    ("christmas", None), ("thanksgiving", None),
    ("children", None), ("boxing", None),
])
def test_holidays_resolve_to_the_latest_one_not_after_today(phrase, expected):
    assert holiday(phrase, TODAY) == expected


@pytest.mark.parametrize(("phrase", "expected"), [
    ("the 6th", date(2026, 11, 6)), ("30th", date(2026, 10, 30)), ("the first of the month", date(2026, 11, 1)),
    ("the 31st", date(2026, 10, 31)),
])
def test_a_bare_day_of_the_month_is_this_month_or_last(phrase, expected):
    assert day_of_month(phrase, TODAY) == expected


# ------------------------------------------------------------------ answers to the question

@pytest.mark.parametrize(("text", "answer"), [
    ("yes", True), ("Yeah", True), ("yep, it is", True), ("Y", True), ("ja", True),
    ("no", False), ("Nope", False), ("not really", False), ("no, not at all", False), ("nah", False),
    ("what?", None), ("my back hurts when I sit and I don't know why it keeps doing this", None), ("", None),
])
def test_a_typed_reply_is_read_as_yes_or_no(text, answer):
    assert yes_no(text) is answer


def test_a_yes_confirms_the_sign_at_its_level():
    assert confirmed("both_legs").level == Level.EMERGENCY
    assert confirmed(PERSIST).rules == (PERSIST,)
    with pytest.raises(ValueError):
        Concern("not_a_sign")
