"""Stick-figure poses for stretch drawings: the pose model, kinematics (angles to key points) and validation."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.content.yaml_source import Path_, Problem, YamlDocument, read_yaml

Point = tuple[float, float]

# The model frame, in units; y grows upward. Drawings scale it to 640 x 400 pixels.
FRAME_WIDTH, FRAME_HEIGHT = 100.0, 62.5
FLOOR_Y = 3.0            # height of the floor line: feet stand and lying bodies rest at about this height
EDGE_MARGIN = 1.0        # every key point keeps this far from the frame's edges, so thick limbs stay visible
HEAD_RADIUS = 3.2
MAX_SPINE_BOW = 4.0      # how far the middle of the back may bow out of the straight pelvis-neck line
VIEWS, FACINGS, PROPS = ("side",), ("right", "left"), ("floor", "chair", "wall", "towel", "door")
MIN_KEYFRAMES, MAX_KEYFRAMES = 2, 3


@dataclass(frozen=True)
class Segment:
    """One kind of body segment: where it attaches, how long it is and what its far end is called."""

    parent: str | None   # kind of the parent segment; None for the torso, which starts at the pelvis
    at_parent_start: bool  # attached at the parent's start (thighs: the pelvis) rather than its end
    length: float
    end_point: str


@dataclass(frozen=True)
class Joint:
    """Allowed range of a segment's angle relative to its parent; 0 is the joint held straight/neutral."""

    name: str
    neutral: float  # counter-clockwise angle from parent to child in the neutral position (figure facing right)
    sign: int       # +1 when turning counter-clockwise (figure facing right) counts as positive
    low: float
    high: float


KINDS: dict[str, Segment] = {
    "torso": Segment(None, False, 16.0, "neck"),
    "head": Segment("torso", False, 5.0, "head"),
    "upper_arm": Segment("torso", False, 9.0, "elbow"),
    "forearm": Segment("upper_arm", False, 8.5, "hand"),
    "thigh": Segment("torso", True, 12.5, "knee"),
    "shin": Segment("thigh", False, 12.0, "ankle"),
    "foot": Segment("shin", False, 3.5, "toes"),
}
# Joint ranges, in degrees of the segment relative to its parent: positive is flexion (bending forward).
JOINTS: dict[str, Joint] = {
    "head": Joint("neck", 0, 1, -70, 70),
    "upper_arm": Joint("shoulder", 180, 1, -100, 190),
    "forearm": Joint("elbow", 0, 1, 0, 160),
    "thigh": Joint("hip", 180, 1, -45, 170),
    "shin": Joint("knee", 0, -1, 0, 165),
    "foot": Joint("ankle", 90, 1, -95, 40),
}
LIMBS = ("upper_arm", "forearm", "thigh", "shin", "foot")
SEGMENTS: tuple[str, ...] = ("torso", "head", *(f"{side}_{kind}" for side in ("near", "far") for kind in LIMBS))
REQUIRED = tuple(name for name in SEGMENTS if not name.startswith("far_"))
POSE_KEYS, KEYFRAME_KEYS = ("view", "facing", "props", "arrow", "keyframes"), ("name", "pelvis", "angles", "spine")
POINTS = ("pelvis", "mid_back", "neck", "head",
          *(f"{side}_{end}" for side in ("near", "far") for end in ("elbow", "hand", "knee", "ankle", "toes")))


@dataclass(frozen=True)
class Keyframe:
    """One key pose: pelvis position, an absolute angle for every segment, and the back's bow."""

    name: str
    pelvis: Point
    angles: dict[str, float]
    spine: float = 0.0  # units the middle of the back bows out: positive rounds it, negative arches it


@dataclass(frozen=True)
class Pose:
    """A stretch drawn as 2 or 3 key poses, with optional props."""

    id: str
    keyframes: tuple[Keyframe, ...]
    props: tuple[str, ...] = ()
    view: str = "side"
    facing: str = "right"
    arrow: str | None = None  # key point the PNG's arrow follows; None: the one that moves furthest


