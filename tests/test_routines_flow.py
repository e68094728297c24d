"""Guided routines through the real Application and the emulator, with a controlled clock: pictures, the timer's
edits, Next / Pause / Stop, the closing question, /progress, a restart in the middle, and where routines are offered."""

import shutil
from datetime import timedelta

from bot.core.content.loader import load_content
from bot.emulator.server import EmulatorServer
from bot.tg.sending.nudges import dispatch_due
from bot.tg.sending.routine_steps import tick_routines
from tests.harness import CONTENT, START, button_labels, running_bot, subscribed, texts_of

CONTENT_NOW = load_content(CONTENT)
TEXTS = CONTENT_NOW.texts
DESK = CONTENT_NOW.routines["desk-break"]
NEXT, PAUSE, RESUME, STOP = (TEXTS(f"routine_{name}_button") for name in ("next", "pause", "resume", "stop"))


async def start_desk_break(chat) -> dict:
    """/routine, then the desk break; return the first step's message."""
    [menu] = await chat.send("/routine")
    assert button_labels(menu) == [TEXTS("routine_button", title=r.title, minutes=r.minutes)
                                   for r in CONTENT_NOW.routines.values()]
    events = await chat.press(TEXTS("routine_button", title=DESK.title, minutes=DESK.minutes), expect=3)
    [step] = [e for e in events if e["kind"] == "animation"]
    return step


async def tick(bot, chat, seconds: float) -> list[dict]:
    """Move the clock on and run the routines' timer once; return the chat's new events."""
    bot.clock.advance(timedelta(seconds=seconds))
    await tick_routines(bot.app)
    return await chat.replies(expect=0)


def caption(bot, message_id: int, user: int = 1) -> str:
    return bot.emulated_bot.message(user, message_id)["text"]  # a picture's caption


async def test_a_routine_runs_step_by_step_with_pictures_a_timer_and_a_closing_question(bot):
    chat = await subscribed(bot)
    step = await start_desk_break(chat)
    first = CONTENT_NOW.tip(DESK.steps[0].tip)
    assert step["file_id"] and f"step 1 of {len(DESK.steps)}" in step["text"] and first.title in step["text"]
    assert "0:40 left" in step["text"] and "Stop if" in step["text"]
    assert button_labels(step) == [PAUSE, NEXT, STOP]
    edits = await tick(bot, chat, 6)
    assert [e["kind"] for e in edits] == ["edit"] and "0:35 left" in caption(bot, step["message_id"])
    assert await tick(bot, chat, 1) == []  # the shown countdown moves in 5-second steps: no edit for 0:33
    await chat.press(PAUSE, expect=2, message_id=step["message_id"])
    assert "Paused · 0:35 left" in caption(bot, step["message_id"])
    assert await tick(bot, chat, 300) == []
    await chat.press(RESUME, expect=2, message_id=step["message_id"])
    assert "0:35 left" in caption(bot, step["message_id"])
    events = await chat.press(NEXT, expect=3, message_id=step["message_id"])
    [second] = [e for e in events if e["kind"] == "animation"]
    assert "step 2 of" in second["text"] and "Step done" in caption(bot, step["message_id"])
    assert bot.emulated_bot.message(1, step["message_id"]).get("buttons") in (None, [])
    third = [e for e in await tick(bot, chat, DESK.steps[1].seconds * DESK.steps[1].times) if e["kind"] == "animation"]
    assert len(third) == 1 and "step 3 of" in third[0]["text"]  # its timer ran out: the next step by itself
    await tick(bot, chat, DESK.steps[2].seconds * DESK.steps[2].times)
    events = await tick(bot, chat, DESK.steps[3].seconds * DESK.steps[3].times)
    [question] = [e for e in events if e["kind"] == "message"]
    assert question["text"] == TEXTS("routine_feedback").replace("<b>", "").replace("</b>", "")
    events = await chat.press(TEXTS("routine_worse_button"), expect=2, message_id=question["message_id"])
    [advice] = [e for e in events if e["kind"] == "message"]
    assert "Leave the stretches for today" in advice["text"]
    assert TEXTS("checkin_begin_button") in button_labels(advice)
    assert bot.storage.routine_session(1) is None
    assert bot.storage.routines_since(1, START) == [("desk-break", "worse")]
    [progress] = texts_of(await chat.send("/progress"))
    assert "Routines: 1 in the last 7 days; your back felt better after 0 of the 1 you rated." in progress
    assert "stretching: 1 done" in progress  # a routine counts as a stretching nudge done


