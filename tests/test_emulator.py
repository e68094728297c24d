"""The local Bot API emulator over raw HTTP: tokens, routing, and Telegram's exact answers and errors for
messages, edits, deletes, callback queries, commands, chat actions and files."""

import pytest

from bot.emulator import EmulatorError, EmulatorServer
from tests.emulator_support import KEYBOARD, USER, bad, png


# ----- routing and tokens ----------------------------------------------------------------------

async def test_any_well_formed_token_is_a_bot(emu, http):
    response = await http.get(f"{emu.base_url}/bot4242:AbC-d_e/getMe")
    assert response.json() == {"ok": True, "result": {
        "id": 4242, "is_bot": True, "first_name": "Emulator Bot", "username": "emu_4242_bot",
        "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False,
        "can_connect_to_business": False, "has_main_web_app": False}}


@pytest.mark.parametrize("bad_token", ["nocolon", "abc:def", "12:a.b", "12:"])
async def test_malformed_token_is_unauthorized(emu, http, bad_token):
    response = await http.get(f"{emu.base_url}/bot{bad_token}/getMe")
    assert (response.status_code, response.json()) == (401, {"ok": False, "error_code": 401,
                                                            "description": "Unauthorized"})


@pytest.mark.parametrize(("options", "token_", "status"), [
    ({"tokens": {"1:A"}}, "1:A", 200), ({"tokens": {"1:A"}}, "2:B", 401), ({"accept_any_token": False}, "1:A", 401)])
async def test_token_lists(http, options, token_, status):
    async with EmulatorServer(**options) as server:
        assert (await http.get(f"{server.base_url}/bot{token_}/getMe")).status_code == status


async def test_unknown_method_is_404(api):
    assert await api("sendLocation") == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


async def test_methods_case_insensitive_and_every_encoding(emu, http, token, state):
    state.register_chats([USER])
    url = f"{emu.base_url}/bot{token}"
    answers = [await http.get(f"{url}/sendmessage", params={"chat_id": USER, "text": "query"}),
               await http.post(f"{url}/SENDMESSAGE", json={"chat_id": USER, "text": "json"}),
               await http.post(f"{url}/sendMessage", data={"chat_id": str(USER), "text": "form"}),
               await http.post(f"{url}/sendMessage", data={"chat_id": str(USER)}, files={"text": (None, "multi")})]
    assert [a.json()["result"]["text"] for a in answers] == ["query", "json", "form", "multi"]
    assert state.counters()["calls"] == {"sendMessage": 4}


# ----- sendMessage -----------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "description"), [
    ({"chat_id": 999, "text": "x"}, "chat not found"),
    ({"chat_id": "", "text": "x"}, "chat_id is empty"),
    ({"chat_id": USER}, "message text is empty"),
    ({"chat_id": USER, "text": " \n "}, "message text is empty"),
    ({"chat_id": USER, "text": "<b></b>", "parse_mode": "HTML"}, "message text is empty"),
    ({"chat_id": USER, "text": "x" * 4097}, "message is too long"),
    ({"chat_id": USER, "text": "a <foo>", "parse_mode": "HTML"},
     "can't parse entities: Unsupported start tag \"foo\" at byte offset 2"),
    ({"chat_id": USER, "text": "<b>x", "parse_mode": "html"},
     "can't parse entities: Can't find end tag corresponding to start tag \"b\""),
    ({"chat_id": USER, "text": "Hi.", "parse_mode": "MarkdownV2"},
     "the emulator supports HTML only: the bot sends HTML or plain text, never MarkdownV2"),
    ({"chat_id": USER, "text": "*x", "parse_mode": "Markdown"},
     "the emulator supports HTML only: the bot sends HTML or plain text, never Markdown"),
    ({"chat_id": USER, "text": "x", "parse_mode": "BBCode"}, "unsupported parse_mode"),
    ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "d" * 65}]]}},
     "BUTTON_DATA_INVALID"),
    ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]}},
     "BUTTON_DATA_INVALID"),
    ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}},
     "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
    ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"callback_data": "a"}]]}},
     "can't parse inline keyboard button: Can't find field \"text\""),
    ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "", "callback_data": "a"}]]}},
     "inline keyboard button text must be non-empty"),
    ({"chat_id": USER, "text": "x", "reply_markup": "{not json"}, "can't parse reply keyboard markup JSON object"),
])
async def test_send_message_errors(api, state, params, description):
    state.register_chats([USER])
    assert await api("sendMessage", **params) == (400, bad(description))
    assert state.events(USER) == [] and state.counters()["messages"] == {}


