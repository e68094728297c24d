"""Bot API methods as api.telegram.org answers them, acting on a BotState.

`call_method(bot, method, params, files)` returns the `result` or raises EmulatorError (Telegram's
status and description). Method names are case-insensitive; unknown methods are 404 Not Found.
"""

from __future__ import annotations

import asyncio
import inspect

from bot.emulator import media  # noqa: F401  (registers the media methods)
from bot.emulator import validation as check
from bot.emulator.methods import METHODS, accept, apply_edit, chat_id_param, editable, method, new_message, text_fields
from bot.emulator.objects import EmulatorError, StoredMessage, as_bool, as_int, bad_request, json_value
from bot.emulator.state import BotState, scope_key
from bot.emulator.webhook import WEBHOOK_CONFLICT, delete_webhook as stop_webhook, set_webhook as start_webhook

NOT_FOUND = EmulatorError("Not Found", 404)
SEND_METHODS = {"sendmessage", "sendphoto", "senddocument"}
CHAT_ACTIONS = {"cancel", "typing", "record_video", "upload_video", "record_audio", "record_voice", "upload_audio",
                "upload_voice", "upload_photo", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}


async def call_method(bot: BotState, name: str, params: dict, files: dict) -> object:
    """Run one Bot API call; delays and failures injected for send* calls apply here."""
    entry = METHODS.get(name.lower())
    if entry is None:
        raise NOT_FOUND
    canonical, handler = entry
    bot.calls[canonical] += 1
    if name.lower() in SEND_METHODS:
        delay = bot.injector.take_delay()
        bot.injector.take_failure()
        if delay:  # processed even if the client gives up waiting, as on Telegram
            async def later() -> object:
                await asyncio.sleep(delay)
                return handler(bot, params, files)
            return await asyncio.shield(asyncio.ensure_future(later()))
    result = handler(bot, params, files)
    return await result if inspect.isawaitable(result) else result


@method("getMe")
def get_me(bot: BotState, params: dict, files: dict) -> dict:
    """The bot's own User."""
    return dict(bot.me)


@method("logOut", "close")
def log_out(bot: BotState, params: dict, files: dict) -> bool:
    """Accepted and ignored."""
    return True


@method("setWebhook")
async def set_webhook(bot: BotState, params: dict, files: dict) -> bool:
    """Deliver updates as POSTs to url with secret_token (bot/emulator/webhook.py); getUpdates then 409s."""
    return await start_webhook(bot, params)


@method("deleteWebhook")
async def delete_webhook(bot: BotState, params: dict, files: dict) -> bool:
    """Stop the webhook (if any); drop_pending_updates forgets the queue."""
    return await stop_webhook(bot, params)


@method("getWebhookInfo")
def get_webhook_info(bot: BotState, params: dict, files: dict) -> dict:
    """The webhook (url empty: none), and how many updates wait."""
    info = bot.webhook.info() if bot.webhook is not None else {"url": "", "has_custom_certificate": False}
    return {**info, "pending_update_count": bot.pending_updates()}


@method("getUpdates")
async def get_updates(bot: BotState, params: dict, files: dict) -> list:
    """Long polling: confirm below offset, park up to timeout seconds, 409 for a superseded request or
    while a webhook is set."""
    if bot.webhook is not None:
        raise WEBHOOK_CONFLICT
    offset = as_int(params["offset"], "offset is invalid") if params.get("offset") not in (None, "") else None
    limit = min(100, max(1, as_int(params.get("limit") or 100, "limit is invalid")))
    try:
        timeout = max(0.0, float(params.get("timeout") or 0))
    except (TypeError, ValueError):
        raise bad_request("timeout is invalid") from None
    allowed = params.get("allowed_updates")
    allowed = json_value(allowed, "allowed updates") if allowed not in (None, "") else None
    return await bot.get_updates(offset, limit, timeout, allowed)


@method("setMyCommands")
def set_my_commands(bot: BotState, params: dict, files: dict) -> bool:
    """Store commands per scope and language."""
    commands = check.bot_commands(params.get("commands"))
    scope = check.command_scope(params.get("scope"))
    bot.bot_commands[(scope_key(scope), check.language_code(params.get("language_code")))] = commands
    return True


@method("getMyCommands")
def get_my_commands(bot: BotState, params: dict, files: dict) -> list:
    """The commands of a scope and language."""
    scope = check.command_scope(params.get("scope"))
    return bot.commands(scope, check.language_code(params.get("language_code")))


