"""Building the Telegram Application: every handler registered in one block, shared resources
opened in post_init and closed in post_shutdown."""

from __future__ import annotations

import gc
import logging
import random
import time
from collections.abc import Callable

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.constants import ParseMode
from telegram.request import HTTPXRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.clock import Clock, SystemClock
from bot.config import Config
from bot.core.content.loader import Content, load_content
from bot.logs import protect_secret
from bot.core.routines.pictures import Pictures
from bot.core.storage.store import Storage
from bot.core.content.texts import MENU_COMMANDS
from bot.tg.keyboards.callbacks import (
    BEGIN_CHECKIN, BROADCAST_BUTTON, CHECKIN_BUTTON, CONSENT, DELETE_NO, DELETE_YES, ENGAGE_BUTTON, NUDGE_BUTTON,
    OFFER_NONE, ROUTINE_BUTTON, SAFETY, SETTINGS_BUTTON, SETUP_BUTTON, TOPIC, TOPICS_PAGE, exact, prefixed,
)
from bot.tg.sending import nudges
from bot.tg.handlers import (account, admin, answers, chat, checkin, engagement, fallback, onboarding, records,
                             routines, safety, schedule, settings_menu, setup, tips)
from bot.tg.metrics import Metrics
from bot.tg.ops_server import start_ops_server, stop_ops_server
from bot.tg.reload import start_reloading, stop_reloading
from bot.tg.sending.pictures import draw_in_background
from bot.tg.sending.rate_limiter import PacedRateLimiter
from bot.tg.sending.sender import Sender
from scheduler.rate_limit import Pacer
from bot.tg.services import SERVICES_KEY, Services
from bot.tg.polling import ForgivingBot
from bot.tg.update_processor import PerChatUpdateProcessor

logger = logging.getLogger(__name__)

# Updates of different chats handled at once (measured in bench/updates.py: 4 beats 1 and 16).
CONCURRENT_UPDATES = 4
REQUEST_POOL = 256  # connections for API calls other than getUpdates
# How often the dispatcher looks for due messages (None: only when called, as tests do).
DISPATCH_SECONDS = 2.0


def register_handlers(app: Application) -> None:
    """Register every handler, most specific first; the last ones catch whatever is left."""
    not_private = filters.UpdateType.MESSAGES & filters.ChatType.GROUPS
    typed = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    # before the main block, each in its own group: the safety net screens every typed message first,
    # then a check-in waiting for a typed date, then an admin composing a broadcast
    # channels the bot was added to are not its audience: their posts are dropped before anything else
    app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POSTS, fallback.ignore), group=-4)
    app.add_handler(MessageHandler(typed, safety.screen_message), group=-3)
    app.add_handler(MessageHandler(typed & filters.UpdateType.MESSAGE, checkin.typed_answer), group=-2)
    app.add_handler(MessageHandler(typed & filters.UpdateType.MESSAGE, admin.composed), group=-1)
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
        CommandHandler("checkin", checkin.checkin_command),
        CommandHandler("routine", routines.routine_command),
        CommandHandler("history", records.history),
        CommandHandler("mydata", records.mydata),
        CommandHandler("settings", settings_menu.settings_command),
        MessageHandler(filters.LOCATION, schedule.location),
        CommandHandler("stop", account.stop),
        CommandHandler("delete", account.delete),
        CommandHandler("stats", admin.stats),
        CommandHandler("broadcast", admin.broadcast),
        CommandHandler("reload", admin.reload),
        CallbackQueryHandler(onboarding.consent, pattern=exact(CONSENT)),
        CallbackQueryHandler(account.delete_confirmed, pattern=exact(DELETE_YES)),
        CallbackQueryHandler(account.delete_cancelled, pattern=exact(DELETE_NO)),
        CallbackQueryHandler(answers.topic_pressed, pattern=prefixed(TOPIC)),
        CallbackQueryHandler(answers.topics_page_pressed, pattern=prefixed(TOPICS_PAGE)),
        CallbackQueryHandler(chat.none_of_these, pattern=exact(OFFER_NONE)),
        CallbackQueryHandler(nudges.nudge_pressed, pattern=prefixed(NUDGE_BUTTON)),
        CallbackQueryHandler(settings_menu.settings_pressed, pattern=prefixed(SETTINGS_BUTTON)),
        CallbackQueryHandler(checkin.checkin_pressed, pattern=prefixed(CHECKIN_BUTTON)),
        CallbackQueryHandler(checkin.begin_pressed, pattern=exact(BEGIN_CHECKIN)),
        CallbackQueryHandler(safety.safety_pressed, pattern=prefixed(SAFETY)),
        CallbackQueryHandler(admin.broadcast_pressed, pattern=prefixed(BROADCAST_BUTTON)),
        CallbackQueryHandler(setup.setup_pressed, pattern=prefixed(SETUP_BUTTON)),
        CallbackQueryHandler(routines.routine_pressed, pattern=prefixed(ROUTINE_BUTTON)),
        CallbackQueryHandler(engagement.engage_pressed, pattern=prefixed(ENGAGE_BUTTON)),
        MessageHandler(filters.COMMAND, fallback.unknown_command),
        MessageHandler(filters.TEXT, chat.typed),
        MessageHandler(filters.ALL, fallback.unsupported_message),
        CallbackQueryHandler(fallback.stale_button),
    ])
    # after the update's own handler: note that the person was here (their nudges restart after a silent spell)
    app.add_handler(TypeHandler(Update, engagement.note_seen), group=1)
    app.add_error_handler(fallback.on_error)


