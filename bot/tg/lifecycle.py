"""Stopping gracefully: on SIGTERM or SIGINT nothing more is claimed, sends on the wire finish, and the
rest of a fan-out stays pending for the next start, so the process exits in seconds, not after the
whole fan-out (a supervisor would kill it first)."""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram.ext import Application

from bot.tg.services import SERVICES_KEY, Services

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def begin_stopping(app: Application) -> None:
    """Stop claiming and sending; let PTB stop polling and wait for what is in flight."""
    s: Services = app.bot_data[SERVICES_KEY]
    if s.sender.stopping:
        return  # a second signal while stopping
    logger.info("stopping: nothing more is claimed; sends on the wire finish, the rest stays pending")
    s.sender.stopping = True
    app.stop_running()


def install_stop_signals(app: Application) -> None:
    """Make SIGTERM and SIGINT stop the bot gracefully (where the event loop supports signal handlers)."""
    loop = asyncio.get_running_loop()
    for stop in STOP_SIGNALS:
        try:
            loop.add_signal_handler(stop, begin_stopping, app)
        except (NotImplementedError, RuntimeError, ValueError):
            logger.info("no handler for %s here: it stops the bot the library's way", stop.name)