def kind_of(segment: str) -> str:
    """The segment's kind: 'near_shin' -> 'shin'."""
    return segment.split("_", 1)[1] if segment.startswith(("near_", "far_")) else segment


def parent_of(segment: str) -> str | None:
    """The segment's parent segment on the same side, or None for the torso."""
    parent = KINDS[kind_of(segment)].parent
    if parent is None or parent not in LIMBS:
        return parent
    return segment.split("_", 1)[0] + "_" + parent


def point_name(segment: str) -> str:
    """Name of the key point at the segment's far end: 'near_forearm' -> 'near_hand'."""
    end = KINDS[kind_of(segment)].end_point
    return segment.replace(kind_of(segment), end) if kind_of(segment) in LIMBS else end


def segment_lines(keyframe: Keyframe) -> dict[str, tuple[Point, Point]]:
    """Start and end point of every segment."""
    lines: dict[str, tuple[Point, Point]] = {}
    for name in SEGMENTS:
        segment, parent = KINDS[kind_of(name)], parent_of(name)
        start = keyframe.pelvis if parent is None else lines[parent][0 if segment.at_parent_start else 1]
        angle = math.radians(keyframe.angles[name])
        lines[name] = (start, (start[0] + segment.length * math.cos(angle), start[1] + segment.length * math.sin(angle)))
    return lines


