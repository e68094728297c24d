"""Running the bot for real: long polling against the configured Bot API server, or a webhook when
BOT_WEBHOOK_URL is set (Telegram POSTs updates to BOT_LISTEN, usually through a TLS reverse proxy)."""

from __future__ import annotations

import asyncio
import logging
import sys

from telegram import Update
from telegram.ext import Application
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.config import Config
from bot.core.content.loader import Content
from bot.logs import protect_secret, redact, setup_logging
from bot.tg.app import build_application
from bot.tg.lifecycle import install_stop_signals
from bot.tg.ops_server import WebhookListenError
from bot.tg.services import SERVICES_KEY

logger = logging.getLogger(__name__)


def run_bot(config: Config, content: Content) -> int:
    """Run the bot with long polling (or its webhook) until Ctrl-C or SIGTERM; return the exit code."""
    if config.token_text:
        protect_secret(config.token_text)
    if config.webhook_secret_text:
        protect_secret(config.webhook_secret_text)
    if config.webhook_url and config.listen_address is None:
        print("error: BOT_WEBHOOK_URL needs BOT_LISTEN (the host:port the webhook is served on)", file=sys.stderr)
        return 2
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
        if config.webhook_url:
            run_webhook(app, config)
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, stop_signals=None)  # ours: see bot/tg/lifecycle.py
    except InvalidToken:
        print("error: TELEGRAM_BOT_TOKEN was refused by the Bot API server (check the token)", file=sys.stderr)
        return 1
    except NetworkError as error:
        print(f"error: cannot reach {config.api_url}: {redact(str(error))}", file=sys.stderr)
        return 1
    except WebhookListenError as error:
        print(f"error: {redact(str(error))}", file=sys.stderr)
        return 1
    except TelegramError as error:  # setWebhook refused (e.g. an URL Telegram cannot reach or accept)
        print(f"error: the Bot API server refused the webhook: {redact(str(error))}", file=sys.stderr)
        return 1
    return 0


async def set_webhook(app: Application, config: Config) -> None:
    """Tell the Bot API server to POST every kind of update to the webhook URL with the secret."""
    await app.bot.set_webhook(config.webhook_url, secret_token=config.webhook_secret_text,
                              allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    logger.info("webhook set: Telegram POSTs updates to %s", config.webhook_url)  # the URL holds no secret


def stopping(app: Application) -> bool:
    """Whether a stop signal has come (bot/tg/lifecycle.py's begin_stopping)."""
    return bool(app.bot_data[SERVICES_KEY].sender.stopping)


def run_webhook(app: Application, config: Config) -> None:
    """PTB's own run loop (Application.__run) without the Updater: updates arrive at the ops server's
    webhook route; stop_running() (our signal handlers) stops the loop, then everything shuts down."""
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(app.initialize())
        if app.post_init:
            loop.run_until_complete(app.post_init(app))
        loop.run_until_complete(set_webhook(app, config))
        if stopping(app):
            return  # a stop signal came during start-up
        loop.run_until_complete(app.start())
        if not stopping(app):
            loop.run_forever()
    except (KeyboardInterrupt, SystemExit):
        logger.debug("stop signal: shutting down")
    finally:
        try:
            if app.running:
                loop.run_until_complete(app.stop())
                if app.post_stop:
                    loop.run_until_complete(app.post_stop(app))
            loop.run_until_complete(app.shutdown())
            if app.post_shutdown:
                loop.run_until_complete(app.post_shutdown(app))
        finally:
            loop.close()
