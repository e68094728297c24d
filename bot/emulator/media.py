"""Bot API media methods: sendPhoto, sendAnimation, sendDocument (uploads or earlier file_ids), editMessageCaption
and getFile."""

from __future__ import annotations

import mimetypes
from typing import cast

from bot.emulator import validation as check
from bot.emulator.methods import accept, apply_edit, chat_id_param, editable, method, new_message, text_fields
from bot.emulator.objects import StoredFile, StoredMessage, Upload, bad_request, image_size
from bot.emulator.state import BotState


def _input_file(bot: BotState, params: dict, files: dict, field: str) -> tuple[Upload, None] | tuple[None, StoredFile]:
    """(upload or None, earlier StoredFile or None) for a file parameter."""
    value = params.get(field)
    upload = files.get(field)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = files.get(value[len("attach://"):])
    if upload is not None:
        return upload, None
    if not value:
        raise bad_request(f"there is no {field} in the request")
    earlier = bot.files.get(str(value))
    if earlier is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return None, earlier


def _send_file(bot: BotState, params: dict, files: dict, field: str) -> dict:
    upload, earlier = _input_file(bot, params, files, field)
    raw, parse_mode = params.get("caption") or "", params.get("parse_mode")
    caption, entities = check.formatted_text(raw, parse_mode) if raw else ("", [])
    if len(caption) > 1024:
        raise bad_request("message caption is too long")
    markup = check.reply_markup(params.get("reply_markup"))
    chat_id = chat_id_param(bot, params)
    data = upload.data if upload else cast(StoredFile, earlier).data  # no upload: _input_file found a file
    size = image_size(data) if field == "photo" else None
    if field == "photo" and size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    if field == "animation" and not (data[:6] in (b"GIF87a", b"GIF89a") or data[4:8] == b"ftyp"):
        raise bad_request("wrong type of the web page content")  # Telegram's answer to a non-GIF, non-MP4 animation
    bot.injector.check_blocked(chat_id)
    bot.injector.admit(chat_id)
    if upload is not None:
        name = upload.filename or {"photo": "photo.jpg", "animation": "animation.gif"}.get(field, "document")
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        earlier = bot.add_file(data, name, mime)
    earlier = cast(StoredFile, earlier)  # just stored from the upload, or else the one _input_file found
    ids = {"file_id": earlier.file_id, "file_unique_id": earlier.file_unique_id}
    media: dict[str, object]
    if size is not None:  # a photo: its size was read above (a photo without one was refused)
        media = {"photo": [{**ids, "width": size[0], "height": size[1], "file_size": len(data)}]}
    elif field == "animation":  # Telegram returns an animation with its document
        width, height = image_size(data) or (0, 0)
        animation = {**ids, "width": width, "height": height, "duration": 0, "file_name": earlier.file_name,
                     "mime_type": earlier.mime_type, "file_size": len(data)}
        media = {"animation": animation, "document": {k: animation[k] for k in (*ids, "file_name", "mime_type")}}
    else:
        media = {"document": {**ids, "file_name": earlier.file_name, "mime_type": earlier.mime_type,
                              "file_size": len(data)}}
    fields = {**media, **text_fields(caption, entities, markup, "caption")}
    if not caption:
        fields.pop("caption")
    api = new_message(bot, chat_id, fields)
    stored = StoredMessage(api, True, field, raw or None, parse_mode, earlier.file_id)
    return accept(bot, chat_id, stored, raw or None, parse_mode)


@method("sendPhoto")
def send_photo(bot: BotState, params: dict, files: dict) -> dict:
    """Send an uploaded image (PNG/JPEG/GIF/WebP) or an earlier photo's file_id."""
    return _send_file(bot, params, files, "photo")


@method("sendAnimation")
def send_animation(bot: BotState, params: dict, files: dict) -> dict:
    """Send an uploaded GIF or MP4 (or an earlier one's file_id) that plays by itself, with a caption."""
    return _send_file(bot, params, files, "animation")


@method("editMessageCaption")
def edit_message_caption(bot: BotState, params: dict, files: dict) -> dict:
    """Replace a media message's caption (and keyboard: none unless given), or Telegram's error."""
    raw, parse_mode = params.get("caption") or "", params.get("parse_mode")
    caption, entities = check.formatted_text(raw, parse_mode) if raw else ("", [])
    if len(caption) > 1024:
        raise bad_request("message caption is too long")
    markup = check.reply_markup(params.get("reply_markup"))
    chat_id, stored = editable(bot, params)
    if stored.kind == "message":
        raise bad_request("there is no caption in the message to edit")
    return apply_edit(bot, chat_id, stored, {"caption": caption, "caption_entities": entities}, markup,
                      (raw, parse_mode))


@method("sendDocument")
def send_document(bot: BotState, params: dict, files: dict) -> dict:
    """Send an uploaded file or an earlier file_id."""
    return _send_file(bot, params, files, "document")


@method("getFile")
def get_file(bot: BotState, params: dict, files: dict) -> dict:
    """A File with a path served under /file/bot<token>/."""
    stored = bot.files.get(str(params.get("file_id") or ""))
    if stored is None:
        raise bad_request("invalid file_id")
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(stored.data),
            "file_path": f"files/{stored.file_id}"}
