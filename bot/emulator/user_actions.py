"""What users do, as updates for the bot: messages, media, edits and button presses (mixed into BotState)."""

from __future__ import annotations

import copy
import itertools
from typing import TYPE_CHECKING

from bot.emulator.objects import EmulatorError, StoredMessage, chat, command_entities, fake_media, now, user

if TYPE_CHECKING:
    from bot.emulator.objects import StoredFile

MEDIA_KINDS = ("sticker", "photo", "voice", "document", "location", "contact")
FAKE_FILE_BYTES = {"sticker": b"RIFF\x00\x00\x00\x00WEBPVP8 ", "photo": b"\xff\xd8\xff\xe0fake-jpeg",
                   "voice": b"OggS\x00fake-voice", "document": b"%PDF-1.4\n% fake\n"}


class UserActions:
    """The user-side control API of a BotState: each call injects one update and returns it.

    first_name / language_code left as None keep what this user had before ("Test" / "en" at first).
    """

    if TYPE_CHECKING:  # provided by BotState, the class this is mixed into (declared for type checking only)
        id: int
        users: dict[int, dict]
        callback_queries: dict[str, dict]
        _query_ids: itertools.count[int]

        def remember_chat(self, chat_object: dict) -> None: ...
        def next_message_id(self, chat_id: int) -> int: ...
        def store(self, chat_id: int, stored: StoredMessage) -> None: ...
        def stored(self, chat_id: int, message_id: int) -> StoredMessage | None: ...
        def add_file(self, data: bytes, file_name: str | None = None, mime_type: str | None = None) -> StoredFile: ...
        def push_update(self, kind: str, payload: dict) -> dict: ...

    def _user(self, user_id: int, first_name: str | None, language_code: str | None) -> dict:
        known = self.users.get(int(user_id)) or user(int(user_id), "Test", "en")
        current = user(int(user_id), first_name or known["first_name"], language_code or known.get("language_code"))
        self.users[int(user_id)] = current
        return current

    def _user_chat(self, user_id: int, chat_id: int | None, chat_type: str, first_name: str) -> dict:
        """The chat a user writes in (their private chat unless chat_id is given); it becomes known."""
        if chat_id is None or (chat_type == "private" and int(chat_id) == int(user_id)):
            chat_object = chat(int(user_id), "private", first_name)
        else:
            chat_object = chat(int(chat_id), chat_type, first_name)
        self.remember_chat(chat_object)
        return chat_object

    def _user_message(self, user_id: int, chat_id: int | None, chat_type: str, first_name: str | None,
                      language_code: str | None, fields: dict) -> dict:
        sender = self._user(user_id, first_name, language_code)
        chat_object = self._user_chat(user_id, chat_id, chat_type, sender["first_name"])
        message = {"message_id": self.next_message_id(chat_object["id"]), "from": dict(sender),
                   "chat": dict(chat_object),
                   "date": now(), **fields}
        self.store(chat_object["id"], StoredMessage(copy.deepcopy(message), from_bot=False, kind="user"))
        return self.push_update("message", message)

    def send_message(self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private",
                     first_name: str | None = None, language_code: str | None = None) -> dict:
        """Inject a text message from this user (bot_command entities added like Telegram); returns the update."""
        fields: dict = {"text": text}
        entities = command_entities(text)
        if entities:
            fields["entities"] = entities
        return self._user_message(user_id, chat_id, chat_type, first_name, language_code, fields)

    def post_in_channel(self, channel_id: int, text: str) -> dict:
        """Inject a post in a channel the bot is a member of (a channel_post update, no sender user)."""
        channel = chat(int(channel_id), "channel")
        self.remember_chat(channel)
        message: dict = {"message_id": self.next_message_id(channel["id"]), "sender_chat": dict(channel),
                         "chat": dict(channel), "date": now(), "text": text}
        entities = command_entities(text)
        if entities:
            message["entities"] = entities
        self.store(channel["id"], StoredMessage(copy.deepcopy(message), from_bot=False, kind="user"))
        return self.push_update("channel_post", message)

    def send_media(self, user_id: int, kind: str, chat_id: int | None = None, chat_type: str = "private",
                   first_name: str | None = None, language_code: str | None = None, **extra: object) -> dict:
        """Inject a sticker/photo/voice/document/location/contact message (extra: latitude, longitude...)."""
        if kind not in MEDIA_KINDS:
            raise EmulatorError(f"Bad Request: unsupported media kind {kind!r}, expected one of {MEDIA_KINDS}")
        data = FAKE_FILE_BYTES.get(kind, b"")
        stored = self.add_file(data) if data else None
        fields = fake_media(kind, stored.file_id if stored else "", stored.file_unique_id if stored else "",
                            len(data), **extra)
        if extra.get("caption") and kind in ("photo", "document", "voice"):
            fields["caption"] = extra["caption"]
        return self._user_message(user_id, chat_id, chat_type, first_name, language_code, fields)

    def edit_message(self, user_id: int, message_id: int, text: str, chat_id: int | None = None) -> dict:
        """The user edits their own earlier message: an `edited_message` update."""
        target_chat = int(user_id if chat_id is None else chat_id)
        stored = self.stored(target_chat, int(message_id))
        if stored is None or stored.from_bot or stored.api["from"]["id"] != int(user_id):
            raise EmulatorError("Bad Request: message to edit not found")
        stored.api["text"] = text
        stored.api.pop("entities", None)
        entities = command_entities(text)
        if entities:
            stored.api["entities"] = entities
        stored.api["edit_date"] = now()
        return self.push_update("edited_message", copy.deepcopy(stored.api))

    def press_button(self, user_id: int, message_id: int, data: str | None = None, *, chat_id: int | None = None,
                     button_text: str | None = None, forge: bool = False, first_name: str | None = None) -> dict:
        """Press an inline button of a bot message (by data or label); forge=True sends any payload."""
        target_chat = int(user_id if chat_id is None else chat_id)
        stored = self.stored(target_chat, int(message_id))
        if stored is None:
            raise EmulatorError("Bad Request: message not found")
        buttons = [b for b in itertools.chain.from_iterable(stored.buttons()) if "callback_data" in b]
        if button_text is not None:
            match = next((b for b in buttons if b["text"] == button_text), None)
            if match is None and not forge:
                raise EmulatorError("Bad Request: BUTTON_DATA_INVALID")
            data = match["callback_data"] if match else data
        elif not forge and not any(b["callback_data"] == data for b in buttons):
            raise EmulatorError("Bad Request: BUTTON_DATA_INVALID")
        query_id = f"{self.id}{next(self._query_ids):010d}"
        self.callback_queries[query_id] = {"chat_id": target_chat, "message_id": int(message_id), "answered": False}
        query = {"id": query_id, "from": dict(self._user(user_id, first_name, None)),
                 "chat_instance": str((self.id * 1_000_003 + target_chat) % 10**18),
                 "message": copy.deepcopy(stored.api)}
        if data is not None:
            query["data"] = data
        return self.push_update("callback_query", query)
