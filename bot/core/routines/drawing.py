"""Drawing stretch poses: a PNG of the start and end positions with an arrow, and an animated GIF."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw

from bot.core.routines.poses import (FLOOR_Y, FRAME_HEIGHT, FRAME_WIDTH, HEAD_RADIUS, LIMBS, Keyframe, Point, Pose,
                                     interpolate, key_points, segment_lines, spine_curve)

SIZE = (640, 400)
SCALE = SIZE[0] / FRAME_WIDTH  # pixels per model unit
SUPERSAMPLE = 2                # drawn this many times larger, then scaled down for smooth edges
BACKGROUND = "#F9FAFB"
FIGURE, FIGURE_FAR = "#34495E", "#8294A5"   # near limbs, torso and head; far limbs (further from the viewer)
GHOST, GHOST_FAR = "#C5CED6", "#DEE3E8"     # the start position in the PNG
PROP, PROP_FILL = "#BCC4CC", "#EDF0F3"
TOWEL = "#C8A25A"
ARROW = "#E07B39"
LIMB_WIDTH = 6.0      # pixels
JOINT_RADIUS = 4.0    # pixels
ARROW_WIDTH = 4.0
MIN_ARROW = 4.0       # units
STEPS_PER_TRANSITION = 10
FRAME_MS, HOLD_MS = 120, 480  # GIF frame duration; key poses are held a little longer


class _Canvas:
    """A supersampled drawing surface that takes model coordinates (y up)."""

    def __init__(self, backdrop: Image.Image | None = None) -> None:
        size = (SIZE[0] * SUPERSAMPLE, SIZE[1] * SUPERSAMPLE)
        self.image = backdrop.copy() if backdrop is not None else Image.new("RGB", size, BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def px(point: Point) -> tuple[float, float]:
        return point[0] * SCALE * SUPERSAMPLE, (FRAME_HEIGHT - point[1]) * SCALE * SUPERSAMPLE

    def dot(self, point: Point, radius_px: float, colour: str) -> None:
        x, y = self.px(point)
        r = radius_px * SUPERSAMPLE
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def line(self, points: Sequence[Point], colour: str, width_px: float = LIMB_WIDTH) -> None:
        self.draw.line([self.px(p) for p in points], fill=colour, width=round(width_px * SUPERSAMPLE), joint="curve")
        self.dot(points[0], width_px / 2, colour)
        self.dot(points[-1], width_px / 2, colour)

    def rect(self, corner_a: Point, corner_b: Point, colour: str) -> None:
        (xa, ya), (xb, yb) = self.px(corner_a), self.px(corner_b)
        self.draw.rectangle((min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)), fill=colour)

    def polygon(self, points: Sequence[Point], colour: str) -> None:
        self.draw.polygon([self.px(p) for p in points], fill=colour)

    def finish(self, fast: bool = False) -> Image.Image:
        if fast:
            return self.image.reduce(SUPERSAMPLE)
        return self.image.resize(SIZE, Image.Resampling.LANCZOS)


def _draw_props(canvas: _Canvas, pose: Pose) -> None:
    """Floor, chair, wall and door, placed from the figure's first key pose (and all poses, for the wall)."""
    facing = 1.0 if pose.facing == "right" else -1.0
    first = pose.keyframes[0]
    floor = FLOOR_Y - 0.6
    if "wall" in pose.props:
        backs = [x for k in pose.keyframes for x in (*(p[0] for p in spine_curve(k, pose.facing)),
                                                      key_points(k)["head"][0] - HEAD_RADIUS * facing)]
        x = min(backs) - 0.6 if facing > 0 else max(backs) + 0.6
        edge = 0.0 if facing > 0 else FRAME_WIDTH
        canvas.rect((edge, floor), (x, FRAME_HEIGHT), PROP_FILL)
        canvas.line([(x, floor), (x, FRAME_HEIGHT)], PROP, 3)
    if "door" in pose.props:
        x = key_points(first, pose.facing)["near_hand"][0] + 0.8 * facing
        top = 55.0
        canvas.line([(x, floor), (x, top)], PROP, 4)
        canvas.rect((x - 1.6, top), (x + 1.6, FRAME_HEIGHT), PROP_FILL)
        canvas.line([(x - 1.6, top), (x + 1.6, top)], PROP, 3)
    if "floor" in pose.props:
        canvas.rect((0, floor), (FRAME_WIDTH, 0), PROP_FILL)
        canvas.line([(0, floor), (FRAME_WIDTH, floor)], PROP, 3)
    if "chair" in pose.props:
        px, py = first.pelvis
        seat = py - 1.2
        back, front = px - 3.5 * facing, px + 7.5 * facing
        canvas.line([(back, seat), (front, seat)], PROP, 7)
        canvas.line([(front - 0.8 * facing, seat), (front - 0.8 * facing, floor)], PROP, 5)
        canvas.line([(back, seat + 13), (back, floor)], PROP, 5)


