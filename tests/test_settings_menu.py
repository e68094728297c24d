"""The /settings menu through the real Application and the emulator: it shows the current values,
every button changes what it says (saved, replanned, redrawn in place), and forged presses change nothing."""

from datetime import time, timedelta

import pytest

from bot.core.content.loader import load_content
from tests.harness import CONTENT, button_labels, running_bot

TEXTS = load_content(CONTENT).texts
USER = 1001
MARK = TEXTS("settings_selected_mark")
SAVED = TEXTS("settings_changed")


def on(label: str) -> str:
    """The label of a toggle button that is on."""
    return f"{MARK} {label}"


@pytest.fixture
async def bot(tmp_path):
    async with running_bot(tmp_path) as running:
        chat = running.chat(USER)
        await chat.send("/start")
        await chat.press(TEXTS("consent_button"), expect=4)
        [menu] = await chat.send("/settings")
        yield running, chat, menu["message_id"]


def shown(running, menu: int) -> dict:
    """The menu message as it is now."""
    return running.emulated_bot.message(USER, menu)


def labels(running, menu: int) -> list[str]:
    return button_labels(shown(running, menu))


def pending(running, category: str) -> list[str]:
    return [slot for slot in running.storage.pending_slots(USER, "nudge") if slot.startswith(category + ":")]


def settings(running, category: str = "posture"):
    return running.storage.nudge_settings(USER)[category]


async def press(chat, menu: int, label: str, expect: int = 2) -> list[dict]:
    """Press a menu button; return the callback answer (first) and the edit."""
    events = await chat.press(label, expect=expect, message_id=menu)
    return sorted(events, key=lambda e: e["kind"] != "callback_answer")


async def test_main_view_shows_current_values(bot):
    running, chat, menu = bot
    text = shown(running, menu)["text"]
    assert "posture: on · 09:30 · every day" in text
    assert "hydration: on · 10:30, 13:30, 16:00 · every day" in text
    assert "stretching: on · 18:00 · every day" in text
    assert f"{TEXTS('settings_timezone_label')}: UTC" in text
    assert f"{TEXTS('settings_quiet_label')}: 22:00–07:00" in text
    assert f"{TEXTS('settings_pause_label')}: {TEXTS('settings_not_paused')}" in text
    assert "• posture: 2026-03-02 09:30" in text
    assert labels(running, menu) == ["posture", "hydration", "stretching", TEXTS("settings_timezone_button"),
                                     TEXTS("settings_quiet_button"), TEXTS("settings_pause_button"),
                                     TEXTS("settings_setup_button"), TEXTS("settings_done_button")]


async def test_turning_a_category_off_saves_and_cancels_its_slot(bot):
    running, chat, menu = bot
    assert pending(running, "posture")
    await press(chat, menu, "posture")
    assert TEXTS("settings_turn_off_button") in labels(running, menu)
    answer, edit = await press(chat, menu, TEXTS("settings_turn_off_button"))
    assert answer["answer_text"] == SAVED and not answer["show_alert"]
    assert edit["kind"] == "edit"
    assert settings(running).enabled is False
    assert pending(running, "posture") == []
    assert pending(running, "hydration"), "other categories keep their slots"
    assert TEXTS("settings_turn_on_button") in labels(running, menu)
    await press(chat, menu, TEXTS("settings_turn_on_button"))
    assert settings(running).enabled is True
    assert pending(running, "posture") == ["posture:2026-03-02:09:30"]


async def test_adding_and_removing_times_moves_the_slot(bot):
    running, chat, menu = bot
    await press(chat, menu, "posture")
    await press(chat, menu, "12:00")
    assert settings(running).times == (time(9, 30), time(12))
    assert on("12:00") in labels(running, menu)
    await press(chat, menu, "07:00")
    assert pending(running, "posture") == ["posture:2026-03-02:09:30"]
    await press(chat, menu, on("09:30"))
    assert settings(running).times == (time(7), time(12))
    assert pending(running, "posture") == ["posture:2026-03-02:12:00"]
    assert "09:30" in labels(running, menu), "a common time stays offered after removal"


async def test_removing_the_last_time_or_day_is_refused(bot):
    running, chat, menu = bot
    await press(chat, menu, "posture")
    before = shown(running, menu)["text"]
    [answer] = await chat.press(on("09:30"), message_id=menu)
    assert answer["answer_text"] == TEXTS("settings_last_time") and answer["show_alert"]
    assert settings(running).times == (time(9, 30),)
    for day in range(6):
        await chat.press_data(menu, f"s:day:posture:{day}", expect=2, forge=False)
    assert settings(running).weekdays == {6}
    [answer] = await chat.press(on("Sun"), message_id=menu)
    assert answer["answer_text"] == TEXTS("settings_last_day") and answer["show_alert"]
    assert settings(running).weekdays == {6}
    assert shown(running, menu)["text"] != before
    assert "posture: on · 09:30 · Sun" in shown(running, menu)["text"]


