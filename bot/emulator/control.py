"""The control API over HTTP, under /_emulator/: act as users and read what a bot did (JSON in and out).

Every answer is {"ok": true, "result": ...} or Telegram-style {"ok": false, "error_code", "description"}.
Routes (token = the bot's token):
  GET    /_emulator/health
  POST   /_emulator/<token>/chats                      {"ids": [...]}
  POST   /_emulator/<token>/messages                   {"user_id", "text", "chat_id"?, "chat_type"?, ...}
  POST   /_emulator/<token>/media                      {"user_id", "kind", ...}
  POST   /_emulator/<token>/edits                      {"user_id", "message_id", "text", "chat_id"?}
  POST   /_emulator/<token>/presses                    {"user_id", "message_id", "data"?, "button_text"?, ...}
  GET    /_emulator/<token>/chats/<chat_id>/events?after=&count=&timeout=
  GET    /_emulator/<token>/chats/<chat_id>/messages/<message_id>
  GET    /_emulator/<token>/files/<file_id>            (the bytes)
  GET    /_emulator/<token>/commands?scope=&language_code=
  GET|POST|DELETE /_emulator/<token>/faults
  GET    /_emulator/<token>/counters
  GET    /_emulator/<token>/me
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TypeVar, overload

from aiohttp import web

from bot.emulator.objects import EmulatorError, json_value
from bot.emulator.state import BotState, EmulatorState

PREFIX = "/_emulator"

D = TypeVar("D")
N = TypeVar("N")
# A control action: (bot, request) -> the result to answer with, or a ready web.Response
Action = Callable[[BotState, web.Request], Awaitable[object]]


def _answer(result: object = None, error: EmulatorError | None = None) -> web.Response:
    body = error.body() if error else {"ok": True, "result": result}
    return web.Response(text=json.dumps(body, ensure_ascii=False), status=error.error_code if error else 200,
                        content_type="application/json")


async def _body(request: web.Request) -> dict:
    if not request.body_exists:
        return {}
    try:
        body = json.loads(await request.read() or b"{}")
    except ValueError:
        raise EmulatorError("Bad Request: the control API expects a JSON object") from None
    if not isinstance(body, dict):
        raise EmulatorError("Bad Request: the control API expects a JSON object")
    return body


@overload
def _number(request: web.Request, name: str, default: D) -> int | D: ...
@overload
def _number(request: web.Request, name: str, default: D, kind: Callable[[str], N]) -> N | D: ...
def _number(request: web.Request, name: str, default: object, kind: Callable[[str], object] = int) -> object:
    raw = request.query.get(name)
    if raw in (None, ""):
        return default
    try:
        return kind(raw)
    except ValueError:
        raise EmulatorError(f"Bad Request: {name} must be a number") from None


def add_control_routes(app: web.Application, state: EmulatorState) -> None:
    """Mount the control routes on the emulator's aiohttp application."""

    def route(method: str, path: str, action: Action) -> None:
        async def handler(request: web.Request) -> web.Response:
            try:
                bot = state.bot(request.match_info["token"])
                result = await action(bot, request)
            except EmulatorError as error:
                return _answer(error=error)
            except TypeError as error:  # unexpected or missing fields in the JSON body
                return _answer(error=EmulatorError(f"Bad Request: {error}"))
            if isinstance(result, web.Response):
                return result
            return _answer(result)

        app.router.add_route(method, f"{PREFIX}/{{token}}{path}", handler)

    async def health(request: web.Request) -> web.Response:
        return _answer({"bots": len(state.bots)})

    app.router.add_get(f"{PREFIX}/health", health)

    async def register_chats(bot: BotState, request: web.Request) -> int:
        return bot.register_chats((await _body(request)).get("ids") or [])

    async def send_message(bot: BotState, request: web.Request) -> dict:
        return bot.send_message(**await _body(request))

    async def send_media(bot: BotState, request: web.Request) -> dict:
        return bot.send_media(**await _body(request))

    async def edit_message(bot: BotState, request: web.Request) -> dict:
        return bot.edit_message(**await _body(request))

    async def press_button(bot: BotState, request: web.Request) -> dict:
        return bot.press_button(**await _body(request))

    async def events(bot: BotState, request: web.Request) -> list[dict]:
        chat_id = int(request.match_info["chat_id"])
        after = _number(request, "after", 0)
        count = _number(request, "count", None)
        if count is None:
            return bot.events(chat_id, after)
        return await bot.wait_events(chat_id, after, count, _number(request, "timeout", 5.0, float))

    async def message(bot: BotState, request: web.Request) -> dict | None:
        return bot.message(int(request.match_info["chat_id"]), int(request.match_info["message_id"]))

    async def file_bytes(bot: BotState, request: web.Request) -> web.Response:
        return web.Response(body=bot.file_bytes(request.match_info["file_id"]),
                            content_type="application/octet-stream")

    async def commands(bot: BotState, request: web.Request) -> list[dict]:
        scope = request.query.get("scope")
        return bot.commands(json_value(scope, "scope") if scope else None, request.query.get("language_code", ""))

    async def get_faults(bot: BotState, request: web.Request) -> dict:
        return bot.faults.as_dict()

    async def set_faults(bot: BotState, request: web.Request) -> dict:
        return bot.set_faults(**await _body(request))

    async def clear_faults(bot: BotState, request: web.Request) -> dict:
        bot.clear_faults()
        return bot.faults.as_dict()

    async def counters(bot: BotState, request: web.Request) -> dict:
        return bot.counters()

    async def me(bot: BotState, request: web.Request) -> dict[str, object]:
        return bot.me

    route("POST", "/chats", register_chats)
    route("POST", "/messages", send_message)
    route("POST", "/media", send_media)
    route("POST", "/edits", edit_message)
    route("POST", "/presses", press_button)
    route("GET", "/chats/{chat_id:-?\\d+}/events", events)
    route("GET", "/chats/{chat_id:-?\\d+}/messages/{message_id:\\d+}", message)
    route("GET", "/files/{file_id}", file_bytes)
    route("GET", "/commands", commands)
    route("GET", "/faults", get_faults)
    route("POST", "/faults", set_faults)
    route("DELETE", "/faults", clear_faults)
    route("GET", "/counters", counters)
    route("GET", "/me", me)