def _draw_figure(canvas: _Canvas, pose: Pose, keyframe: Keyframe, near: str, far: str, towel: str) -> None:
    """The stick figure: far limbs behind, then towel, torso and head, then near limbs in front."""
    lines = segment_lines(keyframe)
    for side, colour in (("far", far), ("near", near)):
        if side == "near":
            if "towel" in pose.props:
                canvas.line([lines["near_forearm"][1], lines["near_foot"][1]], towel, 4)
            canvas.line(spine_curve(keyframe, pose.facing), near)
            canvas.line(lines["head"], near)
            canvas.dot(lines["head"][1], HEAD_RADIUS * SCALE, near)
        for limb in LIMBS:
            canvas.line(lines[f"{side}_{limb}"], colour)
        for limb in LIMBS[:-1]:
            canvas.dot(lines[f"{side}_{limb}"][1], JOINT_RADIUS, colour)
    canvas.dot(keyframe.pelvis, JOINT_RADIUS + 0.5, near)
    canvas.dot(lines["torso"][1], JOINT_RADIUS, near)


def _moving_point(pose: Pose) -> str:
    """The key point the arrow follows: the pose's choice, else the one moving furthest from first to last pose."""
    if pose.arrow is not None:
        return pose.arrow
    first, last = key_points(pose.keyframes[0], pose.facing), key_points(pose.keyframes[-1], pose.facing)
    return max(first, key=lambda name: math.dist(first[name], last[name]))


