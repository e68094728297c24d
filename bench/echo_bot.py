"""Baseline for bench/updates.py: python-telegram-bot's echo bot (plus a one-call answer to button
presses), polling the same emulator the same way our bot does.

Usage: TELEGRAM_API_URL=http://127.0.0.1:PORT TELEGRAM_BOT_TOKEN=123:ABC python bench/echo_bot.py
"""

import logging
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

BUTTON = InlineKeyboardMarkup([[InlineKeyboardButton("press", callback_data="press")]])


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo the text back; a message starting with 'button' gets a button to press."""
    message = update.effective_message
    if message is not None and message.text:
        markup = BUTTON if message.text.startswith("button") else None
        await message.reply_text(message.text, reply_markup=markup)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press."""
    if update.callback_query is not None:
        await update.callback_query.answer("ok")


def main() -> None:
    """Run the echo bot until SIGINT/SIGTERM."""
    logging.basicConfig(level=logging.WARNING)
    api_url, token = os.environ["TELEGRAM_API_URL"], os.environ["TELEGRAM_BOT_TOKEN"]
    app = Application.builder().token(token).base_url(f"{api_url}/bot").base_file_url(f"{api_url}/file/bot").build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(answer))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
