"""Tests for bot.core.routines.poses: the shipped poses validate, and broken poses are refused at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.content.yaml_source import read_yaml
from bot.core.routines.poses import (FRAME_HEIGHT, Keyframe, check_pose_ids, joint_angle, key_points, load_poses,
                                     read_poses)

ROOT = Path(__file__).resolve().parents[1]
POSES_FILE = ROOT / "content" / "poses.yaml"


def stretch_tip_ids() -> list[str]:
    """The ids of the shipped stretching tips."""
    document, problems = read_yaml(ROOT / "content" / "tips" / "stretching.yaml", "tips/stretching.yaml")
    assert document is not None and not problems
    return [tip["id"] for tip in document.data["tips"]]


# A valid standing pose; each broken case swaps one line for a bad one marked "# <- bad".
GOOD = """\
poses:
  stand:
    props: [floor]
    keyframes:
      - name: start
        pelvis: [50, 27.6]
        angles:
          torso: 90
          head: 90
          near_upper_arm: 270
          near_forearm: 280
          near_thigh: 270
          near_shin: 270
          near_foot: 0
      - name: end
        pelvis: [50, 27.6]
        angles:
          torso: 90
          head: 90
          near_upper_arm: 0
          near_forearm: 10
          near_thigh: 270
          near_shin: 270
          near_foot: 0
"""
END = GOOD.index("      - name: end")


def broken(old: str, new: str, after: int = END) -> str:
    """GOOD with the first `old` at or after position `after` replaced by `new` (one line, marked bad)."""
    at = GOOD.index(old, after)
    return GOOD[:at] + new + GOOD[at + len(old):]


def load_text(tmp_path: Path, text: str):
    """Write text as poses.yaml and load it."""
    path = tmp_path / "poses.yaml"
    path.write_text(text)
    return read_poses(path, "poses.yaml")


def bad_line(text: str) -> int:
    """1-based line number of the line marked '# <- bad'."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if "# <- bad" in line)


def test_shipped_poses_all_validate():
    poses, problems = read_poses(POSES_FILE, "poses.yaml")
    assert [str(p) for p in problems] == []
    assert len(poses) == 20


def test_every_stretch_tip_has_a_pose_and_every_pose_a_tip():
    document, problems = read_yaml(POSES_FILE, "poses.yaml")
    assert document is not None and not problems
    assert check_pose_ids(document, stretch_tip_ids()) == []


def test_pose_ids_check_names_missing_and_extra_ids(tmp_path):
    path = tmp_path / "poses.yaml"
    path.write_text(GOOD)
    document, _ = read_yaml(path, "poses.yaml")
    assert document is not None
    messages = [str(p) for p in check_pose_ids(document, ["stretch-bridge"])]
    assert messages == ["poses.yaml:1: no pose for stretch tip 'stretch-bridge' (nor a picture of its own)",
                        "poses.yaml:2: pose 'stand' matches no stretch tip"]


def test_the_good_fixture_loads(tmp_path):
    poses, problems = load_text(tmp_path, GOOD)
    assert problems == []
    assert list(poses) == ["stand"]


def test_far_side_defaults_to_the_near_side(tmp_path):
    poses, _ = load_text(tmp_path, GOOD)
    end = poses["stand"].keyframes[1]
    assert end.angles["far_upper_arm"] == end.angles["near_upper_arm"] == 0
    assert end.angles["far_shin"] == 270


@pytest.mark.parametrize("text, expected", [
    pytest.param(broken("          near_foot: 0\n", "          near_foot: 0\n          near_tail: 30  # <- bad\n"),
                 ["unknown segment 'near_tail'", "known parent"], id="unknown-segment"),
    pytest.param(broken("near_shin: 270", "near_shin: 300  # <- bad"),
                 ["near shin", "knee", "-30°", "0..165°"], id="knee-bent-backwards"),
    pytest.param(broken("pelvis: [50, 27.6]", "pelvis: [10, 27.6]").replace(
        "near_upper_arm: 0\n          near_forearm: 10", "near_upper_arm: 180\n          near_forearm: 200  # <- bad"),
                 ["near hand", "8 units past the left edge"], id="outside-the-frame"),
    pytest.param(GOOD[:END].replace("    keyframes:", "    keyframes:  # <- bad"),
                 ["1 keyframe", "2 or 3"], id="one-keyframe"),
    pytest.param(broken("near_thigh: 270", "near_thigh: down  # <- bad"),
                 ["'near_thigh'", "must be a number", "'down'"], id="angle-not-a-number"),
    pytest.param(GOOD[:END] + GOOD[END:].replace("        angles:\n", "        angles:  # <- bad\n")
                 .replace("          near_foot: 0\n", ""),
                 ["no angle for required segment 'near_foot'"], id="missing-segment"),
    pytest.param(GOOD.replace("props: [floor]", "props: [floor, trampoline]  # <- bad"),
                 ["unknown prop 'trampoline'"], id="unknown-prop"),
    pytest.param(GOOD.replace("    props: [floor]\n", "    props: [floor]\n    view: front  # <- bad\n"),
                 ["unknown view 'front'"], id="unknown-view"),
])
def test_broken_poses_are_refused_at_the_bad_line(tmp_path, text, expected):
    poses, problems = load_text(tmp_path, text)
    assert poses == {}
    assert problems, "expected a problem"
    line = bad_line(text)
    assert {p.line for p in problems} == {line}, [str(p) for p in problems]
    assert any(all(part in p.message for part in expected) for p in problems), [str(p) for p in problems]
    assert str(problems[0]).startswith(f"poses.yaml:{line}: ")


def test_a_file_without_poses_is_refused(tmp_path):
    path = tmp_path / "poses.yaml"
    path.write_text("stand: {}\n")
    document, _ = read_yaml(path, "poses.yaml")
    assert document is not None
    poses, problems = load_poses(document)
    assert poses == {} and "'poses'" in problems[0].message


def test_knee_flexion_counts_bending_backwards_as_positive():
    angles = {"torso": 90.0, "near_thigh": 270.0, "near_shin": 240.0}
    assert joint_angle(angles, "near_shin") == pytest.approx(30)
    assert joint_angle(angles, "near_shin", facing="left") == pytest.approx(-30)


def test_standing_key_points_stack_up():
    angles = {"torso": 90.0, "head": 90.0}
    angles.update({f"{side}_{limb}": a for side in ("near", "far")
                   for limb, a in (("upper_arm", 270), ("forearm", 270), ("thigh", 270), ("shin", 270), ("foot", 0))})
    points = key_points(Keyframe("stand", (50.0, 27.6), angles))
    assert points["neck"] == pytest.approx((50, 43.6))
    assert points["head"][1] > points["neck"][1] > points["near_knee"][1] > points["near_ankle"][1]
    assert points["near_ankle"] == pytest.approx((50, 3.1))
    assert points["near_toes"][0] > points["near_ankle"][0]
    assert points["head"][1] < FRAME_HEIGHT