async def test_send_message_answers_a_telegram_message_and_logs_it(api, state, token):
    state.register_chats([USER])
    status, body = await api("sendMessage", chat_id=USER, text="  <b>Hi</b> 😀 <i>there</i>\n", parse_mode="HTML",
                             reply_markup=KEYBOARD)
    assert status == 200
    message = body["result"]
    assert message["text"] == "Hi 😀 there"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 2},
                                   {"type": "italic", "offset": 6, "length": 5}]
    assert message["reply_markup"] == KEYBOARD
    assert message["from"] == {"id": int(token.split(":")[0]), "is_bot": True, "first_name": "Emulator Bot",
                               "username": f"emu_{token.split(':')[0]}_bot"}
    assert message["chat"] == {"id": USER, "type": "private", "first_name": "Test"}
    assert isinstance(message["date"], int) and "edit_date" not in message
    [event] = state.events(USER)
    assert event["kind"] == "message" and event["message_id"] == message["message_id"]
    assert (event["text"], event["raw_text"], event["parse_mode"]) == (
        "Hi 😀 there", "  <b>Hi</b> 😀 <i>there</i>\n", "HTML")
    assert event["buttons"] == KEYBOARD["inline_keyboard"]


async def test_limits_count_characters_and_callback_data_bytes(api, state):
    state.register_chats([USER])
    assert (await api("sendMessage", chat_id=USER, text="😀" * 4096))[0] == 200
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 32}]]}
    assert (await api("sendMessage", chat_id=USER, text="x", reply_markup=markup))[0] == 200


# ----- edits, deletes, callback queries ----------------------------------------------------------

async def test_edit_text_replaces_text_and_drops_the_keyboard_unless_given(api, state):
    state.register_chats([USER])
    sent = (await api("sendMessage", chat_id=USER, text="Question?", reply_markup=KEYBOARD))[1]["result"]
    status, body = await api("editMessageText", chat_id=USER, message_id=sent["message_id"], text="<i>Done</i>",
                             parse_mode="HTML")
    assert status == 200 and body["result"]["text"] == "Done" and "reply_markup" not in body["result"]
    assert isinstance(body["result"]["edit_date"], int)
    assert [e["kind"] for e in state.events(USER)] == ["message", "edit"]
    current = state.message(USER, sent["message_id"])
    assert (current["text"], current["raw_text"], current["buttons"]) == ("Done", "<i>Done</i>", [])


async def test_edit_reply_markup_replaces_or_removes_the_keyboard(api, state):
    state.register_chats([USER])
    sent = (await api("sendMessage", chat_id=USER, text="Q", reply_markup=KEYBOARD))[1]["result"]
    status, body = await api("editMessageReplyMarkup", chat_id=USER, message_id=sent["message_id"])
    assert status == 200 and "reply_markup" not in body["result"] and body["result"]["text"] == "Q"
    assert state.message(USER, sent["message_id"])["buttons"] == []


