"""The first week through the real Application and the emulator, with a controlled clock: the first steps
after consent, a week of nudges across a daylight-saving change, and what happens when nudges go unanswered."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.content.loader import load_content
from bot.tg.sending.nudges import dispatch_due
from scheduler.settings import CATEGORIES, DEFAULT_QUIET, default_settings
from tests.harness import CONTENT, START, button_labels, texts_of

TEXTS = load_content(CONTENT).texts
MARK = TEXTS("settings_selected_mark")
DONE = TEXTS("nudge_done_button")
SKIP, NEXT = TEXTS("setup_skip_button"), TEXTS("setup_next_button")
MADRID = ZoneInfo("Europe/Madrid")


async def consent(bot, user: int, language: str = "en"):
    """/start and "I agree" as a user whose Telegram speaks `language`; returns the chat at the first step."""
    chat = bot.chat(user)
    bot.emulated_bot.send_message(user, "/start", first_name="Alex", language_code=language)
    await chat.replies()
    events = await chat.press(TEXTS("consent_button"), expect=4)
    assert TEXTS("consented", first_name="Alex") in texts_of(events)
    assert texts_of(events)[-1].startswith("1 of 3")
    return chat


async def skip_all(chat) -> str:
    """Skip the three steps; return the summary."""
    await chat.press(SKIP, expect=2)  # the answer and the edit
    await chat.press(SKIP, expect=3)  # ... and the location keyboard
    events = await chat.press(SKIP, expect=3)
    return texts_of(events)[-1]


def nudges_sent(bot, user: int) -> list[tuple[str, datetime, datetime]]:
    """(slot, due, sent) of every message the dispatcher sent a user, in order."""
    rows = bot.storage.db.execute("select slot, due_at, updated_at from due_messages where user_id = ? and "
                                  "status = 'sent' order by id", [user]).fetchall()
    return [(slot, datetime.fromisoformat(due), datetime.fromisoformat(when)) for slot, due, when in rows]


async def run_until(bot, end: datetime, step: timedelta = timedelta(minutes=15), chat=None, press: str | None = None):
    """Tick the dispatcher every `step` until `end`; with `press`, press that button on each new message."""
    while bot.clock.now() < end:
        bot.clock.advance(step)
        if await dispatch_due(bot.app) and chat is not None:
            for event in await chat.replies(expect=1):
                if press and press in button_labels(event):
                    await chat.press(press, expect=1, message_id=event["message_id"])


async def test_hydration_twice_a_day_from_8_to_20_in_madrid_across_the_dst_change(bot):
    bot.clock.set(datetime(2026, 3, 25, 9, 0, tzinfo=UTC))  # Madrid moves to summer time on Sunday 29 March
    chat = await consent(bot, 1, language="es")
    await chat.press(f"{MARK} posture", expect=2)
    await chat.press(f"{MARK} stretching", expect=2)
    events = await chat.press(TEXTS("setup_hydration_button", count=2), expect=2)
    assert "hydration: 12:00, 17:00" in texts_of(events)[-1]  # spread over the usual day until one is chosen
    await chat.press(NEXT, expect=2)
    await chat.press(TEXTS("setup_start_button", time="08:00"), expect=2)
    events = await chat.press(TEXTS("setup_end_button", time="20:00"), expect=2)
    assert "hydration: 12:00, 16:00" in texts_of(events)[-1]
    events = await chat.press(NEXT, expect=3)
    [prompt] = [e for e in events if e.get("keyboard")]
    assert prompt["keyboard"] == [[{"text": TEXTS("setup_location_button"), "request_location": True}]]
    events = await chat.press(TEXTS("setup_zone_button", zone="Europe/Madrid", local_time="10:00"), expect=2)
    assert "Europe/Madrid" in texts_of(events)[-1] and "10:00" in texts_of(events)[-1]  # 09:00 UTC in March
    events = await chat.press(TEXTS("setup_yes_button"), expect=3)
    summary = texts_of(events)[-1]
    assert "hydration: 12:00, 16:00" in summary and "posture: off" in summary and "stretching: off" in summary
    assert "Europe/Madrid" in summary and "20:00–08:00" in summary
    assert events[-1].get("keyboard") == "remove"

    chat.catch_up()
    await run_until(bot, datetime(2026, 4, 2, 0, 0, tzinfo=UTC), chat=chat, press=DONE)
    sent = nudges_sent(bot, 1)
    days = [datetime(2026, 3, 25) + timedelta(days=n) for n in range(8)]  # Wednesday to Wednesday
    expected = [f"hydration:{day:%Y-%m-%d}:{hhmm}" for day in days for hhmm in ("12:00", "16:00")]
    assert [slot for slot, _, _ in sent] == expected
    for slot, due, when in sent:
        local = due.astimezone(MADRID)
        assert slot.endswith(local.strftime("%Y-%m-%d:%H:%M"))
        assert timedelta(0) <= when - due < timedelta(minutes=15)
    utc_hours = {(due.date().isoformat(), due.astimezone(UTC).hour) for _, due, _ in sent}
    assert ("2026-03-28", 11) in utc_hours and ("2026-03-30", 10) in utc_hours  # UTC+1, then UTC+2
    assert bot.storage.actions(1) and {a for _, a, _ in bot.storage.actions(1)} == {"sent", "done"}


async def test_skipping_every_step_keeps_the_usual_settings(bot):
    chat = await consent(bot, 2)
    summary = await skip_all(chat)
    settings = bot.storage.nudge_settings(2)
    for category in CATEGORIES:
        assert settings[category] == default_settings(category, bot.config.default_timezone)
    assert (settings["posture"].quiet_start, settings["posture"].quiet_end) == DEFAULT_QUIET
    assert "posture: 09:30" in summary and "hydration: 10:30, 13:30, 16:00" in summary
    assert "stretching: 18:00" in summary and "22:00–07:00" in summary


async def test_a_location_in_berlin_sets_europe_berlin_and_asks_to_confirm_the_local_time(bot):
    chat = await consent(bot, 3)
    await chat.press(SKIP, expect=2)
    await chat.press(SKIP, expect=3)
    bot.emulated_bot.send_media(3, "location", latitude=52.52, longitude=13.40)
    [question] = texts_of(await chat.replies())
    assert "Europe/Berlin" in question and "09:00" in question  # 08:00 UTC in March is 09:00 in Berlin
    assert bot.storage.nudge_settings(3)["posture"].timezone == "Europe/Berlin"
    events = await chat.press(TEXTS("setup_yes_button"), expect=3)
    assert "Europe/Berlin" in texts_of(events)[-1]


async def test_no_on_the_local_time_goes_back_to_the_zones(bot):
    chat = await consent(bot, 4, language="de")
    await chat.press(SKIP, expect=2)
    await chat.press(SKIP, expect=3)
    await chat.press(TEXTS("setup_zone_button", zone="Europe/Vienna", local_time="09:00"), expect=2)
    events = await chat.press(TEXTS("setup_no_button"), expect=2)
    assert texts_of(events)[-1].startswith("3 of 3")


async def test_welcome_and_help_say_what_will_be_sent(bot):
    chat = bot.chat(5)
    [welcome] = texts_of(await chat.send("/start"))
    assert "nudges" in welcome and "posture, hydration" in welcome
    before = texts_of(await chat.send("/help"))[0]
    assert TEXTS("help_schedule_default") in before
    await chat.press(TEXTS("consent_button"), expect=4)
    await skip_all(chat)
    after = texts_of(await chat.send("/help"))[0]
    assert "hydration: 10:30, 13:30, 16:00" in after and "22:00–07:00" in after


async def test_every_nudge_has_a_button_to_its_settings(bot):
    chat = await consent(bot, 6)
    await skip_all(chat)
    chat.catch_up()
    bot.clock.set(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    assert await dispatch_due(bot.app) == 1
    [nudge] = await chat.replies()
    assert TEXTS("nudge_settings_button") in button_labels(nudge)
    events = await chat.press(TEXTS("nudge_settings_button"), expect=2, message_id=nudge["message_id"])
    assert any(text.startswith("posture: on") for text in texts_of(events))
    assert bot.emulated_bot.message(6, nudge["message_id"])["text"] == nudge["text"]  # the nudge stays


async def test_quick_setup_in_settings_runs_the_steps_again(bot):
    chat = await consent(bot, 7)
    await skip_all(chat)
    await chat.send("/settings")
    events = await chat.press(TEXTS("settings_setup_button"), expect=2)
    assert texts_of(events)[-1].startswith("1 of 3")


def services_of(bot):
    return bot.app.bot_data["services"]


def pending_slots(bot, user: int) -> set[str]:
    return set(bot.storage.pending_slots(user, "nudge"))


async def only(bot, chat, user: int, category: str) -> None:
    """Leave one category on (arranged directly: the first steps are tested above)."""
    for other in CATEGORIES:
        if other != category:
            bot.storage.set_category(user, other, bot.clock.now(), enabled=False)
    services_of(bot).planner.replan(user, bot.clock.now())
    chat.catch_up()


def questions(chat) -> list[dict]:
    return [e for e in chat.history() if e["kind"] == "message" and TEXTS("engage_keep_button") in button_labels(e)]


@pytest.mark.parametrize("category, first_due, answer, follow_up, next_slot", [
    ("stretching", "2026-03-05 18:00", "engage_keep_button", None, "stretching:2026-03-06:18:00"),
    ("stretching", "2026-03-05 18:00", "engage_pause_button", None, "stretching:2026-03-12:18:00"),
    ("stretching", "2026-03-05 18:00", "engage_time_button", "engage_later_button", "stretching:2026-03-05:19:00"),
    ("stretching", "2026-03-05 18:00", "engage_fewer_button", None, "stretching:2026-03-06:18:00"),  # Mon, Wed, Fri
    ("hydration", "2026-03-05 10:30", "engage_fewer_button", None, "hydration:2026-03-05:12:00"),  # 3 a day -> 2
])
async def test_three_unanswered_days_bring_the_question_once_and_the_answer_counts_from_the_next_slot(
        bot, category, first_due, answer, follow_up, next_slot):
    chat = await consent(bot, 8)
    await skip_all(chat)
    await only(bot, chat, 8, category)
    asked_at = datetime.fromisoformat(first_due).replace(tzinfo=UTC)
    await run_until(bot, asked_at - timedelta(minutes=30), step=timedelta(minutes=30))
    assert questions(chat) == []
    await run_until(bot, asked_at, step=timedelta(minutes=30))
    [question] = questions(chat)
    assert TEXTS("engage_question", category=category) == question["text"]
    assert DONE not in button_labels(question)  # in place of that nudge, not beside it
    chat.catch_up()
    await chat.press(TEXTS(answer), expect=2, message_id=question["message_id"])
    if follow_up:
        await chat.press(TEXTS(follow_up), expect=2, message_id=question["message_id"])
    assert pending_slots(bot, 8) == {next_slot}
    await run_until(bot, asked_at + timedelta(days=3, hours=12), step=timedelta(hours=1))
    # asked once: not again on the following days (a new silent spell after the change may bring it again)
    assert len(questions(chat)) == 1


async def test_a_second_press_on_the_question_changes_nothing(bot):
    chat = await consent(bot, 9)
    await skip_all(chat)
    await only(bot, chat, 9, "stretching")
    await run_until(bot, datetime(2026, 3, 5, 18, 0, tzinfo=UTC), step=timedelta(minutes=30))
    [question] = questions(chat)
    chat.catch_up()
    await chat.press(TEXTS("engage_fewer_button"), expect=2, message_id=question["message_id"])
    before = bot.storage.nudge_settings(9)["stretching"]
    await chat.press_data(question["message_id"], "f:fewer:stretching", expect=1)
    assert bot.storage.nudge_settings(9)["stretching"] == before


async def test_fourteen_silent_days_pause_the_nudges_with_one_message_until_the_subscriber_returns(bot):
    chat = await consent(bot, 10)
    await skip_all(chat)
    chat.catch_up()
    await run_until(bot, START + timedelta(days=20), step=timedelta(minutes=30))
    pauses = [e for e in chat.history() if e.get("text") == TEXTS("silent_pause")]
    assert len(pauses) == 1
    paused_at = bot.storage.db.execute("select dormant_since from subscribers where id = 10").fetchone()[0]
    assert START + timedelta(days=14) <= datetime.fromisoformat(paused_at) < START + timedelta(days=15)
    after = [e for e in chat.history() if e["kind"] == "message" and e["seq"] > pauses[0]["seq"]]
    assert after == [] and pending_slots(bot, 10) == set()
    chat.catch_up()
    events = await chat.send("hello", expect=2)
    assert TEXTS("silent_back") in texts_of(events)
    assert len(pending_slots(bot, 10)) == 3
    chat.catch_up()
    await run_until(bot, bot.clock.now() + timedelta(days=1), step=timedelta(minutes=30))
    assert sum(DONE in button_labels(e) for e in chat.history() if e["seq"] > pauses[0]["seq"]) >= 3


async def test_the_resume_button_ends_a_silent_pause(bot):
    chat = await consent(bot, 11)
    await skip_all(chat)
    chat.catch_up()
    await run_until(bot, START + timedelta(days=15), step=timedelta(hours=1))
    [pause] = [e for e in chat.history() if e.get("text") == TEXTS("silent_pause")]
    chat.catch_up()
    events = await chat.press(TEXTS("silent_resume_button"), expect=2, message_id=pause["message_id"])
    assert TEXTS("silent_back") in texts_of(events)
    assert len(pending_slots(bot, 11)) == 3
