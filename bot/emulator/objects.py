"""Telegram objects as the Bot API shapes them: users, chats, command entities, media payloads.

Also the emulator's error type and small readers (image dimensions, JSON-in-a-form-value).
"""

from __future__ import annotations

import copy
import json
import re
import struct
import time
from dataclasses import dataclass
from typing import Any

from bot.core.markup.html import utf16_len

COMMAND_PATTERN = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


class EmulatorError(Exception):
    """A Telegram-style failure: HTTP status, description and optional `parameters`."""

    def __init__(self, description: str, error_code: int = 400, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.error_code = error_code
        self.parameters = parameters

    def body(self) -> dict:
        """The JSON body Telegram answers with."""
        body = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class StoredMessage:
    """A message in a chat as it currently is: the Bot API object plus how the bot wrote it."""

    api: dict
    from_bot: bool
    kind: str = "message"  # message | photo | document | user
    raw_text: str | None = None
    parse_mode: str | None = None
    file_id: str | None = None

    def buttons(self) -> list[list[dict]]:
        """The inline keyboard rows (empty when there is none)."""
        return copy.deepcopy((self.api.get("reply_markup") or {}).get("inline_keyboard") or [])

    def text(self) -> str | None:
        """The plain text, or the plain caption of a media message."""
        return self.api.get("text", self.api.get("caption"))


@dataclass
class StoredFile:
    """Bytes the bot uploaded (or a user "sent"), reachable by file_id."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class Upload:
    """A file sent in a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


def bad_request(description: str) -> EmulatorError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return EmulatorError(f"Bad Request: {description}", 400)


def now() -> int:
    """The current unix time, as Telegram dates are."""
    return int(time.time())


def user(user_id: int, first_name: str = "Test", language_code: str | None = "en") -> dict:
    """A (human) User object."""
    result = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        result["language_code"] = language_code
    return result


def chat(chat_id: int, chat_type: str = "private", first_name: str = "Test") -> dict:
    """A Chat object: private chats carry the user's name, others a title."""
    if chat_type == "private":
        return {"id": chat_id, "type": "private", "first_name": first_name}
    return {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}


def command_entities(text: str) -> list[dict]:
    """bot_command entities for every /command (or /command@bot) token, like Telegram adds them."""
    return [{"type": "bot_command", "offset": utf16_len(text[:m.start()]), "length": utf16_len(m.group())}
            for m in COMMAND_PATTERN.finditer(text)]


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG, GIF or WebP image, or None if unreadable."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:16] == b"VP8X" and len(data) >= 30:
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2:i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                return width, height
            i += 2 + length
    return None


def json_value(value: object, what: str) -> Any:
    """A complex parameter: JSON text inside a form value, or already decoded from a JSON body."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise bad_request(f"can't parse {what} JSON object") from None


def as_int(value: str | int, error: str) -> int:
    """An integer parameter (form values are strings), or a 400 with this description."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(error) from None


def as_bool(value: object) -> bool:
    """A boolean parameter as Telegram reads it ("true"/"1" or a JSON true)."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def fake_media(kind: str, file_id: str, unique_id: str, size: int, **extra: object) -> dict:
    """The message fields of a user-sent sticker, photo, voice, document, location or contact."""
    if kind == "sticker":
        return {"sticker": {"file_id": file_id, "file_unique_id": unique_id, "type": "regular", "width": 512,
                            "height": 512, "is_animated": False, "is_video": False, "emoji": "\U0001F44D",
                            "file_size": size}}
    if kind == "photo":
        return {"photo": [{"file_id": file_id, "file_unique_id": unique_id, "width": 90, "height": 60,
                           "file_size": size}]}
    if kind == "voice":
        return {"voice": {"file_id": file_id, "file_unique_id": unique_id, "duration": 2,
                          "mime_type": "audio/ogg", "file_size": size}}
    if kind == "document":
        return {"document": {"file_id": file_id, "file_unique_id": unique_id, "file_name": "notes.pdf",
                             "mime_type": "application/pdf", "file_size": size}}
    if kind == "location":
        return {"location": {"latitude": extra.get("latitude", 51.5072), "longitude": extra.get("longitude", -0.1276)}}
    if kind == "contact":
        return {"contact": {"phone_number": extra.get("phone_number", "+441234567890"),
                            "first_name": extra.get("contact_name", "Sam"), "user_id": extra.get("contact_user_id")}}
    raise EmulatorError(f"unsupported media kind {kind!r}", 400)