@method("deleteMyCommands")
def delete_my_commands(bot: BotState, params: dict, files: dict) -> bool:
    """Forget the commands of a scope and language."""
    scope = check.command_scope(params.get("scope"))
    bot.bot_commands.pop((scope_key(scope), check.language_code(params.get("language_code"))), None)
    return True


def _message_text(raw: str | None, parse_mode: str | None) -> tuple[str, list]:
    """Parse a message text as Telegram does: not empty before or after parsing, at most 4096."""
    if not raw:
        raise bad_request("message text is empty")
    text, entities = check.formatted_text(raw, parse_mode)
    if not text:
        raise bad_request("message text is empty")
    if len(text) > 4096:
        raise bad_request("message is too long")
    return text, entities


@method("sendMessage")
def send_message(bot: BotState, params: dict, files: dict) -> dict:
    """Validate like Telegram, apply blocked/rate faults, store and log the message."""
    raw, parse_mode = params.get("text"), params.get("parse_mode")
    text, entities = _message_text(raw, parse_mode)
    markup = check.reply_markup(params.get("reply_markup"))
    chat_id = chat_id_param(bot, params)
    bot.injector.check_blocked(chat_id)
    bot.injector.admit(chat_id, paid=str(params.get("allow_paid_broadcast", "")).lower() in ("true", "1"))
    keyboard = check.typing_keyboard(params.get("reply_markup"))
    api = new_message(bot, chat_id, text_fields(text, entities, markup))
    message = accept(bot, chat_id, StoredMessage(api, True, "message", raw, parse_mode), raw, parse_mode)
    if keyboard is not None:  # not part of the Message Telegram returns: kept in the event log for tests
        bot.last_event(chat_id)["keyboard"] = keyboard
    return message


@method("editMessageText")
def edit_message_text(bot: BotState, params: dict, files: dict) -> dict:
    """Replace a bot message's text (and keyboard: none unless given), or Telegram's error."""
    raw, parse_mode = params.get("text"), params.get("parse_mode")
    if not raw:  # the same refusal _message_text makes first; here it also tells the type checker raw is set
        raise bad_request("message text is empty")
    text, entities = _message_text(raw, parse_mode)
    markup = check.reply_markup(params.get("reply_markup"))
    chat_id, stored = editable(bot, params)
    if stored.kind != "message":
        raise bad_request("there is no text in the message to edit")
    return apply_edit(bot, chat_id, stored, {"text": text, "entities": entities}, markup, (raw, parse_mode))


@method("editMessageReplyMarkup")
def edit_message_reply_markup(bot: BotState, params: dict, files: dict) -> dict:
    """Replace (or remove) a bot message's inline keyboard."""
    markup = check.reply_markup(params.get("reply_markup"))
    chat_id, stored = editable(bot, params)
    return apply_edit(bot, chat_id, stored, {}, markup)


@method("deleteMessage")
def delete_message(bot: BotState, params: dict, files: dict) -> bool:
    """Delete a message of the chat."""
    chat_id = chat_id_param(bot, params)
    message_id = check.message_id(params.get("message_id"), "message identifier is not specified")
    if bot.messages.get(chat_id, {}).pop(message_id, None) is None:
        raise bad_request("message to delete not found")
    bot.record(chat_id, "delete", message_id=message_id)
    return True


@method("answerCallbackQuery")
def answer_callback_query(bot: BotState, params: dict, files: dict) -> bool:
    """Answer a pending callback query once; the answer is logged in the query's chat."""
    query_id = str(params.get("callback_query_id") or "")
    query = bot.callback_queries.get(query_id)
    if query is None or query["answered"]:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get("text") or ""
    if len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query["answered"] = True
    bot.record(query["chat_id"], "callback_answer", callback_query_id=query_id, message_id=query["message_id"],
               answer_text=text, show_alert=as_bool(params.get("show_alert", False)), url=params.get("url"))
    return True


@method("sendChatAction")
def send_chat_action(bot: BotState, params: dict, files: dict) -> bool:
    """Log a chat action (typing...)."""
    chat_id = chat_id_param(bot, params)
    action = str(params.get("action") or "").lower()
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    bot.injector.check_blocked(chat_id)
    bot.record(chat_id, "chat_action", action=action)
    return True