async def post_init(app: Application) -> None:
    """Register the command menus, recover sends cut off by a crash, start the dispatcher job, content
    reloading and the /healthz and /metrics server."""
    s: Services = app.bot_data[SERVICES_KEY]
    texts = s.content.texts
    menu = [BotCommand(name, texts.commands[name]) for name in MENU_COMMANDS]
    await app.bot.set_my_commands(menu)
    for admin_id in sorted(s.config.admin_ids):  # admins alone see the operator commands in their menu
        try:
            await app.bot.set_my_commands(menu + [BotCommand(name, f"operators: /{name}") for name in admin.ADMIN_COMMANDS],
                                          scope=BotCommandScopeChat(admin_id))
        except TelegramError as error:
            logger.warning("no operator command menu for admin %s: %s", admin_id, error)
    start_reloading(app, watch=s.watch_content)
    # everything loaded so far (content, search index, the Application) lives as long as the process:
    # keep it out of the cyclic GC's scans, which otherwise walk it again on every full collection
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    s.storage.recover_in_flight(s.clock.now())
    if s.dispatch_interval and app.job_queue is not None:
        app.job_queue.run_repeating(nudges.dispatch_job, interval=s.dispatch_interval, first=1, name="due-messages")
    await start_ops_server(app)
    draw_in_background(s)


async def post_shutdown(app: Application) -> None:
    """Stop the /healthz and /metrics server and content reloading, and close the database."""
    await stop_ops_server(app)
    await stop_reloading(app)
    app.bot_data[SERVICES_KEY].storage.close()


def build_application(config: Config, clock: Clock | None = None, content: Content | None = None,
                      storage: Storage | None = None, rng: random.Random | None = None,
                      dispatch_interval: float | None = DISPATCH_SECONDS, watch_content: bool = True,
                      monotonic: Callable[[], float] = time.monotonic) -> Application:
    """Build the bot's Application from a checked Config; parts can be injected for tests (`monotonic`:
    the rate limiter's clock)."""
    token = config.token_text
    if not token:
        raise ValueError("build_application needs a token")
    protect_secret(token)
    limiter = PacedRateLimiter(
        pacer=Pacer(per_second=config.send_rate),
        paid=Pacer(per_second=config.paid_broadcast_rate, reply_room=0) if config.paid_broadcast_rate else None,
        monotonic=monotonic)
    bot = ForgivingBot(
        token=token,
        base_url=f"{config.api_url}/bot",
        base_file_url=f"{config.api_url}/file/bot",
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)),
        request=HTTPXRequest(connection_pool_size=REQUEST_POOL),  # the sizes ApplicationBuilder would choose
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        rate_limiter=limiter,
    )
    metrics = Metrics()
    app = (
        ApplicationBuilder()
        .bot(bot)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES, metrics))
        .build()
    )
    app.bot_data[SERVICES_KEY] = s = Services(
        config=config,
        clock=clock or SystemClock(),
        storage=storage or Storage.open(config.database),
        content=content or load_content(config.content_dir),
        sender=Sender(app.bot, paid=config.paid_broadcast_rate > 0),
        rng=rng or random.Random(),
        dispatch_interval=dispatch_interval,
        watch_content=watch_content,
        metrics=metrics,
        pictures=Pictures(config.drawings_dir or config.database.parent / "drawings"),
    )
    metrics.watch(storage=lambda: s.storage, throttles=lambda: limiter.throttles, skipped=lambda: bot.skipped_updates)
    register_handlers(app)
    return app
