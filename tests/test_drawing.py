"""Tests for bot.core.routines.drawing: every shipped pose draws as a readable PNG and a looping GIF."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.core.routines.drawing import (ARROW, BACKGROUND, FIGURE, GHOST, SIZE, animation_keyframes, bounding_box,
                                       render_gif, render_png)
from bot.core.routines.poses import Keyframe, Pose, read_poses
from tests.png_checks import colour_mask, decode_png, hex_to_rgb, pixels, png_size

ROOT = Path(__file__).resolve().parents[1]
POSES, PROBLEMS = read_poses(ROOT / "content" / "poses.yaml", "poses.yaml")
IDS = sorted(POSES)


@cache
def png(pose_id: str) -> bytes:
    """The pose's PNG, rendered once per test session."""
    return render_png(POSES[pose_id])


@cache
def gif(pose_id: str) -> bytes:
    """The pose's GIF, rendered once per test session."""
    return render_gif(POSES[pose_id])


def test_shipped_poses_loaded():
    assert PROBLEMS == [] and len(IDS) == 20


@pytest.mark.parametrize("pose_id", IDS)
def test_png_decodes_at_the_expected_size(pose_id):
    assert png_size(png(pose_id)) == SIZE


@pytest.mark.parametrize("pose_id", IDS)
def test_png_is_not_blank(pose_id):
    array = pixels(png(pose_id))
    background = np.all(array == np.array(hex_to_rgb(BACKGROUND), dtype=np.uint8), axis=2)
    assert 0.02 < 1 - background.mean() < 0.6
    assert colour_mask(array, FIGURE).sum() > 1500


@pytest.mark.parametrize("pose_id", IDS)
def test_png_shows_the_start_as_a_ghost_and_an_arrow(pose_id):
    array = pixels(png(pose_id))
    assert colour_mask(array, GHOST, tolerance=4).sum() > 40
    assert colour_mask(array, ARROW, tolerance=12).sum() > 50


@pytest.mark.parametrize("pose_id", IDS)
def test_every_keyframe_fits_inside_the_frame(pose_id):
    pose = POSES[pose_id]
    for keyframe in pose.keyframes:
        x0, y0, x1, y1 = bounding_box(pose, keyframe)
        assert 0 <= x0 < x1 <= SIZE[0] and 0 <= y0 < y1 <= SIZE[1], (keyframe.name, (x0, y0, x1, y1))


@pytest.mark.parametrize("pose_id", IDS)
def test_the_solid_figure_lies_within_the_last_keyframes_box(pose_id):
    pose = POSES[pose_id]
    x0, y0, x1, y1 = bounding_box(pose, pose.keyframes[-1])
    ys, xs = np.nonzero(colour_mask(pixels(png(pose_id)), FIGURE, tolerance=20))
    assert xs.min() >= x0 - 2 and xs.max() <= x1 + 2 and ys.min() >= y0 - 2 and ys.max() <= y1 + 2


@pytest.mark.parametrize("pose_id", IDS)
def test_gif_decodes_loops_and_moves(pose_id):
    with Image.open(io.BytesIO(gif(pose_id))) as image:
        assert image.format == "GIF" and image.size == SIZE
        assert image.n_frames > 1
        assert image.info.get("loop") == 0  # 0 = loop forever
        first = np.asarray(image.convert("RGB"))
        image.seek(image.n_frames // 2)
        assert not np.array_equal(first, np.asarray(image.convert("RGB")))


def test_animation_goes_through_every_key_pose_and_back():
    pose = POSES["stretch-cat-cow"]
    frames = animation_keyframes(pose, steps=4)
    keys = [keyframe for keyframe, is_key in frames if is_key]
    assert len(frames) == 8
    assert [k.name for k in keys] == ["cat", "cow"]
    three = Pose("three", (*pose.keyframes, pose.keyframes[0]))
    assert [k.name for k, is_key in animation_keyframes(three, steps=2) if is_key] == ["cat", "cow", "cat", "cow"]


@pytest.mark.parametrize("pose_id", IDS[:3])
def test_rendering_is_deterministic(pose_id):
    assert render_png(POSES[pose_id]) == png(pose_id)
    assert render_gif(POSES[pose_id]) == gif(pose_id)


def test_a_pose_that_does_not_move_draws_without_an_arrow():
    still = POSES["stretch-bridge"].keyframes[0]
    pose = Pose("still", (still, Keyframe("same", still.pelvis, dict(still.angles))), ("floor",))
    array = np.asarray(decode_png(render_png(pose)))
    assert colour_mask(array, ARROW, tolerance=12).sum() == 0
    assert colour_mask(array, FIGURE).sum() > 500