def spine_curve(keyframe: Keyframe, facing: str, steps: int = 12) -> list[Point]:
    """Points along the back from pelvis to neck, bowed by keyframe.spine (a quadratic Bezier)."""
    (x0, y0), (x2, y2) = segment_lines(keyframe)["torso"]
    back = math.radians(keyframe.angles["torso"] + (90 if facing == "right" else -90))  # toward the figure's back
    bx, by = math.cos(back), math.sin(back)
    cx, cy = (x0 + x2) / 2 + 2 * keyframe.spine * bx, (y0 + y2) / 2 + 2 * keyframe.spine * by
    return [((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x2, (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y2)
            for t in (i / steps for i in range(steps + 1))]


def key_points(keyframe: Keyframe, facing: str = "right") -> dict[str, Point]:
    """Named key points: pelvis, mid_back, neck, head (centre), and each limb's elbow/hand/knee/ankle/toes."""
    points = {"pelvis": keyframe.pelvis, "mid_back": spine_curve(keyframe, facing, 2)[1]}
    points.update((point_name(name), end) for name, (_, end) in segment_lines(keyframe).items())
    return points


def joint_angle(angles: dict[str, float], segment: str, facing: str = "right") -> float:
    """The segment's angle relative to its parent, as its joint measures it (0 = neutral, + = flexion)."""
    joint, parent = JOINTS[kind_of(segment)], parent_of(segment)
    assert parent is not None
    turn = (angles[segment] - angles[parent]) * (1 if facing == "right" else -1) - joint.neutral
    middle = (joint.low + joint.high) / 2
    return middle + ((joint.sign * turn - middle + 180) % 360 - 180)


def interpolate(a: Keyframe, b: Keyframe, t: float) -> Keyframe:
    """The pose a fraction t of the way from a to b (angles turn the shorter way round)."""
    angles = {name: a.angles[name] + t * ((b.angles[name] - a.angles[name] + 180) % 360 - 180) for name in SEGMENTS}
    pelvis = (a.pelvis[0] + t * (b.pelvis[0] - a.pelvis[0]), a.pelvis[1] + t * (b.pelvis[1] - a.pelvis[1]))
    return Keyframe(b.name if t >= 1 else a.name, pelvis, angles, a.spine + t * (b.spine - a.spine))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"


class _Reader:
    """Validates one document's poses, collecting problems at the line of each offending key."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def add(self, path: Path_, message: str) -> None:
        self.problems.append(self.document.problem(path, message))

    def unknown_keys(self, raw: dict[Any, Any], path: Path_, allowed: tuple[str, ...], what: str) -> None:
        for key in raw:
            if key not in allowed:
                self.add((*path, key), f"unknown key '{key}' in {what}; expected: {', '.join(allowed)}")

    def pose(self, pose_id: str, raw: object) -> Pose | None:
        path: Path_ = ("poses", pose_id)
        before = len(self.problems)
        if not isinstance(raw, dict):
            self.add(path, f"pose '{pose_id}' must be a mapping with 'keyframes'")
            return None
        self.unknown_keys(raw, path, POSE_KEYS, f"pose '{pose_id}'")
        view, facing, props = raw.get("view", "side"), raw.get("facing", "right"), raw.get("props", [])
        if view not in VIEWS:
            self.add((*path, "view"), f"unknown view '{view}'; only 'side' is supported")
        if facing not in FACINGS:
            self.add((*path, "facing"), f"unknown facing '{facing}'; use 'right' or 'left'")
            facing = "right"
        if not isinstance(props, list):
            self.add((*path, "props"), "'props' must be a list, e.g. [floor, chair]")
            props = []
        for index, prop in enumerate(props):
            if prop not in PROPS:
                self.add((*path, "props", index), f"unknown prop '{prop}'; props are: {', '.join(PROPS)}")
        arrow = raw.get("arrow")
        if arrow is not None and arrow not in POINTS:
            self.add((*path, "arrow"), f"unknown point '{arrow}' for the arrow; points are: {', '.join(POINTS)}")
        frames = raw.get("keyframes")
        if not isinstance(frames, list):
            self.add((*path, "keyframes"), f"pose '{pose_id}' needs 'keyframes': a list of 2 or 3 key poses")
            return None
        if not MIN_KEYFRAMES <= len(frames) <= MAX_KEYFRAMES:
            self.add((*path, "keyframes"), f"pose '{pose_id}' has {len(frames)} keyframe(s); it needs "
                                           f"{MIN_KEYFRAMES} or {MAX_KEYFRAMES} (start, optional middle, end)")
        keyframes = [self.keyframe((*path, "keyframes", i), i, item, str(facing)) for i, item in enumerate(frames)]
        if len(self.problems) > before:
            return None
        return Pose(pose_id, tuple(k for k in keyframes if k is not None), tuple(props), str(view), str(facing),
                    None if arrow is None else str(arrow))

    def keyframe(self, path: Path_, index: int, raw: object, facing: str) -> Keyframe | None:
        before = len(self.problems)
        if not isinstance(raw, dict):
            self.add(path, "a keyframe must be a mapping with 'pelvis' and 'angles'")
            return None
        self.unknown_keys(raw, path, KEYFRAME_KEYS, "a keyframe")
        name = str(raw.get("name", f"keyframe {index + 1}"))
        pelvis, spine, angles = raw.get("pelvis"), raw.get("spine", 0), raw.get("angles")
        if not (isinstance(pelvis, list) and len(pelvis) == 2 and all(_is_number(v) for v in pelvis)):
            self.add((*path, "pelvis"), f"keyframe '{name}': 'pelvis' must be [x, y], two numbers")
        if not _is_number(spine) or abs(spine) > MAX_SPINE_BOW:
            self.add((*path, "spine"), f"keyframe '{name}': 'spine' must be a number from "
                                       f"-{_fmt(MAX_SPINE_BOW)} to {_fmt(MAX_SPINE_BOW)}, not {spine!r}")
        if not isinstance(angles, dict):
            self.add((*path, "angles"), f"keyframe '{name}' needs 'angles': a mapping of segment to degrees")
            return None
        for segment, value in angles.items():
            if segment not in SEGMENTS:
                self.add((*path, "angles", segment), f"unknown segment '{segment}' in keyframe '{name}'; every "
                         f"segment must attach to a known parent: {', '.join(SEGMENTS)}")
            elif not _is_number(value):
                self.add((*path, "angles", segment), f"angle of '{segment}' in keyframe '{name}' must be a "
                                                     f"number of degrees, not {value!r}")
        for segment in REQUIRED:
            if segment not in angles:
                self.add((*path, "angles"), f"keyframe '{name}' has no angle for required segment '{segment}'")
        if len(self.problems) > before:
            return None
        assert isinstance(pelvis, list) and _is_number(spine)
        filled = {s: float(angles[s] if s in angles else angles[s.replace("far_", "near_")]) for s in SEGMENTS}
        keyframe = Keyframe(name, (float(pelvis[0]), float(pelvis[1])), filled, float(spine))

        def key(segment: str) -> Path_:
            given = segment if segment in angles else segment.replace("far_", "near_")
            return (*path, "angles", given)
        self.joint_ranges(keyframe, facing, key)
        self.inside_frame(keyframe, facing, path, key)
        return keyframe if len(self.problems) == before else None

    def joint_ranges(self, keyframe: Keyframe, facing: str, key: Callable[[str], Path_]) -> None:
        for segment in SEGMENTS[1:]:
            joint, parent = JOINTS[kind_of(segment)], parent_of(segment)
            value = joint_angle(keyframe.angles, segment, facing)
            if not joint.low <= value <= joint.high:
                self.add(key(segment), f"keyframe '{keyframe.name}': {segment.replace('_', ' ')} bends the "
                         f"{joint.name} to {_fmt(value)}° relative to the {parent}; the {joint.name} allows "
                         f"{_fmt(joint.low)}..{_fmt(joint.high)}°")

    def inside_frame(self, keyframe: Keyframe, facing: str, path: Path_, key: Callable[[str], Path_]) -> None:
        points = key_points(keyframe, facing)
        where = {point_name(s): key(s) for s in SEGMENTS}
        where.update(pelvis=(*path, "pelvis"), mid_back=(*path, "spine"))
        for point, (x, y) in points.items():
            radius = HEAD_RADIUS if point == "head" else 0.0
            label = "head circle" if point == "head" else point.replace("_", " ")
            edges = (("left", EDGE_MARGIN - (x - radius)), ("right", x + radius - (FRAME_WIDTH - EDGE_MARGIN)),
                     ("bottom", EDGE_MARGIN - (y - radius)), ("top", y + radius - (FRAME_HEIGHT - EDGE_MARGIN)))
            for edge, excess in edges:
                if excess > 1e-9:
                    self.add(where[point], f"keyframe '{keyframe.name}': the {label} is {_fmt(excess)} units "
                                           f"past the {edge} edge of the frame (keep {_fmt(EDGE_MARGIN)} unit clear)")


def load_poses(document: YamlDocument) -> tuple[dict[str, Pose], list[Problem]]:
    """Validate a poses file; return the valid poses by id, and every problem found."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("poses"), dict):
        return {}, [document.problem(("poses",), "the file must hold 'poses': a mapping from stretch tip id to pose")]
    reader = _Reader(document)
    reader.unknown_keys(data, (), ("poses",), "the poses file")
    poses: dict[str, Pose] = {}
    for pose_id, raw in data["poses"].items():
        pose = reader.pose(str(pose_id), raw)
        if pose is not None:
            poses[pose.id] = pose
    return poses, reader.problems


def read_poses(path: Path, display_name: str) -> tuple[dict[str, Pose], list[Problem]]:
    """Read and validate a poses YAML file."""
    document, problems = read_yaml(path, display_name)
    if document is None:
        return {}, problems
    poses, found = load_poses(document)
    return poses, problems + found


def check_pose_ids(document: YamlDocument, tip_ids: Iterable[str], optional: Iterable[str] = ()) -> list[Problem]:
    """Problems for every stretch tip without a pose (unless it is `optional`: it has its own picture) and every
    pose that matches no tip."""
    data = document.data
    raw = data.get("poses") if isinstance(data, dict) else None
    pose_ids = [str(key) for key in raw] if isinstance(raw, dict) else []
    tips = list(dict.fromkeys(tip_ids))
    needless = set(optional)
    problems = [document.problem(("poses",), f"no pose for stretch tip '{tip}' (nor a picture of its own)")
                for tip in tips if tip not in pose_ids and tip not in needless]
    problems += [document.problem(("poses", pose_id), f"pose '{pose_id}' matches no stretch tip")
                 for pose_id in pose_ids if pose_id not in tips]
    return problems
