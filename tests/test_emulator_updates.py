"""The emulator's updates (what users do, getUpdates with long polling and 409), injected faults and
counters, and the HTTP control API used from other processes."""

import asyncio
import time

import httpx
import pytest

from bot.emulator import EmulatorError, EmulatorServer
from bot.emulator.client import EmulatorClient
from bot.emulator.state import BotState
from tests.emulator_support import KEYBOARD, USER


# ----- updates: what users do, and getUpdates ---------------------------------------------------

@pytest.mark.parametrize(("text", "entities"), [
    ("/start", [{"type": "bot_command", "offset": 0, "length": 6}]),
    ("/tip@emu_1_bot hydration", [{"type": "bot_command", "offset": 0, "length": 14}]),
    ("😀 /help and /about", [{"type": "bot_command", "offset": 3, "length": 5},
                            {"type": "bot_command", "offset": 13, "length": 6}]),
    ("no commands here, a/b", None),
])
def test_user_messages_get_command_entities(text, entities):
    message = BotState("1:X").send_message(USER, text, first_name="Maya")["message"]
    assert message.get("entities") == entities
    assert message["from"] == {"id": USER, "is_bot": False, "first_name": "Maya", "language_code": "en"}
    assert message["chat"] == {"id": USER, "type": "private", "first_name": "Maya"}


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document", "location", "contact"])
def test_media_messages(state, kind):
    message = state.send_media(USER, kind)["message"]
    assert kind in message and "text" not in message


async def test_group_messages_and_user_edits(api, state):
    update = state.send_message(USER, "/start", chat_id=-100500, chat_type="group")
    assert update["message"]["chat"] == {"id": -100500, "type": "group", "title": "Test group -100500"}
    assert (await api("sendMessage", chat_id=-100500, text="hi group"))[0] == 200
    edited = state.edit_message(USER, update["message"]["message_id"], "/tip", chat_id=-100500)["edited_message"]
    assert edited["text"] == "/tip" and isinstance(edited["edit_date"], int)
    with pytest.raises(EmulatorError, match="message to edit not found"):
        state.edit_message(USER, 999, "x")


async def test_updates_stay_until_confirmed_by_offset(api, state):
    ids = [state.send_message(USER, f"m{i}")["update_id"] for i in range(3)]
    assert [u["update_id"] for u in (await api("getUpdates"))[1]["result"]] == ids
    assert [u["update_id"] for u in (await api("getUpdates", limit=2))[1]["result"]] == ids[:2]
    assert [u["update_id"] for u in (await api("getUpdates", offset=ids[1]))[1]["result"]] == ids[1:]
    assert [u["update_id"] for u in (await api("getUpdates", offset=-1))[1]["result"]] == ids[2:]
    assert (await api("getUpdates", offset=ids[2] + 1))[1]["result"] == []
    assert state.counters()["updates_pending"] == 0


async def test_allowed_updates_and_dropping_pending_updates(api, state):
    state.send_message(USER, "text")
    state.edit_message(USER, 1, "edited")
    result = (await api("getUpdates", allowed_updates=["edited_message"]))[1]["result"]
    assert [list(u)[1] for u in result] == ["edited_message"]
    state.send_message(USER, "later")
    assert await api("deleteWebhook", drop_pending_updates=True) == (200, {"ok": True, "result": True})
    assert (await api("getUpdates", allowed_updates=[]))[1]["result"] == []


async def test_long_poll_parks_until_an_update_or_the_timeout(api, state):
    started = time.monotonic()
    assert await api("getUpdates", timeout=0.3) == (200, {"ok": True, "result": []})
    assert 0.25 < time.monotonic() - started < 1.5
    poll = asyncio.create_task(api("getUpdates", timeout=10))
    await asyncio.sleep(0.1)
    assert not poll.done()
    started = time.monotonic()
    state.send_message(USER, "wake up")
    status, body = await poll
    assert status == 200 and body["result"][0]["message"]["text"] == "wake up"
    assert time.monotonic() - started < 0.5


async def test_a_new_poll_ends_the_parked_one_with_409(api):
    parked = asyncio.create_task(api("getUpdates", timeout=10))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    assert await api("getUpdates", timeout=0) == (200, {"ok": True, "result": []})
    assert await parked == (409, {"ok": False, "error_code": 409, "description":
                                  "Conflict: terminated by other getUpdates request; "
                                  "make sure that only one bot instance is running"})
    assert time.monotonic() - started < 0.5


