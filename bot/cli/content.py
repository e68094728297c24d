"""`python run.py check-content [DIR]` and `python run.py tip CATEGORY [ID]`: the content folder
checked, and a tip shown as the bot sends it. Neither needs a bot token or a database; both read only
the content folder (DIR, else --content-dir, else BOT_CONTENT_DIR from the environment or .env, else
content/)."""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from bot.config import content_folder
from bot.core.content.loader import Content, load_content
from bot.core.content.lint import lint
from bot.core.content.models import Tip
from bot.core.markup.html import parse_html
from bot.core.content.tips import render_tip
from bot.core.content.yaml_source import ContentError
from bot.core.routines.drawing import render_gif, render_png
from bot.core.routines.pictures import own_pictures
from scheduler.settings import CATEGORIES

NUDGE_BUTTONS = ("nudge_done_button", "nudge_snooze_button", "nudge_skip_button")


def run_content_command(args: argparse.Namespace) -> int:
    """Dispatch check-content or tip; return the exit code."""
    folder = content_folder(getattr(args, "directory", None) or args.content_dir, Path(args.env_file))
    if not folder.is_dir():
        print(f"error: no content folder at '{folder}'", file=sys.stderr)
        return 2
    if args.command == "check-content":
        return check_content(folder)
    return preview_tip(folder, args.category, args.tip_id, image=getattr(args, "image", None))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def check_content(folder: Path) -> int:
    """Print every error (exit 1) or every warning and a summary (exit 0), one `file:line: message` a line."""
    try:
        content = load_content(folder)
    except ContentError as error:
        for problem in error.problems:
            print(problem)
        print(f"content has {_plural(len(error.problems), 'error')}: the bot will not start until they are fixed")
        return 1
    except (ValueError, KeyError, IndexError, TypeError) as error:  # a rule the loader does not catch yet
        print(f"content error the checker cannot locate ({type(error).__name__}: {error}); "
              "for example a placeholder written like {name!x} or {name:bad}")
        return 1
    warnings = lint(content, folder)
    for warning in warnings:
        print(warning)
    tips = sum(len(tips) for tips in content.tips.values())
    print(f"content OK: {_plural(tips, 'tip')}, {_plural(len(content.answers), 'answer')}, "
          f"{_plural(len(content.texts.names()), 'text')}, {_plural(len(content.poses), 'drawing')}, "
          f"{_plural(len(content.routines), 'routine')}; {_plural(len(warnings), 'warning')}")
    return 0


def _or_list(words: list[str]) -> str:
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)


def format_tip(content: Content, tip: Tip) -> str:
    """The tip as a subscriber reads it (Telegram HTML made plain), then the buttons a nudge carries."""
    buttons = "  ".join(f"[{content.texts(name)}]" for name in NUDGE_BUTTONS)  # buttons show text as typed
    return "\n".join([parse_html(render_tip(tip, content.texts)), "",
                      "Buttons (on a scheduled nudge; /tip sends the tip without them):", f"  {buttons}"])


def preview_tip(folder: Path, category: str, tip_id: str | None, rng: random.Random | None = None,
                image: Path | None = None) -> int:
    """Print one tip of a category (the one named, else a random one), and with `image` write its drawing;
    exit 2 on an unknown name or a tip without a drawing."""
    category = category.strip().lower()
    if image is not None and tip_id is None:
        print("--image needs the tip's id, e.g. python run.py tip stretching stretch-bridge --image bridge.png",
              file=sys.stderr)
        return 2
    if category not in CATEGORIES:
        print(f"unknown category '{category}'; choose {_or_list(list(CATEGORIES))}", file=sys.stderr)
        return 2
    try:
        content = load_content(folder)
    except ContentError as error:
        print("content error: fix these first (python run.py check-content lists them):", file=sys.stderr)
        print(error, file=sys.stderr)
        return 2
    shown = print_tip(content, category, tip_id, rng)
    if shown != 0 or image is None:
        return shown
    return write_drawing(content, category, tip_id, image)


def write_drawing(content: Content, category: str, tip_id: str | None, image: Path) -> int:
    """Write a stretch tip's drawing to a .png (start and end) or .gif (the movement); exit 2 when it has none."""
    pose = content.poses.get(tip_id or "")
    if category != "stretching" or pose is None:
        print("only stretch tips have drawings: name one, e.g. python run.py tip stretching stretch-bridge "
              "--image bridge.png", file=sys.stderr)
        return 2
    if image.suffix.lower() not in (".png", ".gif"):
        print(f"--image must end in .png or .gif, not '{image.name}'", file=sys.stderr)
        return 2
    data = render_gif(pose) if image.suffix.lower() == ".gif" else render_png(pose)
    try:
        image.write_bytes(data)
    except OSError as error:
        print(f"error: cannot write {image}: {error.strerror}", file=sys.stderr)
        return 2
    own = own_pictures(content.root, pose.id) if content.root else []
    note = f" (subscribers see your own {own[0].path.name} instead)" if own else ""
    print(f"\nwrote the drawing of '{pose.id}' to {image} ({len(data):,} bytes){note}")
    return 0


def print_tip(content: Content, category: str, tip_id: str | None, rng: random.Random | None = None) -> int:
    """Print the named tip of a known category, else a random one; exit 2 on an unknown id."""
    tips = content.tips[category]
    tip: Tip | None
    if tip_id is None:
        tip = (rng or random.Random()).choice(tips)
        how = f"a random one of {len(tips)}; name an id to pick one: python run.py tip {category} ID"
    else:
        tip = next((t for t in tips if t.id == tip_id), None)
        if tip is None:
            elsewhere = content.tip(tip_id)
            hint = f" ('{tip_id}' is a {elsewhere.category} tip)" if elsewhere else ""
            print(f"unknown tip '{tip_id}' in {category}{hint}; its tips are: "
                  + ", ".join(t.id for t in tips), file=sys.stderr)
            return 2
        how = f"{tips.index(tip) + 1} of {len(tips)}"
    print(f"{category} tip '{tip.id}' ({how})")
    print()
    print(format_tip(content, tip))
    return 0
