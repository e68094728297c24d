"""Parameter checks of the Bot API with Telegram's error descriptions: formatted text, reply markup, commands."""

from __future__ import annotations

import re

from bot.core.markup.html import MarkupError, parse_entities, utf16_len
from bot.emulator.objects import as_int, bad_request, json_value

BUTTON_ACTIONS = ("url", "callback_data", "callback_game", "pay", "switch_inline_query",
                  "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "web_app", "login_url",
                  "copy_text")
COMMAND_NAME = re.compile(r"^[a-z0-9_]+$")
LANGUAGE_CODE = re.compile(r"^([a-z]{2})?$")
NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are exactly the same "
                "as a current content and reply markup of the message")


def lower_first(description: str) -> str:
    """Lower-case the first letter, as the Bot API does for most error messages."""
    return description[:1].lower() + description[1:]


def _trim(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Telegram's trimming: trailing whitespace, then leading spaces/newlines before the first entity."""
    text = text.rstrip()
    end = utf16_len(text)
    kept = []
    for entity in entities:
        if entity["offset"] < end:
            kept.append({**entity, "length": min(entity["length"], end - entity["offset"])})
    first = kept[0]["offset"] if kept else len(text)
    skip = 0
    while skip < min(first, len(text)) and text[skip] in " \n":
        skip += 1
    for entity in kept:
        entity["offset"] -= skip
    return text[skip:], kept


def formatted_text(raw: str, parse_mode: str | None) -> tuple[str, list[dict]]:
    """Plain text and entities of a text or caption, or a 400 with Telegram's parse error."""
    try:
        text, entities = parse_entities(raw, parse_mode)
    except MarkupError as error:
        raise bad_request(lower_first(error.description)) from None
    return _trim(text, entities)


def _button(button: object) -> dict:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    if "text" not in button:
        raise bad_request('can\'t parse inline keyboard button: Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    for action in BUTTON_ACTIONS:
        value = button.get(action)
        if action in ("url", "callback_data") and not value:
            continue
        if action in button:
            return {"text": button["text"], action: value}
    raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")


def reply_markup(raw: object) -> dict | None:
    """The inline keyboard a message will carry (None for none or for reply keyboards), validated."""
    if raw is None or raw == "":
        return None
    value = json_value(raw, "reply keyboard markup")
    if not isinstance(value, dict):
        raise bad_request("object expected as reply markup")
    keyboard = value.get("inline_keyboard")
    if keyboard is None:
        return None
    if not isinstance(keyboard, list):
        raise bad_request('field "inline_keyboard" must be of type Array')
    rows = []
    for row in keyboard:
        if not isinstance(row, list):
            raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
        rows.append([_button(button) for button in row])
    for button in (b for row in rows for b in row):
        if not button["text"]:
            raise bad_request("inline keyboard button text must be non-empty")
        data = button.get("callback_data")
        if isinstance(data, str) and len(data.encode("utf-8")) > 64 or data is not None and not isinstance(data, str):
            raise bad_request("BUTTON_DATA_INVALID")
    rows = [row for row in rows if row]
    return {"inline_keyboard": rows} if rows else None


def typing_keyboard(raw: object) -> list | str | None:
    """The keyboard shown under the typing field (rows of {"text", "request_location"?}), "remove" when the
    markup takes it away, None for none or an inline keyboard; validated like Telegram."""
    if raw is None or raw == "":
        return None
    value = json_value(raw, "reply keyboard markup")
    if not isinstance(value, dict):
        raise bad_request("object expected as reply markup")
    if value.get("remove_keyboard") is True:
        return "remove"
    keyboard = value.get("keyboard")
    if keyboard is None:
        return None
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
    rows = []
    for row in keyboard:
        buttons = []
        for button in row:
            button = {"text": button} if isinstance(button, str) else button
            if not isinstance(button, dict) or not isinstance(button.get("text"), str) or not button["text"]:
                raise bad_request("can't parse keyboard button: text must be a non-empty String")
            buttons.append({"text": button["text"], "request_location": bool(button.get("request_location"))})
        rows.append(buttons)
    return rows


def command_scope(raw: object) -> dict | None:
    """A BotCommandScope parameter (None for the default scope)."""
    if raw is None or raw == "":
        return None
    scope = json_value(raw, "BotCommandScope")
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request('can\'t parse BotCommandScope: Can\'t find field "type"')
    return scope


def language_code(raw: str | None) -> str:
    """A two-letter language code or empty."""
    code = raw or ""
    if not LANGUAGE_CODE.match(code):
        raise bad_request("invalid language code specified")
    return code


def bot_commands(raw: object) -> list[dict]:
    """The `commands` of setMyCommands, checked as the Bot API server, TDLib and Telegram check them."""
    if raw is None or raw == "":
        return []
    value = json_value(raw, "commands")
    if not isinstance(value, list):
        raise bad_request("expected an Array of BotCommand")
    commands = []
    for item in value:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: expected an Object")
        for name in ("command", "description"):
            if name not in item:
                raise bad_request(f'can\'t parse BotCommand: Can\'t find field "{name}"')
            if not isinstance(item[name], str):
                raise bad_request(f'can\'t parse BotCommand: Field "{name}" must be of type String')
        command, description = item["command"].strip(), item["description"].strip()
        command = command[1:] if command.startswith("/") else command
        if not command:
            raise bad_request("command must be non-empty")
        if len(command) > 32:
            raise bad_request("command length must not exceed 32")
        if not description:
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("command description length must not exceed 256")
        commands.append({"command": command, "description": description})
    if any(not COMMAND_NAME.match(c["command"]) for c in commands):
        raise bad_request("BOT_COMMAND_INVALID")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    return commands


def message_id(raw: str | int | None, missing: str) -> int:
    """A message_id parameter; `missing` is the description when it is absent or not a number."""
    if raw is None or raw == "":
        raise bad_request(missing)
    return as_int(raw, missing)
