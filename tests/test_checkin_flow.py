"""Symptom check-ins through the real Application and the emulator, with a controlled clock:
episodes, follow-ups every 3 days, escalation after two weeks, reminders, and restarts."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.content.loader import load_content
from bot.emulator.server import EmulatorServer
from bot.tg.sending.nudges import dispatch_due
from tests.harness import CONTENT, START, button_labels, running_bot, texts_of

TEXTS = load_content(CONTENT).texts
YES, GONE = TEXTS("checkin_yes_button"), TEXTS("checkin_gone_button")
NONE_OF_THESE = TEXTS("checkin_none_button")
CARE = "seek medical care"


async def subscribe(bot, user: int = 1):
    """Consent, with nudges turned off so only check-ins arrive."""
    chat = bot.chat(user)
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    for category in ("posture", "hydration", "stretching"):
        bot.storage.set_category(user, category, bot.clock.now(), enabled=False)
    bot.storage.cancel_pending(user, "nudge")
    chat.catch_up()
    return chat


async def first_checkin(chat, pain: int = 6, since: str = "checkin_since_today_button") -> str:
    """Day-0 check-in: pain now, since when, pain score, no red flags; return the outcome text."""
    await chat.send("/checkin")
    await chat.press(YES, expect=3)
    await chat.press(TEXTS(since), expect=3)
    await chat.press(str(pain), expect=3)
    events = await chat.press(NONE_OF_THESE, expect=3)
    return texts_of(events)[-1]


async def answer_followup(chat, pain: int = 5, trend: str = "checkin_same_button") -> str:
    """Answer the follow-up that just arrived: still in pain, a score, a trend, no red flags."""
    await chat.press(YES, expect=3)
    await chat.press(str(pain), expect=3)
    await chat.press(TEXTS(trend), expect=3)
    events = await chat.press(NONE_OF_THESE, expect=3)
    return texts_of(events)[-1]


def day(n: int, hour: int = 19, minute: int = 0) -> datetime:
    return START.replace(hour=hour, minute=minute) + timedelta(days=n)


async def tick(bot, when: datetime) -> int:
    bot.clock.set(when)
    return await dispatch_due(bot.app)


def followups(chat) -> list[dict]:
    """Messages that opened a follow-up check-in (prompt or reminder)."""
    prompts = (TEXTS("followup_prompt"), TEXTS("followup_reminder"))
    return [e for e in chat.history() if e["kind"] == "message" and e.get("raw_text") in prompts]


def pending_checkins(bot, user: int = 1) -> list[tuple[str, str]]:
    return bot.storage.db.execute("select slot, due_at from due_messages where user_id = ? and kind = 'checkin' "
                                  "and status = 'pending' order by due_at", [user]).fetchall()


async def test_day_zero_self_care_then_follow_ups_every_three_days_then_care_after_two_weeks(bot):
    chat = await subscribe(bot)
    outcome = await first_checkin(chat)
    assert CARE not in outcome.lower() and "emergency" not in outcome.lower()
    assert "cold" in outcome.lower()  # started today: cold in the first 48 hours
    assert "Thursday, 05 March" in outcome  # day 3
    for n in (3, 6, 9, 12):
        assert await tick(bot, day(n - 1)) == 0, f"nothing before day {n}"
        assert await tick(bot, day(n)) == 1, f"follow-up on day {n}"
        reply = await answer_followup(chat)
        assert CARE not in reply.lower(), f"day {n}: {reply}"
        assert "heat" in reply.lower() or "warmth" in reply.lower()
    assert await tick(bot, day(15)) == 1
    reply = await answer_followup(chat)
    assert CARE in reply.lower() and "two weeks" in reply.lower()
    assert await tick(bot, day(18)) == 1
    assert CARE in (await answer_followup(chat)).lower(), "the escalation is repeated while it holds"
    levels = bot.storage.db.execute("select level, rule from escalations").fetchall()
    assert levels == [(1, "persist_14d"), (1, "persist_14d")]


async def test_its_gone_closes_the_episode_and_stops_follow_ups(bot):
    chat = await subscribe(bot)
    await first_checkin(chat)
    await tick(bot, day(3))
    events = await chat.press(GONE, expect=3)
    assert TEXTS("checkin_closed") in texts_of(events)[-1]
    assert bot.storage.open_episode(1) is None
    assert pending_checkins(bot) == []
    for n in range(4, 20):
        assert await tick(bot, day(n)) == 0


async def test_an_unanswered_follow_up_gets_one_reminder_then_silence(bot):
    chat = await subscribe(bot)
    await first_checkin(chat)
    assert await tick(bot, day(3)) == 1
    assert await tick(bot, day(3, 22, 59)) == 0  # 4 hours later is inside quiet hours (22:00-07:00)
    assert await tick(bot, day(4, 7, 0)) == 1  # so the reminder comes when they end
    moment = day(4, 7)
    while moment < day(6, 18):
        moment += timedelta(hours=1)
        assert await tick(bot, moment) == 0, f"silence until the next follow-up ({moment})"
    assert [e["raw_text"] for e in followups(chat)] == [TEXTS("followup_prompt"), TEXTS("followup_reminder")]
    assert await tick(bot, day(6)) == 1, "the next follow-up still comes"


async def test_answering_the_follow_up_cancels_its_reminder(bot):
    chat = await subscribe(bot)
    await first_checkin(chat)
    await tick(bot, day(3))
    await answer_followup(chat)
    assert await tick(bot, day(4, 7, 0)) == 0
    assert [slot.split(":")[0] for slot, _ in pending_checkins(bot)] == ["followup"]


@pytest.mark.parametrize("typed", ["I can't feel anything down there and can't pee", "both legs have gone numb"])
async def test_an_emergency_sign_typed_mid_checkin_gets_the_emergency_reply_at_once(bot, typed):
    chat = await subscribe(bot)
    await chat.send("/checkin")
    await chat.press(YES, expect=3)
    [reply] = texts_of(await chat.send(typed))
    assert "emergency" in reply.lower() and bot.config.emergency_number in reply
    assert (await chat.press(TEXTS("checkin_since_today_button"), expect=3)), "the check-in goes on afterwards"


async def test_an_emergency_sign_typed_inside_settings_gets_the_emergency_reply(bot):
    chat = await subscribe(bot)
    await chat.send("/settings")
    [reply] = texts_of(await chat.send("I wet myself and my legs are weak"))
    assert "emergency" in reply.lower()


async def test_ticking_an_emergency_sign_says_so_before_the_checkin_ends(bot):
    chat = await subscribe(bot)
    await chat.send("/checkin")
    await chat.press(YES, expect=3)
    await chat.press(TEXTS("checkin_since_1-3d_button"), expect=3)
    await chat.press("4", expect=3)
    events = await chat.press(TEXTS("sign_bladder_bowel"), expect=3)
    assert any("emergency" in text.lower() for text in texts_of(events))
    events = await chat.press(TEXTS("checkin_done_button"), expect=3)
    assert "emergency" in texts_of(events)[-1].lower()
    assert bot.storage.checkins(1)[-1].level == 3


async def test_more_than_two_weeks_at_once_is_seek_medical_care(bot):
    chat = await subscribe(bot)
    outcome = await first_checkin(chat, pain=3, since="checkin_since_over2w_button")
    assert CARE in outcome.lower()


async def test_back_returns_to_the_previous_question_and_stop_saves_nothing(bot):
    chat = await subscribe(bot)
    await chat.send("/checkin")
    await chat.press(YES, expect=3)
    events = await chat.press(TEXTS("checkin_back_button"), expect=3)
    assert YES in button_labels([e for e in events if e["kind"] == "message"][-1])
    events = await chat.press(TEXTS("checkin_cancel_button"), expect=3)
    assert TEXTS("checkin_cancelled") in texts_of(events)
    assert bot.storage.checkins(1) == [] and bot.storage.draft(1) is None


async def test_a_typed_start_date_is_understood_and_a_bad_one_explained(bot):
    chat = await subscribe(bot)
    await chat.send("/checkin")
    await chat.press(YES, expect=3)
    await chat.press(TEXTS("checkin_since_type_button"), expect=3)
    assert texts_of(await chat.send("the day after tomorrow next year")) == [TEXTS("checkin_since_unclear")]
    [question] = texts_of(await chat.send("2026-02-25"))
    assert question == TEXTS("checkin_pain_question")


async def test_a_forged_checkin_button_gets_the_stale_reply_and_changes_nothing(bot):
    chat = await subscribe(bot)
    await chat.send("/checkin")
    message_id = chat.message_with_button(YES)
    events = await chat.press_data(message_id, "ck:pain:99")
    assert TEXTS("stale_button") in [e.get("answer_text") for e in events]
    assert bot.storage.draft(1)["step"] == "pain_now"


async def test_restarting_between_follow_ups_changes_nothing(tmp_path):
    async with EmulatorServer() as emulator:
        async with running_bot(tmp_path, emulator=emulator) as first:
            chat = await subscribe(first)
            await first_checkin(chat)
            assert await tick(first, day(3)) == 1
            await answer_followup(chat)
            token, clock = first.config.token, first.clock
        async with running_bot(tmp_path, emulator=emulator, clock=clock, token=token) as second:
            assert await tick(second, day(5)) == 0
            assert await tick(second, day(6)) == 1
            assert await tick(second, day(6)) == 0, "exactly once"
            chat = second.chat(1)
            chat.catch_up()
            reply = await answer_followup(chat)
            assert "Wednesday, 11 March" in reply  # day 9
            assert len(second.storage.checkins(1)) == 3
