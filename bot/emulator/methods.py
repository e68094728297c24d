"""Shared pieces of the Bot API method handlers: the method registry and message helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.emulator import validation as check
from bot.emulator.objects import StoredMessage, bad_request, now
from bot.emulator.state import BotState

# A method handler: (bot, params, files) -> the result, or an awaitable of it (async handlers)
Handler = Callable[[BotState, dict, dict], object]
H = TypeVar("H", bound=Handler)

METHODS: dict[str, tuple[str, Handler]] = {}


def method(*names: str) -> Callable[[H], H]:
    """Register a handler under Bot API method names."""
    def register(function: H) -> H:
        for name in names:
            METHODS[name.lower()] = (name, function)
        return function
    return register


def chat_id_param(bot: BotState, params: dict) -> int:
    """The chat_id parameter of a chat the bot knows, or Telegram's 400."""
    raw = params.get("chat_id")
    if raw is None or raw == "":
        raise bad_request("chat_id is empty")
    try:
        chat_id = int(raw)
    except (TypeError, ValueError):
        raise bad_request("chat not found") from None
    if bot.known_chat(chat_id) is None:
        raise bad_request("chat not found")
    return chat_id


def new_message(bot: BotState, chat_id: int, fields: dict) -> dict:
    """A Message from the bot in this chat, with the next message_id."""
    sender = {key: bot.me[key] for key in ("id", "is_bot", "first_name", "username")}
    return {"message_id": bot.next_message_id(chat_id), "from": sender, "chat": dict(bot.chats[chat_id]),
            "date": now(), **fields}


def text_fields(text: str, entities: list, markup: dict | None, name: str = "text") -> dict[str, object]:
    """The text (or caption) fields of a Message: entities and reply_markup only when present."""
    fields: dict[str, object] = {name: text}
    if entities:
        fields["entities" if name == "text" else "caption_entities"] = entities
    if markup:
        fields["reply_markup"] = markup
    return fields


def accept(bot: BotState, chat_id: int, stored: StoredMessage, raw: str | None, parse_mode: str | None) -> dict:
    """Keep a new bot message, count it and log the event; returns the Message."""
    bot.store(chat_id, stored)
    bot.accepted[chat_id] += 1
    bot.record(chat_id, stored.kind, message_id=stored.api["message_id"], text=stored.text(), raw_text=raw,
               parse_mode=parse_mode, buttons=stored.buttons(), file_id=stored.file_id)
    return stored.api


def editable(bot: BotState, params: dict) -> tuple[int, StoredMessage]:
    chat_id = chat_id_param(bot, params)
    stored = bot.stored(chat_id, check.message_id(params.get("message_id"), "message to edit not found"))
    if stored is None:
        raise bad_request("message to edit not found")
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    return chat_id, stored


def apply_edit(bot: BotState, chat_id: int, stored: StoredMessage, fields: dict, markup: dict | None,
                source: tuple[str, str | None] | None = None) -> dict:
    old = {k: stored.api.get(k) for k in (*fields, "reply_markup")}
    new = {**{k: v or None for k, v in fields.items()}, "reply_markup": markup}
    if {k: v or None for k, v in old.items()} == new:
        raise bad_request(check.NOT_MODIFIED)
    bot.injector.admit(chat_id)
    for key, value in new.items():
        if value:
            stored.api[key] = value
        else:
            stored.api.pop(key, None)
    stored.api["edit_date"] = now()
    if source is not None:
        stored.raw_text, stored.parse_mode = source
    bot.record(chat_id, "edit", message_id=stored.api["message_id"], text=stored.text(), raw_text=stored.raw_text,
               parse_mode=stored.parse_mode, buttons=stored.buttons(), file_id=stored.file_id)
    return stored.api