@pytest.mark.parametrize(("method", "params", "description"), [
    ("editMessageText", {"message_id": 999, "text": "x"}, "message to edit not found"),
    ("editMessageText", {"message_id": "{sent}", "text": "Q", "reply_markup": KEYBOARD},
     "message is not modified: specified new message content and reply markup are exactly the same as a "
     "current content and reply markup of the message"),
    ("editMessageReplyMarkup", {"message_id": "{sent}", "reply_markup": KEYBOARD},
     "message is not modified: specified new message content and reply markup are exactly the same as a "
     "current content and reply markup of the message"),
    ("editMessageText", {"message_id": "{user}", "text": "x"}, "message can't be edited"),
    ("editMessageText", {"message_id": "{sent}", "text": "x" * 4097}, "message is too long"),
    ("deleteMessage", {"message_id": 999}, "message to delete not found"),
])
async def test_edit_and_delete_errors(api, state, method, params, description):
    user_message = state.send_message(USER, "hi")["message"]["message_id"]
    sent = (await api("sendMessage", chat_id=USER, text="Q", reply_markup=KEYBOARD))[1]["result"]["message_id"]
    params = {k: {"{sent}": sent, "{user}": user_message}.get(v, v) if isinstance(v, str) else v
              for k, v in params.items()}
    assert await api(method, chat_id=USER, **params) == (400, bad(description))


async def test_delete_message(api, state):
    state.register_chats([USER])
    sent = (await api("sendMessage", chat_id=USER, text="bye"))[1]["result"]["message_id"]
    assert await api("deleteMessage", chat_id=USER, message_id=sent) == (200, {"ok": True, "result": True})
    assert state.message(USER, sent) is None
    assert state.events(USER)[-1]["kind"] == "delete"
    assert await api("deleteMessage", chat_id=USER, message_id=sent) == (400, bad("message to delete not found"))


async def test_callback_query_is_answered_once(api, state):
    state.register_chats([USER])
    sent = (await api("sendMessage", chat_id=USER, text="Q", reply_markup=KEYBOARD))[1]["result"]
    query = state.press_button(USER, sent["message_id"], button_text="No")["callback_query"]
    assert query["data"] == "no" and query["message"]["message_id"] == sent["message_id"]
    assert query["from"]["id"] == USER and query["chat_instance"]
    too_old = bad("query is too old and response timeout expired or query ID is invalid")
    assert await api("answerCallbackQuery", callback_query_id=query["id"], text="x" * 201) == (
        400, bad("MESSAGE_TOO_LONG"))
    assert await api("answerCallbackQuery", callback_query_id=query["id"], text="Noted") == (
        200, {"ok": True, "result": True})
    assert await api("answerCallbackQuery", callback_query_id=query["id"]) == (400, too_old)
    assert await api("answerCallbackQuery", callback_query_id="12345") == (400, too_old)
    answer = state.events(USER)[-1]
    assert (answer["kind"], answer["callback_query_id"], answer["answer_text"]) == (
        "callback_answer", query["id"], "Noted")


async def test_pressing_buttons_that_are_not_there(api, state):
    state.register_chats([USER])
    sent = (await api("sendMessage", chat_id=USER, text="Q", reply_markup=KEYBOARD))[1]["result"]["message_id"]
    with pytest.raises(EmulatorError, match="^Bad Request: message not found$"):
        state.press_button(USER, 999, "yes")
    for attempt in ({"data": "maybe"}, {"button_text": "Maybe"}, {"button_text": "Docs"}):
        with pytest.raises(EmulatorError, match="^Bad Request: BUTTON_DATA_INVALID$"):
            state.press_button(USER, sent, **attempt)
    assert state.press_button(USER, sent, "delete:everyone", forge=True)["callback_query"]["data"] == "delete:everyone"
    await api("editMessageReplyMarkup", chat_id=USER, message_id=sent)
    with pytest.raises(EmulatorError, match="BUTTON_DATA_INVALID"):
        state.press_button(USER, sent, "yes")


# ----- commands, chat actions, files ------------------------------------------------------------

