"""The operators' HTTP endpoints, served by the running bot on BOT_LISTEN: GET /healthz and GET /metrics.

/healthz answers 200 with {"status": "ok", ...} or 503 with {"status": "fail", "problems": [...]} naming
what is wrong: the database not writable (halted, or its file deleted or replaced), the dispatcher's
last pass too long ago (more than STALE_TICKS dispatch intervals), Telegram unreachable at the last call.
/metrics is Prometheus' text format (bot/tg/metrics.py). A port that cannot be bound is logged as a
warning and the bot runs without them. With BOT_WEBHOOK_URL set, the same listener also takes Telegram's
POSTs on the URL's path (bot/tg/webhook.py); then a port that cannot be bound stops the bot.
"""

from __future__ import annotations

import json
import logging
import time

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from telegram.ext import Application

from bot.tg.polling import ForgivingBot
from bot.tg.reload import content_summary
from bot.tg.services import SERVICES_KEY, Services
from bot.tg.webhook import add_webhook_route

logger = logging.getLogger(__name__)

RUNNER = "ops-server-runner"
STALE_TICKS = 5  # the dispatcher is stuck when its last pass began this many intervals ago
BOT_APP = web.AppKey("bot_application", Application)
STARTED = web.AppKey("started", float)
RECEIVER = "webhook-receiver"


class WebhookListenError(RuntimeError):
    """Webhook mode, and the listener for Telegram's POSTs cannot be started."""


def health(app: Application, started: float) -> tuple[bool, dict]:
    """Whether the bot is healthy, and the /healthz document saying so (`started`: when serving began)."""
    s: Services = app.bot_data[SERVICES_KEY]
    now, problems = time.monotonic(), []
    database_problem = s.storage.halted or s.storage.file_problem() or s.storage.write_problem()
    if database_problem:
        problems.append(f"database not writable: {database_problem}")
    age = round(now - s.last_tick, 3) if s.last_tick is not None else None
    if s.dispatch_interval:
        limit = STALE_TICKS * s.dispatch_interval
        if age is not None and age > limit:
            problems.append(f"dispatcher stale: its last pass began {age:.0f} s ago (limit {limit:.0f} s)")
        elif age is None and now - started > limit:
            problems.append(f"dispatcher stale: no pass in the {now - started:.0f} s since start")
    telegram = app.bot.calls.state if isinstance(app.bot, ForgivingBot) else "unknown"
    if telegram == "unreachable":
        problems.append("telegram unreachable at the last call")
    document: dict = {"status": "fail" if problems else "ok",
                      "database": "not writable" if database_problem else "writable",
                      "dispatcher_tick_age_s": age, "content": content_summary(s.content), "telegram": telegram}
    if problems:
        document["problems"] = problems
    return not problems, document


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz: 200 when healthy, else 503 naming the problems."""
    healthy, document = health(request.app[BOT_APP], request.app[STARTED])
    return web.json_response(document, status=200 if healthy else 503, dumps=json.dumps)


async def metrics(request: web.Request) -> web.Response:
    """GET /metrics: every metric in Prometheus' text format."""
    s: Services = request.app[BOT_APP].bot_data[SERVICES_KEY]
    return web.Response(body=s.metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})


async def start_ops_server(app: Application) -> None:
    """Serve /healthz, /metrics (and the webhook path, if set) on BOT_LISTEN; a port that cannot be bound is
    only a warning in polling mode, WebhookListenError in webhook mode."""
    s: Services = app.bot_data[SERVICES_KEY]
    address = s.config.listen_address
    webhook_secret = s.config.webhook_secret_text
    if address is None:
        if s.config.webhook_url:
            raise WebhookListenError("BOT_WEBHOOK_URL needs BOT_LISTEN (host:port the webhook is served on)")
        return
    web_app = web.Application()
    web_app[BOT_APP], web_app[STARTED] = app, time.monotonic()
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)
    if s.config.webhook_url and webhook_secret is not None:
        app.bot_data[RECEIVER] = add_webhook_route(web_app, app, s.config.webhook_path, webhook_secret)
    # probes every few seconds: no access log line each; a stop waits at most a second for a scrape in progress
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, *address).start()
    except OSError as error:
        await runner.cleanup()
        if s.config.webhook_url:
            raise WebhookListenError(f"cannot listen on {s.config.listen} for the webhook ({error})") from None
        logger.warning("no /healthz or /metrics: cannot listen on %s (%s); the bot runs without them",
                       s.config.listen, error)
        return
    app.bot_data[RUNNER] = runner
    logger.info("serving /healthz and /metrics on http://%s", s.config.listen)
    if s.config.webhook_url:
        logger.info("receiving updates by webhook on POST http://%s%s", s.config.listen, s.config.webhook_path)


async def stop_ops_server(app: Application) -> None:
    """Stop serving /healthz and /metrics."""
    runner: web.AppRunner | None = app.bot_data.pop(RUNNER, None)
    if runner is not None:
        await runner.cleanup()
