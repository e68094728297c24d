"""Daily nudges through the real Application and the emulator, with a controlled clock."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.content.loader import load_content
from bot.core.storage.store import BLOCKED
from bot.tg.sending.nudges import dispatch_due
from tests.harness import CONTENT, START, button_labels

TEXTS = load_content(CONTENT).texts
DONE, SNOOZE, SKIP = TEXTS("nudge_done_button"), TEXTS("nudge_snooze_button"), TEXTS("nudge_skip_button")


async def subscribe(bot, user: int, timezone: str | None = None):
    chat = bot.chat(user)
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    if timezone:
        await chat.send(f"/timezone {timezone}")
    return chat


async def at(bot, when: datetime) -> int:
    """Move the clock to `when` and run one dispatcher tick."""
    bot.clock.set(when)
    return await dispatch_due(bot.app)


def sent(bot, user: int) -> list[tuple[str, datetime]]:
    """(slot, when sent) of every nudge sent to a user, in order."""
    rows = bot.storage.db.execute("select slot, updated_at from due_messages where user_id = ? and status = 'sent' "
                                  "order by id", [user]).fetchall()
    return [(slot, datetime.fromisoformat(when)) for slot, when in rows]


def nudge_messages(chat) -> list[dict]:
    return [e for e in chat.history() if e["kind"] == "message" and DONE in button_labels(e)]


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def test_three_timezones_get_nudges_at_their_own_local_times(bot):
    zones = {1: "Europe/Berlin", 2: "America/New_York", 3: "Asia/Tokyo"}
    chats = {user: await subscribe(bot, user, zone) for user, zone in zones.items()}
    moment = START
    while moment < START + timedelta(days=1):
        moment += timedelta(minutes=5)
        await at(bot, moment)
    for user, zone in zones.items():
        nudges = sent(bot, user)
        assert len(nudges) == 5, (zone, nudges)  # posture, 3 x hydration, stretching in one local day
        for slot, when in nudges:
            local = when.astimezone(ZoneInfo(zone))
            assert slot.endswith(local.strftime("%Y-%m-%d:%H:%M")), (zone, slot, local)
        assert len(nudge_messages(chats[user])) == 5


async def test_done_is_recorded_and_the_buttons_go(bot):
    chat = await subscribe(bot, 1)
    assert await at(bot, utc(2, 9, 30)) == 1
    [nudge] = nudge_messages(chat)
    events = await chat.press(DONE, expect=2, message_id=nudge["message_id"])
    assert TEXTS("nudge_done") in [e.get("answer_text") for e in events]
    assert bot.emulated_bot.message(1, nudge["message_id"])["buttons"] in (None, [])
    assert ("posture:2026-03-02:09:30", "done") in [(s, a) for s, a, _ in bot.storage.actions(1)]


async def test_snooze_brings_it_back_in_30_minutes_twice_at_most(bot):
    chat = await subscribe(bot, 1)
    await bot.chat(1).send("/time hydration 15:00")
    await at(bot, utc(2, 9, 30))
    [first] = nudge_messages(chat)
    await chat.press(SNOOZE, expect=2, message_id=first["message_id"])
    assert await at(bot, utc(2, 9, 59)) == 0
    assert await at(bot, utc(2, 10, 0)) == 1
    second = nudge_messages(chat)[-1]
    await chat.press(SNOOZE, expect=2, message_id=second["message_id"])
    assert await at(bot, utc(2, 10, 30)) == 1
    third = nudge_messages(chat)[-1]
    chat.catch_up()
    [refusal] = await chat.press(SNOOZE, expect=1, message_id=third["message_id"])
    assert refusal["answer_text"] == TEXTS("nudge_snooze_limit")
    assert await at(bot, utc(2, 11, 0)) == 0
    assert [a for s, a, _ in bot.storage.actions(1) if s.startswith("posture")] == ["sent", "snoozed", "snoozed"]


async def test_skip_today_silences_the_category_until_tomorrow(bot):
    chat = await subscribe(bot, 1)
    await at(bot, utc(2, 10, 30))
    hydration = [m for m in nudge_messages(chat)][-1]
    await chat.press(SKIP, expect=2, message_id=hydration["message_id"])
    for hour, minute in ((13, 30), (16, 0)):
        await at(bot, utc(2, hour, minute))
    assert [slot for slot, _ in sent(bot, 1) if slot.startswith("hydration")] == ["hydration:2026-03-02:10:30"]
    await at(bot, utc(3, 10, 30))
    assert sent(bot, 1)[-1][0] == "hydration:2026-03-03:10:30"


async def test_pause_skips_slots_and_resumes_by_itself(bot):
    chat = await subscribe(bot, 1)
    bot.clock.set(utc(2, 9, 0))
    [reply] = await chat.send("/pause 2h")
    assert "posture" in reply["text"]
    assert await at(bot, utc(2, 9, 30)) == 0
    assert await at(bot, utc(2, 10, 30)) == 0
    assert await at(bot, utc(2, 13, 30)) == 1
    assert sent(bot, 1)[-1][0] == "hydration:2026-03-02:13:30"


async def test_resume_ends_a_pause_early(bot):
    chat = await subscribe(bot, 1)
    await chat.send("/pause 3d")
    await chat.send("/resume")
    assert await at(bot, utc(2, 9, 30)) == 1


@pytest.mark.parametrize(
    ("shortcut", "silent_at", "fires_at", "slot"),
    [
        ("/time stretching 18:30", utc(2, 18, 0), utc(2, 18, 30), "stretching:2026-03-02:18:30"),
        ("/time hydration 11:00 14:00", utc(2, 10, 30), utc(2, 11, 0), "hydration:2026-03-02:11:00"),
        ("/quiet 09:00-11:00", utc(2, 9, 30), utc(2, 13, 30), "hydration:2026-03-02:13:30"),
        ("/days tue-fri", utc(2, 9, 30), utc(3, 9, 30), "posture:2026-03-03:09:30"),
        ("/timezone Asia/Tokyo", utc(2, 9, 30), utc(3, 0, 30), "posture:2026-03-03:09:30"),
        ("/timezone +02:00", utc(2, 9, 30), utc(3, 7, 30), "posture:2026-03-03:09:30"),
    ],
)
async def test_each_shortcut_takes_effect_at_the_next_slot(bot, shortcut, silent_at, fires_at, slot):
    chat = await subscribe(bot, 1)
    [reply] = await chat.send(shortcut)
    assert reply["text"].startswith(TEXTS("settings_saved", summary="").strip()[:5])
    before = len(sent(bot, 1))
    await at(bot, silent_at)
    assert all(not s.endswith(silent_at.strftime("%H:%M")) for s, _ in sent(bot, 1)[before:]) or shortcut.startswith("/timezone")
    moment = silent_at
    while moment < fires_at:
        moment += timedelta(minutes=30)
        await at(bot, min(moment, fires_at))
    assert slot in [s for s, _ in sent(bot, 1)]


async def test_location_sets_the_time_zone(bot):
    chat = await subscribe(bot, 1)
    bot.emulated_bot.send_media(1, "location", latitude=52.52, longitude=13.40)
    await chat.replies()
    assert bot.storage.subscriber(1).timezone == "Europe/Berlin", "a real zone, with daylight saving"


@pytest.mark.parametrize("shortcut", ["/time stretching 25:00", "/time", "/time yoga 10:00", "/days funday",
                                      "/quiet 22-", "/pause forever", "/timezone Mars/Base", "/pause"])
async def test_bad_arguments_get_the_correct_form(bot, shortcut):
    chat = await subscribe(bot, 1)
    before = bot.storage.nudge_settings(1), bot.storage.subscriber(1).timezone
    [reply] = await chat.send(shortcut)
    assert "for example" in reply["text"].lower()
    assert (bot.storage.nudge_settings(1), bot.storage.subscriber(1).timezone) == before


async def test_stop_ends_nudges(bot):
    chat = await subscribe(bot, 1)
    await chat.send("/stop")
    assert await at(bot, utc(2, 9, 30)) == 0


async def test_429_delays_then_delivers_everything_once(bot, caplog):
    for user in range(1, 13):
        await subscribe(bot, user)
    bot.emulated_bot.set_faults(rate_limit=4)
    started = __import__("time").monotonic()
    assert await at(bot, utc(2, 9, 30)) == 12
    nudged = {user: len([e for e in bot.emulated_bot.events(user) if DONE in button_labels(e)]) for user in range(1, 13)}
    assert nudged == {user: 1 for user in range(1, 13)}
    assert any("429 from Telegram" in r.getMessage() for r in caplog.records), "the emulator refused some sends"
    assert __import__("time").monotonic() - started >= 2.0, "4 a second for 12 messages takes at least 2 s"


async def test_403_marks_the_subscriber_blocked_and_stops_sending(bot):
    await subscribe(bot, 1)
    await subscribe(bot, 2)
    bot.emulated_bot.set_faults(blocked_chats=[1])
    assert await at(bot, utc(2, 9, 30)) == 1
    assert bot.storage.subscriber(1).status == BLOCKED
    assert bot.storage.pending_slots(1, "nudge") == []
    bot.emulated_bot.clear_faults()
    assert await at(bot, utc(2, 10, 30)) == 1  # only subscriber 2


async def test_progress_counts_done_skipped_and_unanswered(bot):
    chat = await subscribe(bot, 1)
    [empty] = await chat.send("/progress")
    assert empty["text"] == TEXTS("progress_empty")
    await at(bot, utc(2, 9, 30))   # posture
    await at(bot, utc(2, 10, 30))  # hydration
    await at(bot, utc(2, 13, 30))  # hydration
    posture, first_hydration, second_hydration = nudge_messages(chat)
    chat.catch_up()
    await chat.press(DONE, expect=2, message_id=posture["message_id"])
    await chat.press(DONE, expect=2, message_id=first_hydration["message_id"])
    bot.clock.set(utc(2, 15, 0))
    [reply] = await chat.send("/progress")
    text = reply["text"]
    assert "posture: 1 done, 0 skipped, 0 no answer" in text
    assert "hydration: 1 done, 0 skipped, 1 no answer" in text
    assert "Streak: 1 days" in text


async def test_after_downtime_recent_nudges_go_out_and_older_ones_are_missed(bot):
    await subscribe(bot, 1)
    assert await at(bot, utc(2, 11, 0)) == 2  # posture 09:30 (1 h 30 late) and hydration 10:30
    assert await at(bot, utc(2, 18, 5)) == 1  # hydration 13:30 and 16:00 are over 2 h late; stretching 18:00 is not
    assert [slot for slot, _ in sent(bot, 1)] == ["posture:2026-03-02:09:30", "hydration:2026-03-02:10:30",
                                                   "stretching:2026-03-02:18:00"]
    missed = [slot for slot, action, _ in bot.storage.actions(1) if action == "missed"]
    assert missed == ["hydration:2026-03-02:13:30", "hydration:2026-03-02:16:00"]


async def test_server_errors_are_retried_until_delivered(bot):
    chat = await subscribe(bot, 1)
    bot.emulated_bot.set_faults(fail_next=2)
    assert await at(bot, utc(2, 9, 30)) == 1
    assert len(nudge_messages(chat)) == 1


@pytest.mark.parametrize("label", [DONE, SKIP])
async def test_a_double_press_counts_once(bot, label):
    chat = await subscribe(bot, 1)
    assert await at(bot, utc(2, 9, 30)) == 1
    [nudge] = nudge_messages(chat)
    [data] = [button["callback_data"] for row in bot.emulated_bot.message(1, nudge["message_id"])["buttons"]
              for button in row if button["text"] == label]
    bot.emulated_bot.press_button(1, nudge["message_id"], data)  # two presses before the bot answers either
    bot.emulated_bot.press_button(1, nudge["message_id"], data, forge=True)
    answers = [e.get("answer_text") for e in await chat.replies(expect=3) if e.get("answer_text")]
    assert answers[-1] == TEXTS("nudge_already_noted"), answers
    kind = "done" if label == DONE else "skipped"
    assert [a for s, a, _ in bot.storage.actions(1) if s == "posture:2026-03-02:09:30"].count(kind) == 1