async def test_stop_ends_the_routine_and_a_stale_button_changes_nothing(bot):
    chat = await subscribed(bot)
    step = await start_desk_break(chat)
    events = await chat.press(STOP, expect=3, message_id=step["message_id"])
    assert TEXTS("routine_stopped") in texts_of(events)
    assert bot.storage.routine_session(1) is None
    events = await chat.press_data(step["message_id"], "r:next", expect=1)
    assert events[0]["kind"] == "callback_answer" and bot.storage.routine_session(1) is None
    assert bot.storage.routines_since(1, START) == []


async def test_the_same_picture_is_uploaded_once_and_then_sent_by_its_file_id(bot):
    chat = await subscribed(bot)
    first = await start_desk_break(chat)
    await chat.press(STOP, expect=3, message_id=first["message_id"])
    again = await start_desk_break(chat)
    assert again["file_id"] == first["file_id"]


async def test_a_restart_in_the_middle_resumes_at_the_same_step(tmp_path):
    async with EmulatorServer() as emulator:
        token = "700999:RESTART-routine"
        async with running_bot(tmp_path, emulator=emulator, token=token) as bot:
            chat = await subscribed(bot)
            step = await start_desk_break(chat)
            events = await chat.press(NEXT, expect=3, message_id=step["message_id"])
            [second] = [e for e in events if e["kind"] == "animation"]
            clock = bot.clock
        async with running_bot(tmp_path, emulator=emulator, token=token, clock=clock) as bot:
            assert bot.storage.routine_session(1).step == 1
            chat = bot.chat(1)
            chat.catch_up()
            edits = await tick(bot, chat, 5)
            assert [e["message_id"] for e in edits] == [second["message_id"]]  # the same step counts on
            events = await chat.send("/routine", expect=2)
            assert TEXTS("routine_where_you_were", title=DESK.title).replace("<b>", "").replace("</b>", "") in texts_of(events)
            [resent] = [e for e in events if e["kind"] == "animation"]
            assert "step 2 of" in resent["text"]
            events = await chat.press(NEXT, expect=3, message_id=resent["message_id"])
            assert any("step 3 of" in e.get("text", "") for e in events if e["kind"] == "animation")


async def test_a_stretching_nudge_offers_the_short_routine(bot):
    chat = await subscribed(bot)
    bot.storage.set_category(1, "posture", bot.clock.now(), enabled=False)
    bot.storage.set_category(1, "hydration", bot.clock.now(), enabled=False)
    bot.app.bot_data["services"].planner.replan(1, bot.clock.now())
    bot.clock.set(START.replace(hour=18))
    assert await dispatch_due(bot.app) == 1
    [nudge] = await chat.replies()
    label = TEXTS("routine_nudge_button", minutes=CONTENT_NOW.offered_routine("nudges").minutes)
    assert label in button_labels(nudge)
    events = await chat.press(label, expect=3, message_id=nudge["message_id"])
    assert any(e["kind"] == "animation" and "step 1 of" in e["text"] for e in events)


async def test_a_self_care_checkin_offers_the_relief_routine(bot):
    chat = await subscribed(bot)
    await chat.send("/checkin")
    await chat.press(TEXTS("checkin_yes_button"), expect=3)
    await chat.press(TEXTS("checkin_since_today_button"), expect=3)
    await chat.press("4", expect=3)
    events = await chat.press(TEXTS("checkin_none_button"), expect=3)
    relief = CONTENT_NOW.offered_routine("checkin")
    assert TEXTS("routine_offer_button", title=relief.title, minutes=relief.minutes) in button_labels(events[-1])


async def test_tip_stretching_comes_with_its_picture(bot):
    chat = await subscribed(bot)
    [photo] = await chat.send("/tip stretching")
    assert photo["kind"] == "photo" and photo["file_id"]
    assert any(tip.title in photo["text"] for tip in CONTENT_NOW.tips["stretching"])
    assert "Stop if:" in photo["text"]


async def test_an_operators_own_animation_replaces_the_drawing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    first_tip = DESK.steps[0].tip
    own = content / "tips" / "stretching" / f"{first_tip}.gif"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"GIF89a\x02\x00\x02\x00" + b"\x00" * 40)  # the clinic's own clip (any GIF bytes will do)
    async with running_bot(tmp_path, content_dir=content) as bot:
        chat = await subscribed(bot)
        step = await start_desk_break(chat)
        assert bot.emulated_bot.files[step["file_id"]].data == own.read_bytes()
        events = await chat.press(NEXT, expect=3, message_id=step["message_id"])
        [second] = [e for e in events if e["kind"] == "animation"]
        assert bot.emulated_bot.files[second["file_id"]].data[:6] == b"GIF89a"  # the next step: the drawing
        assert bot.emulated_bot.files[second["file_id"]].data != own.read_bytes()
