"""Running the bot for real: long polling against the configured Bot API server."""

from __future__ import annotations

import logging
import sys

from telegram import Update
from telegram.ext import Application
from telegram.error import InvalidToken, NetworkError

from bot.config import Config
from bot.core.content.loader import Content
from bot.logs import protect_secret, redact, setup_logging
from bot.tg.app import build_application
from bot.tg.lifecycle import install_stop_signals

logger = logging.getLogger(__name__)


def run_bot(config: Config, content: Content) -> int:
    """Run the bot with long polling until Ctrl-C or SIGTERM; return the exit code."""
    if config.token_text:
        protect_secret(config.token_text)
    setup_logging(log_format=config.log_format)
    app = build_application(config, content=content)
    started = app.post_init

    async def post_init_and_signals(application: Application) -> None:
        if started is not None:
            await started(application)
        install_stop_signals(application)

    app.post_init = post_init_and_signals
    logger.info("starting the bot against %s (database %s)", config.api_url, config.database)
    try:
        app.run_polling(allowed_updates=Update.ALL_TYPES, stop_signals=None)  # ours: see bot/tg/lifecycle.py
    except InvalidToken:
        print("error: TELEGRAM_BOT_TOKEN was refused by the Bot API server (check the token)", file=sys.stderr)
        return 1
    except NetworkError as error:
        print(f"error: cannot reach {config.api_url}: {redact(str(error))}", file=sys.stderr)
        return 1
    return 0
