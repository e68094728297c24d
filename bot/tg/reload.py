"""Hot reload of content/: a file watcher (watchfiles), SIGHUP and the admin /reload all end here.

A reload loads and validates the whole folder first, in a worker thread so replies keep flowing while
it parses; only content that passes replaces the live one, in a single reference swap on the event
loop, so a handler or a fan-out in progress keeps the content it started with and nothing is dropped.
Reloads run one at a time, so the last one started is the one that stays live. A broken edit is
refused whole, the last good content stays live, and every admin is told what is wrong.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass

from telegram.ext import Application
from watchfiles import awatch

from bot.core.content.loader import Content, load_content
from bot.core.content.yaml_source import ContentError
from bot.tg.sending.pictures import draw_in_background
from bot.tg.services import SERVICES_KEY, Services

logger = logging.getLogger(__name__)

WATCH_TASK = "content-watcher"
RELOAD_LOCK = "content-reload-lock"
MAX_REPORTED_PROBLEMS = 30


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: whether new content went live, and the problems if not."""

    ok: bool
    problems: tuple[str, ...] = ()
    summary: str = ""


async def reload_content(app: Application) -> ReloadResult:
    """Load content/ again in a worker thread; make it live only if every file is valid."""
    s: Services = app.bot_data[SERVICES_KEY]
    lock: asyncio.Lock = app.bot_data.setdefault(RELOAD_LOCK, asyncio.Lock())
    async with lock:  # one at a time: an older, slower load never overwrites a newer one
        try:
            content = await asyncio.to_thread(load_content, s.config.content_dir)
        except ContentError as error:
            problems = tuple(str(problem) for problem in error.problems)
            logger.warning("content reload refused, %d problem(s); the last good content stays live", len(problems))
            s.metrics.reloads.labels("refused").inc()
            return ReloadResult(False, problems)
        s.content = content  # the single swap, back on the event loop
        draw_in_background(s)  # new or changed poses
    s.metrics.reloads.labels("ok").inc()
    summary = content_summary(content)
    logger.info("content reloaded: %s", summary)
    return ReloadResult(True, summary=summary)


def content_summary(content: Content) -> str:
    """'120 tips, 45 answers': what a content folder holds, in a few words."""
    return (f"{sum(len(tips) for tips in content.tips.values())} tips, {len(content.answers)} answers, "
            f"{len(content.routines)} routines")


def describe(result: ReloadResult) -> str:
    """The admin-facing report of a reload (plain text)."""
    if result.ok:
        return f"Content reloaded: {result.summary}."
    shown = result.problems[:MAX_REPORTED_PROBLEMS]
    more = len(result.problems) - len(shown)
    lines = ["Content edit refused; the last good content is still live. Problems:", *shown]
    if more:
        lines.append(f"... and {more} more (python run.py check-content lists them all)")
    return "\n".join(lines)


async def reload_and_tell_admins(app: Application, reason: str) -> ReloadResult:
    """Reload, and send every admin the errors when the edit was refused."""
    result = await reload_content(app)
    s: Services = app.bot_data[SERVICES_KEY]
    if not result.ok:
        text = f"{describe(result)}\n(reload triggered by {reason})"
        for admin in sorted(s.config.admin_ids):
            try:
                await app.bot.send_message(admin, text[:4000], parse_mode=None)
            except Exception as error:  # an admin who never opened the chat must not stop the others
                logger.warning("could not tell admin %s about the refused reload: %s", admin, error)
    return result


async def watch_content(app: Application) -> None:
    """Reload whenever a file under the content folder changes (runs until cancelled)."""
    s: Services = app.bot_data[SERVICES_KEY]
    async for _changes in awatch(s.config.content_dir, debounce=300, step=100):
        await reload_and_tell_admins(app, "a file change")


def start_reloading(app: Application, watch: bool = True) -> None:
    """Start the file watcher task and, where the platform has it, reload on SIGHUP."""
    if watch:
        app.bot_data[WATCH_TASK] = asyncio.get_running_loop().create_task(watch_content(app), name=WATCH_TASK)
    if hasattr(signal, "SIGHUP"):
        try:
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, lambda: app.create_task(reload_and_tell_admins(app, "SIGHUP")))
        except (NotImplementedError, RuntimeError, ValueError):
            logger.info("SIGHUP reload is not available here (not the main thread)")


async def stop_reloading(app: Application) -> None:
    """Stop the file watcher."""
    if hasattr(signal, "SIGHUP"):
        try:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    task = app.bot_data.pop(WATCH_TASK, None)
    if task is not None:
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):
            pass
