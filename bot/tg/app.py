"""Building the Telegram Application: every handler registered in one block, shared resources
opened in post_init and closed in post_shutdown."""

from __future__ import annotations

import random

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.core.clock import Clock, SystemClock
from bot.core.config import Config
from bot.core.content import Content, load_content
from bot.core.redaction import protect_secret
from bot.core.storage import Storage
from bot.core.texts import MENU_COMMANDS
from bot.tg.callbacks import CONSENT, DELETE_NO, DELETE_YES, TOPIC, TOPICS_PAGE, exact, prefixed
from bot.tg import nudges
from bot.tg.handlers import account, answers, fallback, onboarding, schedule, settings_menu, tips
from bot.tg.sender import Sender
from bot.tg.settings_keyboards import SETTINGS_BUTTON
from bot.tg.services import SERVICES_KEY, Services
from bot.tg.update_processor import PerChatUpdateProcessor

# Updates of different chats handled at once (measured in bench/updates.py: 4 beats 1 and 16).
CONCURRENT_UPDATES = 4
# How often the dispatcher looks for due messages (None: only when called, as tests do).
DISPATCH_SECONDS = 2.0


def register_handlers(app: Application) -> None:
    """Register every handler, most specific first; the last ones catch whatever is left."""
    not_private = filters.UpdateType.MESSAGES & ~filters.ChatType.PRIVATE
    app.add_handlers([
        MessageHandler(not_private, fallback.private_only),
        MessageHandler(filters.UpdateType.EDITED, fallback.edited_message),
        CommandHandler("start", onboarding.start),
        CommandHandler("help", onboarding.help_command),
        CommandHandler("about", onboarding.about),
        CommandHandler("tip", tips.tip),
        CommandHandler("topics", answers.topics),
        CommandHandler("timezone", schedule.timezone),
        CommandHandler("time", schedule.times),
        CommandHandler("days", schedule.days),
        CommandHandler("quiet", schedule.quiet),
        CommandHandler("pause", schedule.pause),
        CommandHandler("resume", schedule.resume),
        CommandHandler("progress", schedule.progress),
        CommandHandler("settings", settings_menu.settings_command),
        MessageHandler(filters.LOCATION, schedule.location),
        CommandHandler("stop", account.stop),
        CommandHandler("delete", account.delete),
        CallbackQueryHandler(onboarding.consent, pattern=exact(CONSENT)),
        CallbackQueryHandler(account.delete_confirmed, pattern=exact(DELETE_YES)),
        CallbackQueryHandler(account.delete_cancelled, pattern=exact(DELETE_NO)),
        CallbackQueryHandler(answers.topic_pressed, pattern=prefixed(TOPIC)),
        CallbackQueryHandler(answers.topics_page_pressed, pattern=prefixed(TOPICS_PAGE)),
        CallbackQueryHandler(nudges.nudge_pressed, pattern=prefixed(nudges.NUDGE_BUTTON)),
        CallbackQueryHandler(settings_menu.settings_pressed, pattern=prefixed(SETTINGS_BUTTON)),
        MessageHandler(filters.COMMAND, fallback.unknown_command),
        MessageHandler(filters.TEXT, answers.question),
        MessageHandler(filters.ALL, fallback.unsupported_message),
        CallbackQueryHandler(fallback.stale_button),
    ])
    app.add_error_handler(fallback.on_error)


async def post_init(app: Application) -> None:
    """Register the command menu, recover sends cut off by a crash, start the dispatcher job."""
    s: Services = app.bot_data[SERVICES_KEY]
    texts = s.content.texts
    await app.bot.set_my_commands([BotCommand(name, texts.commands[name]) for name in MENU_COMMANDS])
    s.storage.recover_in_flight(s.clock.now())
    if s.dispatch_interval and app.job_queue is not None:
        app.job_queue.run_repeating(nudges.dispatch_job, interval=s.dispatch_interval, first=1, name="due-messages")


async def post_shutdown(app: Application) -> None:
    """Close the database."""
    app.bot_data[SERVICES_KEY].storage.close()


def build_application(config: Config, clock: Clock | None = None, content: Content | None = None,
                      storage: Storage | None = None, rng: random.Random | None = None,
                      dispatch_interval: float | None = DISPATCH_SECONDS) -> Application:
    """Build the bot's Application from a checked Config; parts can be injected for tests."""
    if not config.token:
        raise ValueError("build_application needs a token")
    protect_secret(config.token)
    app = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(f"{config.api_url}/bot")
        .base_file_url(f"{config.api_url}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))
        .build()
    )
    app.bot_data[SERVICES_KEY] = Services(
        config=config,
        clock=clock or SystemClock(),
        storage=storage or Storage.open(config.database),
        content=content or load_content(config.content_dir),
        rng=rng or random.Random(),
        sender=Sender(app.bot),
        dispatch_interval=dispatch_interval,
    )
    register_handlers(app)
    return app