def _draw_arrow(canvas: _Canvas, pose: Pose) -> None:
    """A curved arrow showing the moving point's path, set off a little from the body."""
    name = _moving_point(pose)
    path = [key_points(k, pose.facing)[name] for k in pose.keyframes]
    start, end = path[0], path[-1]
    length = math.dist(start, end)
    if length < 0.1:
        return
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    if length < MIN_ARROW:  # a small movement still gets an arrow long enough to see its direction
        mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        start = (mid[0] - ux * MIN_ARROW / 2, mid[1] - uy * MIN_ARROW / 2)
        end = (mid[0] + ux * MIN_ARROW / 2, mid[1] + uy * MIN_ARROW / 2)
        path, length = [start, end], MIN_ARROW
    centre = key_points(pose.keyframes[-1], pose.facing)["mid_back"]
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    normal = (-uy, ux) if (-uy * (mid[0] - centre[0]) + ux * (mid[1] - centre[1])) >= 0 else (uy, -ux)
    offset = (HEAD_RADIUS + 1.5) if name == "head" else 1.8
    start = (start[0] + normal[0] * offset, start[1] + normal[1] * offset)
    end = (end[0] + normal[0] * offset, end[1] + normal[1] * offset)
    if len(path) == 3:
        through = (path[1][0] + normal[0] * offset, path[1][1] + normal[1] * offset)
        control = (2 * through[0] - (start[0] + end[0]) / 2, 2 * through[1] - (start[1] + end[1]) / 2)
    else:
        control = ((start[0] + end[0]) / 2 + normal[0] * length * 0.25, (start[1] + end[1]) / 2 + normal[1] * length * 0.25)
    curve = [((1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t * t * end[0],
              (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t * t * end[1])
             for t in (i / 24 for i in range(25))]
    head = min(2.2, length * 0.45)  # arrowhead length, units
    tx, ty = end[0] - control[0], end[1] - control[1]
    norm = math.hypot(tx, ty) or 1.0
    tx, ty = tx / norm, ty / norm
    base = (end[0] - tx * head, end[1] - ty * head)
    shaft = [p for p in curve if math.dist(p, end) > head * 0.9] or [start]
    canvas.line([*shaft, base], ARROW, ARROW_WIDTH)
    canvas.polygon([end, (base[0] - ty * head * 0.6, base[1] + tx * head * 0.6),
                    (base[0] + ty * head * 0.6, base[1] - tx * head * 0.6)], ARROW)


def render_png(pose: Pose) -> bytes:
    """The pose as a 640x400 PNG: earlier key poses as light ghosts, the last one solid, an arrow for the movement."""
    canvas = _Canvas()
    _draw_props(canvas, pose)
    for keyframe in pose.keyframes[:-1]:
        _draw_figure(canvas, pose, keyframe, GHOST, GHOST_FAR, GHOST)
    _draw_figure(canvas, pose, pose.keyframes[-1], FIGURE, FIGURE_FAR, TOWEL)
    _draw_arrow(canvas, pose)
    buffer = io.BytesIO()
    canvas.finish().save(buffer, format="PNG")
    return buffer.getvalue()


def animation_keyframes(pose: Pose, steps: int = STEPS_PER_TRANSITION) -> list[tuple[Keyframe, bool]]:
    """The GIF's poses through every key pose and back, eased; each with whether it is a key pose."""
    order = [*pose.keyframes, *pose.keyframes[-2:0:-1]]
    frames: list[tuple[Keyframe, bool]] = []
    for index, keyframe in enumerate(order):
        following = order[(index + 1) % len(order)]
        for step in range(steps):
            t = (1 - math.cos(math.pi * step / steps)) / 2
            frames.append((interpolate(keyframe, following, t), step == 0))
    return frames


def render_gif(pose: Pose) -> bytes:
    """The movement as a looping 640x400 animated GIF, there and back through the key poses."""
    backdrop = _Canvas()
    _draw_props(backdrop, pose)
    images: list[Image.Image] = []
    durations: list[int] = []
    palette: Image.Image | None = None
    for keyframe, is_key in animation_keyframes(pose):
        canvas = _Canvas(backdrop.image)
        _draw_figure(canvas, pose, keyframe, FIGURE, FIGURE_FAR, TOWEL)
        frame = canvas.finish(fast=True)
        if palette is None:  # one palette for every frame: steady colours, and much faster than one each
            palette = frame.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        images.append(frame.quantize(palette=palette, dither=Image.Dither.NONE))
        durations.append(HOLD_MS if is_key else FRAME_MS)
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0,
                   disposal=1, optimize=False)
    return buffer.getvalue()


def bounding_box(pose: Pose, keyframe: Keyframe) -> tuple[int, int, int, int]:
    """Pixel box (x0, y0, x1, y1) of the figure drawn in this key pose, limb thickness included."""
    lines = segment_lines(keyframe)
    reach = max(LIMB_WIDTH / 2, JOINT_RADIUS + 0.5) / SCALE
    circles = [(p, reach) for start, end in lines.values() for p in (start, end)]
    circles += [(p, reach) for p in spine_curve(keyframe, pose.facing)]
    circles.append((lines["head"][1], HEAD_RADIUS))
    x0 = min(p[0] - r for p, r in circles) * SCALE
    x1 = max(p[0] + r for p, r in circles) * SCALE
    y0 = (FRAME_HEIGHT - max(p[1] + r for p, r in circles)) * SCALE
    y1 = (FRAME_HEIGHT - min(p[1] - r for p, r in circles)) * SCALE
    return math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1)
