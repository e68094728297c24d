"""Shared pieces of the Bot API method handlers: the method registry and message helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

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
