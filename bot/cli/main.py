"""The command line: parse flags and subcommands, check settings, and hand over to the right runner."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Coroutine
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from bot.config import Config, ConfigError, env_name, flag_of, load_config, settings
from bot.core.content.loader import Content, load_content
from bot.core.content.yaml_source import ContentError
from bot.core.storage.health import DatabaseProblem

EPILOG = """\
settings (environment variables, or a .env file in the current folder; flags override both):
{settings}

examples:
  python run.py                              # playground (no token) or the real bot (token set)
  TELEGRAM_BOT_TOKEN=123:ABC python run.py   # connect a real bot
  python run.py ask "ice or heat?"           # preview the bot's answer and the top 3 candidates
  python run.py emulator --port 8081         # a local Bot API emulator for your own experiments
  python run.py check-content                # check content/: every error and warning as file:line
  python run.py tip stretching               # a random stretching tip as sent, with its buttons
  python run.py stats --chart stats.png      # operators' figures from the database, and a 30-day chart
  python run.py backup backups/bot.sqlite3   # a verified copy of the database, taken while the bot runs
"""


def _settings_help() -> str:
    """One line a setting, from Config's declaration."""
    lines = []
    for field in settings().values():
        default = field.default
        shown = f", default {default}" if default not in (None, frozenset()) else ""
        lines.append(f"  {env_name(field):22} {field.description}{shown}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for run.py's flags and subcommands."""
    parser = argparse.ArgumentParser(
        prog="run.py",
        description="A Telegram self-care companion for back muscle spasms and back pain. "
        "With a token it runs the bot with long polling; without one it starts the playground: "
        "a local Telegram emulator, the bot, and a chat in this terminal.",
        epilog=EPILOG.format(settings=_settings_help()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for name, field in settings().items():
        parser.add_argument(flag_of(field), dest=name, help=f"{field.description} ({env_name(field)})")
    parser.add_argument("--env-file", default=".env", help="optional .env file to read (default .env)")
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("run", help="run the bot (the default): long polling, or the playground without a token")
    commands.add_parser("playground", help="the offline playground, even when a token is set")
    ask = commands.add_parser("ask", help="show the reply the bot would give to a question, and the top candidates")
    ask.add_argument("question", help='the question, in quotes: "ice or heat?"')
    check = commands.add_parser("check-content", help="check every content file; print errors and warnings as file:line")
    check.add_argument("directory", nargs="?", help="content folder (default: BOT_CONTENT_DIR or content/)")
    tip = commands.add_parser("tip", help="show a tip as the bot sends it, with its buttons")
    tip.add_argument("category", help="posture, hydration or stretching")
    tip.add_argument("tip_id", nargs="?", metavar="id", help="the tip's id (default: a random tip of the category)")
    tip.add_argument("--image", type=Path, metavar="FILE", help="write a stretch's drawing for review: FILE.png "
                     "(start and end positions) or FILE.gif (the movement)")
    stats = commands.add_parser("stats", help="print subscribers, nudges, check-ins and escalations from the database")
    stats.add_argument("--chart", type=Path, metavar="FILE.png", help="also draw the last 30 days to this PNG")
    stats.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help="the figures as they stood at the end of this (UTC) day, instead of now")
    backup = commands.add_parser("backup", help="copy the database while the bot runs (verified, mode 0600)")
    backup.add_argument("file", type=Path, metavar="FILE", help="where to write the copy")
    backup.add_argument("--force", action="store_true", help="overwrite FILE when it exists")
    restore = commands.add_parser("restore", help="put a backup in place of the database (refused while the bot runs)")
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    emulator = commands.add_parser("emulator", help="run the local Bot API emulator on its own")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8081)
    return parser


def read_config(args: argparse.Namespace) -> Config:
    """Build the Config from flags, environment and .env (raises ConfigError)."""
    return load_config({name: getattr(args, name) for name in settings()}, Path(args.env_file))


def main(argv: list[str] | None = None) -> int:
    """Entry point of run.py; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "emulator":
        from bot.emulator.__main__ import serve_forever

        return _run_async(serve_forever(args.host, args.port))
    if args.command in ("check-content", "tip"):  # only the content folder: no token, no database
        from bot.cli.content import run_content_command

        return run_content_command(args)
    try:
        config = read_config(args)
        if args.command in ("backup", "restore"):  # only the database: no token, no content
            from bot.cli.backup import run_backup_command

            return run_backup_command(args, config.database)
        content = load_content(config.content_dir)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        print("content error: the bot cannot start until these are fixed:", file=sys.stderr)
        print(error, file=sys.stderr)
        return 2
    try:
        return _run_command(args, config, content)
    except DatabaseProblem as problem:  # corrupted, read-only, cannot be created: one line, no traceback
        print(f"error: {problem}", file=sys.stderr)
        return 2


def _run_command(args: argparse.Namespace, config: Config, content: Content) -> int:
    """Run a command that needs the settings and content: stats, ask, the playground or the bot."""
    if args.command == "stats":
        from bot.cli.stats import run_stats

        as_of = datetime.combine(args.as_of, time(23, 59, 59), UTC) if args.as_of else None
        return run_stats(config.database, args.chart, as_of)
    if args.command == "ask":
        from bot.core.content.preview import explain_question

        print(explain_question(content, args.question))
        return 0
    if args.command == "playground" or config.token is None:
        from bot.cli.playground import run_playground

        explicit_database = args.database or "BOT_DATABASE" in os.environ
        return _run_async(run_playground(config, content, keep_database=bool(explicit_database)))
    from bot.cli.runner import run_bot

    return run_bot(config, content)


def _run_async(coroutine: Coroutine[Any, Any, int | None]) -> int:
    try:
        return asyncio.run(coroutine) or 0
    except KeyboardInterrupt:
        print("\nstopped.", file=sys.stderr)
        return 0