async def test_commands_per_scope_and_language(api, state):
    commands = [{"command": "start", "description": "Start"}, {"command": "tip", "description": "A tip"}]
    assert await api("setMyCommands", commands=commands) == (200, {"ok": True, "result": True})
    assert await api("setMyCommands", commands=commands[:1], language_code="de") == (200, {"ok": True, "result": True})
    assert await api("getMyCommands") == (200, {"ok": True, "result": commands})
    assert (await api("getMyCommands", language_code="de"))[1]["result"] == commands[:1]
    assert (await api("getMyCommands", scope={"type": "all_group_chats"}))[1]["result"] == []
    assert state.commands() == commands
    await api("deleteMyCommands")
    assert state.commands() == []


@pytest.mark.parametrize(("commands", "description"), [
    ([{"command": "Bad-Name", "description": "x"}], "BOT_COMMAND_INVALID"),
    ([{"command": "ok", "description": "  "}], "command description must be non-empty"),
    ([{"command": "ok", "description": "x" * 257}], "command description length must not exceed 256"),
    ([{"command": " ", "description": "x"}], "command must be non-empty"),
    ([{"command": "c" * 33, "description": "x"}], "command length must not exceed 32"),
    ([{"command": "ok"}], "can't parse BotCommand: Can't find field \"description\""),
    ("[{", "can't parse commands JSON object"),
])
async def test_set_my_commands_errors(api, commands, description):
    assert await api("setMyCommands", commands=commands) == (400, bad(description))


async def test_chat_action(api, state):
    state.register_chats([USER])
    assert await api("sendChatAction", chat_id=USER, action="typing") == (200, {"ok": True, "result": True})
    assert await api("sendChatAction", chat_id=USER, action="dancing") == (
        400, bad("wrong parameter action in request"))
    assert [(e["kind"], e["action"]) for e in state.events(USER)] == [("chat_action", "typing")]


async def test_photo_and_document_uploads(emu, http, token, state, api):
    state.register_chats([USER])
    url = f"{emu.base_url}/bot{token}"
    photo = (await http.post(f"{url}/sendPhoto", data={"chat_id": str(USER), "caption": "<b>Stretch</b>",
                                                       "parse_mode": "HTML"},
                             files={"photo": ("p.png", png(3, 2), "image/png")})).json()["result"]
    [size] = photo["photo"]
    assert (size["width"], size["height"], size["file_size"]) == (3, 2, len(png(3, 2)))
    assert photo["caption"] == "Stretch" and photo["caption_entities"][0]["type"] == "bold"
    assert state.file_bytes(size["file_id"]) == png(3, 2)
    again = (await api("sendPhoto", chat_id=USER, photo=size["file_id"]))[1]["result"]
    assert again["photo"][0]["file_id"] == size["file_id"]
    document = (await http.post(f"{url}/sendDocument", data={"chat_id": str(USER)},
                                files={"document": ("plan.txt", b"week 1", "text/plain")})).json()["result"]
    assert document["document"]["file_name"] == "plan.txt" and document["document"]["mime_type"] == "text/plain"
    path = (await api("getFile", file_id=document["document"]["file_id"]))[1]["result"]["file_path"]
    assert (await http.get(f"{emu.base_url}/file/bot{token}/{path}")).content == b"week 1"
    assert [e["kind"] for e in state.events(USER)] == ["photo", "photo", "document"]
    assert state.events(USER)[0]["file_id"] == size["file_id"]
    assert await api("sendPhoto", chat_id=USER, photo="nope") == (400, bad("wrong file identifier/HTTP URL specified"))
    assert await api("sendPhoto", chat_id=USER) == (400, bad("there is no photo in the request"))
    too_long = await http.post(f"{url}/sendPhoto", data={"chat_id": str(USER), "caption": "x" * 1025},
                               files={"photo": ("p.png", png(1, 1), "image/png")})
    assert too_long.json() == bad("message caption is too long")
    not_image = await http.post(f"{url}/sendPhoto", data={"chat_id": str(USER)}, files={"photo": ("p.png", b"x")})
    assert not_image.json() == bad("IMAGE_PROCESS_FAILED")
