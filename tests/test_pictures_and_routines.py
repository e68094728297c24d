"""Pictures of stretches (drawings cached by hash, an operator's own file instead) and the routine and pose
files as check-content sees them, each broken on a copy of the real content/ with its `file:line`."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli.content import preview_tip
from bot.core.content.loader import load_content
from bot.core.content.yaml_source import ContentError
from bot.core.routines.drawing import render_png
from bot.core.routines.pictures import Pictures, pose_key
from tests.png_checks import PNG_SIGNATURE, png_size

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT / "content")
BRIDGE = CONTENT.poses["stretch-bridge"]


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_content(folder)
    return [str(problem) for problem in raised.value.problems]


def line_of(path: Path, text: str, after: str = "") -> int:
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def test_a_drawing_is_rendered_once_and_cached_under_the_hash_of_its_pose(tmp_path):
    pictures = Pictures(tmp_path)
    first = pictures.drawing(BRIDGE, "photo")
    assert first.path.read_bytes()[:8] == PNG_SIGNATURE and pose_key(BRIDGE) in first.path.name
    written = first.path.stat().st_mtime_ns
    assert pictures.drawing(BRIDGE, "photo").path.stat().st_mtime_ns == written
    moved = replace(BRIDGE, keyframes=(BRIDGE.keyframes[0], replace(BRIDGE.keyframes[-1], spine=0.5)))
    assert pose_key(moved) != pose_key(BRIDGE) and pictures.drawing(moved, "photo").path != first.path


def test_prepare_draws_every_missing_picture_then_nothing(tmp_path):
    pictures = Pictures(tmp_path)
    assert pictures.prepare(CONTENT.poses) == 2 * len(CONTENT.poses)
    assert pictures.prepare(CONTENT.poses) == 0
    assert all(png_size(path.read_bytes()) == (640, 400) for path in tmp_path.glob("*.png"))


def test_an_operators_own_picture_replaces_the_drawing(folder, tmp_path):
    own = folder / "tips" / "stretching" / "stretch-bridge.jpg"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"\xff\xd8\xff\xe0 a JPEG")
    pictures = Pictures(tmp_path / "cache")
    assert pictures.picture(folder, "stretch-bridge", BRIDGE, "animation").path == own  # the only one there is
    assert pictures.picture(folder, "stretch-cat-cow", CONTENT.poses["stretch-cat-cow"], "photo").path.parent == \
        tmp_path / "cache"
    load_content(folder)  # a well-named picture is fine


@pytest.mark.parametrize("name, message", [
    ("stretch-brigde.png", "'stretch-brigde' is not a stretch tip id"),
    ("stretch-bridge.bmp", "not a picture the bot can send"),
])
def test_a_misnamed_own_picture_is_refused(folder, name, message):
    (folder / "tips" / "stretching").mkdir(parents=True)
    (folder / "tips" / "stretching" / name).write_bytes(b"x")
    assert f"tips/stretching/{name}:1: {message}" in " ".join(problems_of(folder))


def test_a_knee_bent_backwards_is_refused_with_its_line(folder):
    poses = folder / "poses.yaml"
    text = poses.read_text()
    knee = text.index("near_shin: 309", text.index("  stretch-bridge:"))  # thigh at 48°: the knee bends 99°
    poses.write_text(text[:knee] + "near_shin: 78" + text[knee + len("near_shin: 309"):])  # now 30° backwards
    line = text[:knee].count("\n") + 1
    problems = problems_of(folder)
    assert any(p.startswith(f"poses.yaml:{line}:") and "knee" in p and "-30" in p for p in problems), problems


def test_a_routine_naming_a_tip_that_is_not_a_stretch_is_refused_with_its_line(folder):
    routines = folder / "routines.yaml"
    routines.write_text(routines.read_text().replace("tip: stretch-chin-tucks", "tip: posture-screen-height", 1))
    line = line_of(routines, "posture-screen-height")
    assert f"routines.yaml:{line}: routine 'desk-break': 'posture-screen-height' is not a stretch tip" in problems_of(folder)


def test_an_offered_routine_must_exist(folder):
    routines = folder / "routines.yaml"
    routines.write_text(routines.read_text().replace("offered_with_nudges: desk-break", "offered_with_nudges: desk"))
    line = line_of(routines, "offered_with_nudges:")
    assert f"routines.yaml:{line}: offered_with_nudges: no routine has the id 'desk'" in problems_of(folder)


@pytest.mark.parametrize("suffix, size", [(".png", (640, 400)), (".gif", None)])
def test_run_py_tip_writes_the_drawing_for_review(tmp_path, capsys, suffix, size):
    image = tmp_path / f"bridge{suffix}"
    assert preview_tip(ROOT / "content", "stretching", "stretch-bridge", image=image) == 0
    data = image.read_bytes()
    assert (png_size(data) == size) if size else data[:6] == b"GIF89a"
    assert f"wrote the drawing of 'stretch-bridge' to {image}" in capsys.readouterr().out


@pytest.mark.parametrize("category, tip_id, name", [("posture", "posture-screen-height", "x.png"),
                                                     ("stretching", "stretch-bridge", "x.bmp"),
                                                     ("stretching", None, "x.png")])
def test_run_py_tip_image_refuses_what_it_cannot_draw(tmp_path, category, tip_id, name):
    assert preview_tip(ROOT / "content", category, tip_id, image=tmp_path / name) == 2
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "drawings-preview").glob("*.png")), ids=lambda p: p.stem)
def test_the_drawings_shown_in_content_readme_are_what_the_bot_draws(path):
    assert path.read_bytes() == render_png(CONTENT.poses[path.stem]), \
        f"redraw it: python run.py tip stretching {path.stem} --image content/drawings-preview/{path.name}"
    assert f"drawings-preview/{path.name}" in (ROOT / "content" / "README.md").read_text()