async def test_weekday_toggle_is_saved_and_replanned(bot):
    running, chat, menu = bot
    await press(chat, menu, "posture")
    await press(chat, menu, on("Mon"))  # START is a Monday
    assert settings(running).weekdays == frozenset(range(1, 7))
    assert pending(running, "posture") == ["posture:2026-03-03:09:30"]
    assert "Mon" in labels(running, menu) and on("Tue") in labels(running, menu)
    await press(chat, menu, "Mon")
    assert settings(running).weekdays == frozenset(range(7))


async def test_time_zone_button_is_saved(bot):
    running, chat, menu = bot
    await press(chat, menu, TEXTS("settings_timezone_button"))
    assert "/timezone Area/City" in shown(running, menu)["text"]
    answer, _ = await press(chat, menu, "Europe/Berlin")
    assert answer["answer_text"] == SAVED
    assert running.storage.subscriber(USER).timezone == "Europe/Berlin"
    assert on("Europe/Berlin") in labels(running, menu)
    assert pending(running, "posture") == ["posture:2026-03-02:09:30"]
    await press(chat, menu, TEXTS("settings_back_button"))
    assert f"{TEXTS('settings_timezone_label')}: Europe/Berlin" in shown(running, menu)["text"]


async def test_quiet_preset_is_saved(bot):
    running, chat, menu = bot
    await press(chat, menu, TEXTS("settings_quiet_button"))
    await press(chat, menu, "23:00–07:00")
    current = settings(running, "stretching")
    assert (current.quiet_start, current.quiet_end) == (time(23), time(7))
    assert on("23:00–07:00") in labels(running, menu)
    await press(chat, menu, TEXTS("settings_quiet_off_button"))
    current = settings(running)
    assert current.quiet_start == current.quiet_end
    assert on(TEXTS("settings_quiet_off_button")) in labels(running, menu)


async def test_pause_one_day_then_resume(bot):
    running, chat, menu = bot
    running.clock.advance(timedelta(minutes=5))
    now = running.clock.now()
    await press(chat, menu, TEXTS("settings_pause_button"))
    await press(chat, menu, TEXTS("settings_pause_1d_button"))
    assert settings(running).paused_until == now + timedelta(days=1)
    assert TEXTS("settings_paused_until") in shown(running, menu)["text"]
    assert all(slot >= "posture:2026-03-03" for slot in pending(running, "posture"))
    await press(chat, menu, TEXTS("settings_resume_button"))
    assert settings(running).paused_until is None
    assert TEXTS("settings_not_paused") in shown(running, menu)["text"]
    assert pending(running, "posture") == ["posture:2026-03-02:09:30"]


async def test_done_removes_the_keyboard(bot):
    running, chat, menu = bot
    answer, edit = await press(chat, menu, TEXTS("settings_done_button"))
    assert answer["answer_text"] == TEXTS("settings_closed")
    assert not shown(running, menu)["buttons"]


@pytest.mark.parametrize("payload", [
    "s:cat:yoga", "s:tz:Mars/Base", "s:" + "x" * 70, "s:time:posture:25:00", "s:", "s:time:posture:9:30",
    "s:time:yoga:09:30", "s:time:posture:11:11", "s:day:posture:7", "s:day:posture:", "s:on:",
    "s:quiet:01:00-02:00", "s:pause:5y", "s:main:x", "s:done:now", "s:tz:" + "Europe/Berlin" + "x" * 60,
])
async def test_forged_payloads_are_refused_and_change_nothing(bot, payload):
    running, chat, menu = bot
    before = (running.storage.nudge_settings(USER), running.storage.subscriber(USER).timezone,
              sorted(running.storage.pending_slots(USER, "nudge")), shown(running, menu))
    [answer] = await chat.press_data(menu, payload)
    assert answer["kind"] == "callback_answer"
    assert answer["answer_text"] == TEXTS("stale_button")
    after = (running.storage.nudge_settings(USER), running.storage.subscriber(USER).timezone,
             sorted(running.storage.pending_slots(USER, "nudge")), shown(running, menu))
    assert after == before


async def test_presses_from_someone_who_never_consented_are_refused(tmp_path):
    async with running_bot(tmp_path) as running:
        chat = running.chat(2002)
        [reply] = await chat.send("/settings")
        assert reply["text"] == TEXTS("need_start")
        [welcome] = await chat.send("/start")
        [answer] = await chat.press_data(welcome["message_id"], "s:tz:UTC")
        assert answer["answer_text"] == TEXTS("stale_button")
        subscriber = running.storage.subscriber(2002)
        assert subscriber is None or subscriber.consented_at is None
