"""Loading the exercise files: poses.yaml (a stick-figure pose for every stretch tip) and routines.yaml (guided
routines of those stretches), each checked against the tips and reported as `file:line` problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.content.models import Routine, RoutinesFile, Tip
from bot.core.content.texts import Texts
from bot.core.content.yaml_source import Problem, read_yaml
from bot.core.markup.html import MarkupError, parse_html, utf16_len
from bot.core.routines.captions import CAPTION_LIMIT, step_caption
from bot.core.routines.pictures import MAX_OWN_BYTES, OWN_FOLDER, OWN_KINDS, own_pictures
from bot.core.routines.poses import Pose, check_pose_ids, load_poses

if TYPE_CHECKING:
    from bot.core.content.loader import _Loader

POSES_FILE = "poses.yaml"
ROUTINES_FILE = "routines.yaml"
MAX_ROUTINE_ID = 40  # bytes: its buttons carry it, within Telegram's 64


def load_poses_file(loader: _Loader, stretches: dict[str, Tip] | None) -> dict[str, Pose]:
    """The stick-figure pose of every stretch tip, each checked and matched to its tip (unless the stretching
    tips file has problems of its own: `stretches` is None)."""
    path = loader.root / POSES_FILE
    if not path.is_file():
        loader.problems.append(Problem(POSES_FILE, 1, "file is missing"))
        return {}
    document, problems = read_yaml(path, POSES_FILE)
    loader.problems += problems
    if document is None:
        return {}
    poses, problems = load_poses(document)
    loader.problems += problems
    if stretches is not None:
        with_own = [tip for tip in stretches if own_pictures(loader.root, tip)]
        loader.problems += check_pose_ids(document, list(stretches), optional=with_own)
    return poses


def check_own_pictures(loader: _Loader, stretches: dict[str, Tip] | None) -> None:
    """Operators' own pictures (tips/stretching/<tip id>.<ext>): each must name a stretch tip, be a kind Telegram
    shows, and stay under 20 MB."""
    folder = loader.root / OWN_FOLDER
    if stretches is None or not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        where = f"{OWN_FOLDER.as_posix()}/{path.name}"
        if path.suffix.lower() not in OWN_KINDS:
            loader.problems.append(Problem(where, 1, f"not a picture the bot can send: use one of {', '.join(OWN_KINDS)}"))
        elif path.stem not in stretches:
            loader.problems.append(Problem(where, 1, f"'{path.stem}' is not a stretch tip id, so no tip shows it"))
        elif path.stat().st_size > MAX_OWN_BYTES:
            loader.problems.append(Problem(where, 1, f"larger than {MAX_OWN_BYTES // 1_000_000} MB"))


def load_routines_file(loader: _Loader, stretches: dict[str, Tip] | None,
                       texts: Texts | None) -> tuple[dict[str, Routine], dict[str, str]]:
    """The guided routines (every step a known stretch tip, every caption within Telegram's limit), and which
    routine is offered where ('nudges', 'checkin')."""
    routines_file, document = loader.read(ROUTINES_FILE, RoutinesFile)
    if routines_file is None or document is None:
        return {}, {}
    found: dict[str, Routine] = {}
    for index, routine in enumerate(routines_file.routines):
        path = ("routines", index)
        if routine.id in found:
            loader.problems.append(document.problem((*path, "id"), f"duplicate routine id '{routine.id}'"))
        if len(routine.id.encode()) > MAX_ROUTINE_ID:
            loader.problems.append(document.problem((*path, "id"), f"routine id longer than {MAX_ROUTINE_ID} characters"))
        for number, step in enumerate(routine.steps if stretches is not None else ()):
            tip = stretches.get(step.tip) if stretches is not None else None
            if tip is None:
                loader.problems.append(document.problem((*path, "steps", number, "tip"),
                                                        f"routine '{routine.id}': '{step.tip}' is not a stretch tip"))
                continue
            if texts is not None:
                _check_caption(loader, document.problem((*path, "steps", number), ""), routine, number, tip, texts)
        found.setdefault(routine.id, routine)
    for key in ("offered_with_nudges", "offered_after_checkin"):
        if getattr(routines_file, key) not in found:
            loader.problems.append(document.problem((key,), f"{key}: no routine has the id '{getattr(routines_file, key)}'"))
    return found, {"nudges": routines_file.offered_with_nudges, "checkin": routines_file.offered_after_checkin}


def _check_caption(loader: _Loader, where: Problem, routine: Routine, number: int, tip: Tip, texts: Texts) -> None:
    """A step's caption with the longest clock must parse and fit Telegram's 1,024 characters."""
    caption = step_caption(texts, routine, number, tip, texts("routine_clock_paused", left="10:00"))
    try:
        length = utf16_len(parse_html(caption))
    except MarkupError as error:
        loader.problems.append(Problem(where.file, where.line, f"routine '{routine.id}' step {number + 1}: {error}"))
        return
    if length > CAPTION_LIMIT:
        loader.problems.append(Problem(where.file, where.line, f"routine '{routine.id}' step {number + 1}: its caption "
                                       f"is {length} characters, over Telegram's {CAPTION_LIMIT}; shorten the tip"))