async def test_stopping_the_server_ends_parked_polls(http, token):
    server = EmulatorServer()
    await server.start()
    poll = asyncio.create_task(http.post(f"{server.base_url}/bot{token}/getUpdates", data={"timeout": "30"}))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await server.stop()
    await asyncio.gather(poll, return_exceptions=True)
    assert time.monotonic() - started < 1.5


# ----- faults and counters ----------------------------------------------------------------------

async def test_rate_limit_answers_429_and_drops_the_message(api, state):
    state.register_chats([USER, USER + 1])
    state.set_faults(rate_limit=2)
    assert [(await api("sendMessage", chat_id=USER, text=str(i)))[0] for i in range(2)] == [200, 200]
    assert await api("sendMessage", chat_id=USER + 1, text="third") == (429, {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1}})
    assert state.counters()["messages"] == {USER: 2}
    state.clear_faults()
    assert (await api("sendMessage", chat_id=USER + 1, text="again"))[0] == 200


async def test_per_chat_rate_limit(api, state):
    state.register_chats([USER, USER + 1])
    state.set_faults(per_chat_rate_limit=1)
    assert (await api("sendMessage", chat_id=USER, text="a"))[0] == 200
    assert (await api("editMessageText", chat_id=USER, message_id=1, text="b"))[0] == 429
    assert (await api("sendMessage", chat_id=USER + 1, text="c"))[0] == 200


async def test_blocked_chat_and_failures(api, state):
    state.register_chats([USER, USER + 1])
    state.set_faults(blocked_chats=[USER], fail_next=2)
    gateway = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    assert await api("sendMessage", chat_id=USER + 1, text="x") == gateway
    assert await api("sendMessage", chat_id=USER + 1, text="x") == gateway
    assert await api("sendMessage", chat_id=USER, text="x") == (403, {
        "ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
    assert (await api("sendMessage", chat_id=USER + 1, text="x"))[0] == 200
    assert state.counters()["messages"] == {USER + 1: 1}
    assert state.counters()["calls"] == {"sendMessage": 4}


async def test_delayed_send_is_recorded_even_when_the_client_gives_up(emu, token, state):
    state.register_chats([USER])
    state.set_faults(delay_next=(1, 0.4))
    async with httpx.AsyncClient(trust_env=False, timeout=0.1) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            await impatient.post(f"{emu.base_url}/bot{token}/sendMessage", data={"chat_id": USER, "text": "slow"})
    [event] = await state.wait_events(USER, timeout=2)
    assert event["text"] == "slow" and state.faults.delay_next == 0


# ----- the HTTP control API ---------------------------------------------------------------------

async def test_http_control_api_mirrors_the_in_process_one(emu, api, token):
    async with EmulatorClient(emu.base_url, token) as client:
        await client.wait_until_up(timeout=2)
        assert await client.register_chats([USER, -5]) == 2
        update = await client.send_message(USER, "/start", first_name="Rita")
        assert update["message"]["entities"][0]["type"] == "bot_command"
        waiting = asyncio.create_task(client.wait_events(USER, count=1, timeout=5))
        await asyncio.sleep(0.05)
        sent = (await api("sendMessage", chat_id=USER, text="Hello Rita!", reply_markup=KEYBOARD))[1]["result"]
        [event] = await waiting
        assert event["text"] == "Hello Rita!" and await client.events(USER, after=event["seq"]) == []
        assert (await client.message(USER, sent["message_id"]))["buttons"] == KEYBOARD["inline_keyboard"]
        press = await client.press_button(USER, sent["message_id"], "yes")
        assert press["callback_query"]["from"]["first_name"] == "Rita"
        with pytest.raises(EmulatorError) as error:
            await client.press_button(USER, 999, "yes")
        assert (error.value.error_code, error.value.description) == (400, "Bad Request: message not found")
        with pytest.raises(EmulatorError, match="BUTTON_DATA_INVALID"):
            await client.press_button(USER, sent["message_id"], "forged")
        assert (await client.edit_message(USER, 1, "/help"))["edited_message"]["text"] == "/help"
        assert "photo" in (await client.send_media(USER, "photo"))["message"]
        await api("setMyCommands", commands=[{"command": "start", "description": "Start"}])
        assert await client.commands() == [{"command": "start", "description": "Start"}]
        assert (await client.set_faults(blocked_chats=[USER]))["blocked_chats"] == [USER]
        assert (await client.clear_faults())["blocked_chats"] == []
        counters = await client.counters()
        assert counters["messages"] == {USER: 1} and counters["calls"]["sendMessage"] == 1
        file_id = (await client.send_media(USER, "document"))["message"]["document"]["file_id"]
        assert (await client.file_bytes(file_id)).startswith(b"%PDF")
