"""A subscriber's own records through the real Application: /history as a PNG, /mydata as JSON,
and /delete leaving nothing about them in the database."""

import json
from datetime import timedelta

from bot.core.reports.charts import CHART_SIZE, POINT_COLOUR
from bot.core.content.loader import load_content
from bot.core.storage.store import SUBSCRIBER_TABLES
from tests.harness import CONTENT, running_bot, texts_of
from tests.png_checks import count_markers, is_not_blank, png_size

TEXTS = load_content(CONTENT).texts


async def subscribe(bot, user: int = 1):
    chat = bot.chat(user)
    await chat.send("/start")
    await chat.press(TEXTS("consent_button"), expect=4)
    return chat


async def checkin(chat, pain: int, first: bool) -> None:
    await chat.send("/checkin")
    await chat.press(TEXTS("checkin_yes_button"), expect=3)
    if first:
        await chat.press(TEXTS("checkin_since_today_button"), expect=3)
    await chat.press(str(pain), expect=3)
    if not first:
        await chat.press(TEXTS("checkin_same_button"), expect=3)
    await chat.press(TEXTS("checkin_none_button"), expect=3)


async def four_checkins(bot, chat) -> None:
    for n, pain in enumerate((6, 5, 5, 3)):
        await checkin(chat, pain, first=n == 0)
        bot.clock.advance(timedelta(days=3))


def file_of(bot, events: list[dict]) -> bytes:
    [sent] = [e for e in events if e.get("file_id")]
    return bot.emulated_bot.file_bytes(sent["file_id"])


async def test_history_is_a_png_with_one_point_per_checkin(tmp_path):
    async with running_bot(tmp_path) as bot:
        chat = await subscribe(bot)
        assert texts_of(await chat.send("/history")) == [TEXTS("history_empty")]
        await four_checkins(bot, chat)
        png = file_of(bot, await chat.send("/history"))
    assert png_size(png) == CHART_SIZE and is_not_blank(png)
    assert count_markers(png, POINT_COLOUR) == 4


async def test_mydata_holds_every_checkin_and_setting(tmp_path):
    async with running_bot(tmp_path) as bot:
        chat = await subscribe(bot)
        await chat.send("/time stretching 18:30")
        await chat.send("/checkin every 2")
        await four_checkins(bot, chat)
        data = json.loads(file_of(bot, await chat.send("/mydata")))
    assert [row["pain"] for row in data["checkins"]] == [6, 5, 5, 3]
    assert data["subscribers"][0]["checkin_every"] == 2
    assert {row["category"]: row["times"] for row in data["nudge_settings"]}["stretching"] == "18:30"
    assert len(data["episodes"]) == 1


async def test_after_delete_nothing_about_the_subscriber_remains(tmp_path):
    async with running_bot(tmp_path) as bot:
        chat = await subscribe(bot)
        await four_checkins(bot, chat)
        await chat.send("/checkin")  # a check-in left half done
        await chat.send("/delete")
        await chat.press(TEXTS("delete_yes_button"))
        db = bot.storage.db
        for table, column in SUBSCRIBER_TABLES.items():
            assert db.execute(f"select count(*) from [{table}] where [{column}] = 1").fetchone()[0] == 0, table
        for table in set(db.table_names()) - set(SUBSCRIBER_TABLES):  # the rest must not name anyone
            assert not {"user_id", "chat_id", "admin_chat"} & set(db.table(table).columns_dict), table
