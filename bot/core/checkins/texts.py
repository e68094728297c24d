"""The check-in's and the safety net's texts: which names the code uses, with their placeholders, and the
fixed phrases each outcome must keep so its meaning survives any rewording (content/checkin.yaml holds
the words)."""

from __future__ import annotations

from bot.core.triage.rules import SIGNS, Level
from bot.core.triage.questions import TOPICS, text_name

# name -> placeholders it is given. Sign labels are "sign_<id>" for every sign the triage knows.
CHECKIN_PLACEHOLDERS: dict[str, frozenset[str]] = {
    name: frozenset(fields)
    for name, fields in {
        "checkin_pain_now_question": set(),
        "followup_prompt": set(),
        "followup_reminder": set(),
        "checkin_begin_button": set(),
        "checkin_yes_button": set(),
        "checkin_gone_button": set(),
        "checkin_since_question": set(),
        "checkin_since_today_button": set(),
        "checkin_since_1-3d_button": set(),
        "checkin_since_4-7d_button": set(),
        "checkin_since_1-2w_button": set(),
        "checkin_since_over2w_button": set(),
        "checkin_since_type_button": set(),
        "checkin_since_date_question": set(),
        "checkin_since_unclear": set(),
        "checkin_pain_question": set(),
        "checkin_trend_question": set(),
        "checkin_better_button": set(),
        "checkin_same_button": set(),
        "checkin_worse_button": set(),
        "checkin_flags_question": set(),
        "checkin_none_button": set(),
        "checkin_done_button": set(),
        "checkin_ticked_mark": set(),
        "checkin_back_button": set(),
        "checkin_cancel_button": set(),
        "checkin_cancelled": set(),
        "checkin_answered": {"question", "answer"},
        "checkin_sign_now": set(),
        "outcome_emergency": {"emergency_number"},
        "outcome_urgent": set(),
        "outcome_see_doctor": {"reasons"},
        "outcome_self_care": set(),
        "reason_persist_14d": set(),
        "reason_worse_twice": set(),
        "reason_pain8_twice": set(),
        "advice_cold": set(),
        "advice_heat": set(),
        "advice_active": set(),
        "advice_stretch": set(),
        "advice_hydration": set(),
        "checkin_next": {"when"},
        "checkin_closed": set(),
        "checkin_nothing_open": set(),
        "checkin_usage": set(),
        "checkin_prefs_saved": {"time", "every"},
        "history_title": set(),
        "history_pain_label": set(),
        "history_caption": {"count"},
        "history_empty": set(),
        "mydata_caption": {"days"},
        **{f"sign_{sign}": set() for sign in SIGNS},
        "outcome_emergency_other": {"emergency_number"},
        "outcome_urgent_other": set(),
        "outcome_see_doctor_other": {"reasons"},
        "reason_persist_14d_other": set(),
        **{text_name(topic): set() for topic in TOPICS},
        "ask_about_them": set(),
        "ask_yes_button": set(),
        "ask_no_button": set(),
        "ask_answered": {"question", "answer"},
        "ask_cleared": set(),
    }.items()
}

EMERGENCY_PHRASE, CARE_PHRASE, TODAY_PHRASE = "emergency", "seek medical care", "today"

# Outcome texts and the phrases they must contain (case-insensitive, in the rendered text).
REQUIRED_PHRASES: dict[str, tuple[str, ...]] = {
    "outcome_emergency": (EMERGENCY_PHRASE,),
    "outcome_urgent": (CARE_PHRASE, TODAY_PHRASE),
    "outcome_see_doctor": (CARE_PHRASE,),
    "outcome_emergency_other": (EMERGENCY_PHRASE,),
    "outcome_urgent_other": (CARE_PHRASE, TODAY_PHRASE),
    "outcome_see_doctor_other": (CARE_PHRASE,),
}
REQUIRED_PLACEHOLDERS: dict[str, tuple[str, ...]] = {"outcome_emergency": ("emergency_number",),
                                                     "outcome_emergency_other": ("emergency_number",)}
# The safety net's question buttons must read as a plain Yes and No, whatever else they say.
REQUIRED_STARTS: dict[str, str] = {"ask_yes_button": "Yes", "ask_no_button": "No"}
# Texts that make up a self-care reply: they must contain neither escalation phrase.
SELF_CARE_PARTS = ("outcome_self_care", "advice_cold", "advice_heat", "advice_active", "advice_stretch",
                   "advice_hydration", "checkin_next", "checkin_closed")

OUTCOME_TEXT: dict[Level, str] = {
    Level.EMERGENCY: "outcome_emergency",
    Level.URGENT: "outcome_urgent",
    Level.SEE_DOCTOR: "outcome_see_doctor",
    Level.SELF_CARE: "outcome_self_care",
}
# The same outcomes phrased for someone the subscriber is writing about ("call 112 for them").
OUTCOME_TEXT_OTHER: dict[Level, str] = {
    Level.EMERGENCY: "outcome_emergency_other",
    Level.URGENT: "outcome_urgent_other",
    Level.SEE_DOCTOR: "outcome_see_doctor_other",
}


def phrase_problems(name: str, plain_text: str, placeholders_used: set[str]) -> list[str]:
    """What is wrong with a check-in text's fixed phrases (empty when nothing is)."""
    lowered = " ".join(plain_text.lower().split())
    problems = [f"text '{name}' must contain \"{phrase}\" (it tells the subscriber what this outcome means)"
                for phrase in REQUIRED_PHRASES.get(name, ()) if phrase not in lowered]
    problems += [f"text '{name}' must use {{{placeholder}}}"
                 for placeholder in REQUIRED_PLACEHOLDERS.get(name, ()) if placeholder not in placeholders_used]
    if name in REQUIRED_STARTS and not plain_text.strip().startswith(REQUIRED_STARTS[name]):
        problems.append(f"text '{name}' must begin with \"{REQUIRED_STARTS[name]}\" (the safety question's answer)")
    if name in SELF_CARE_PARTS:
        problems += [f"text '{name}' is part of a self-care reply and must not contain \"{phrase}\""
                     for phrase in (EMERGENCY_PHRASE, CARE_PHRASE) if phrase in lowered]
    return problems
