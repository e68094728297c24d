"""Pictures of stretches: an operator's own file next to the tip, else the project's drawing of its pose,
rendered once (PNG still, GIF animation) and cached on disk under a hash of the pose and the drawing code."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from bot.core.routines.drawing import render_gif, render_png
from bot.core.routines.poses import Pose

DRAWING_VERSION = "1"  # change it when drawing.py changes how figures look: every cached drawing is redrawn
OWN_FOLDER = Path("tips") / "stretching"  # content/tips/stretching/<tip id>.<ext>: an operator's own picture
OWN_KINDS: dict[str, Literal["photo", "animation"]] = {
    ".png": "photo", ".jpg": "photo", ".jpeg": "photo", ".gif": "animation", ".mp4": "animation"}
MAX_OWN_BYTES = 20_000_000  # a larger file is refused with a problem line by check-content

Kind = Literal["photo", "animation"]
KINDS: tuple[Kind, ...] = ("photo", "animation")


@dataclass(frozen=True)
class Picture:
    """A picture file to send, how Telegram should show it, and a key that changes whenever its bytes may."""

    path: Path
    kind: Kind
    key: str


def pose_key(pose: Pose) -> str:
    """A hash of everything that decides a drawing: the pose and the drawing code's version."""
    text = json.dumps([DRAWING_VERSION, asdict(pose)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def own_pictures(content_root: Path, tip_id: str) -> list[Picture]:
    """An operator's own pictures for a tip (any of .png .jpg .jpeg .gif .mp4), stills first."""
    found = []
    for extension, kind in OWN_KINDS.items():
        path = content_root / OWN_FOLDER / f"{tip_id}{extension}"
        if path.is_file():
            stat = path.stat()
            found.append(Picture(path, kind, f"own:{path.name}:{stat.st_size}:{stat.st_mtime_ns}"))
    return sorted(found, key=lambda picture: picture.kind != "photo")


def _write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a crash never leaves half a picture in the cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)


class Pictures:
    """Finds or draws the pictures of stretch tips; drawings are cached in `cache_dir`."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.file_ids: dict[str, str] = {}  # Picture.key -> Telegram file_id, once uploaded (saves re-uploading)

    def _path(self, pose: Pose, kind: Kind) -> Path:
        return self.cache_dir / f"{pose.id}-{pose_key(pose)}.{'png' if kind == 'photo' else 'gif'}"

    def drawing(self, pose: Pose, kind: Kind) -> Picture:
        """The drawing of a pose (PNG still or GIF animation), rendered into the cache when missing."""
        path = self._path(pose, kind)
        if not path.is_file():
            _write(path, render_png(pose) if kind == "photo" else render_gif(pose))
        return Picture(path, kind, f"drawn:{path.name}")

    def picture(self, content_root: Path | None, tip_id: str, pose: Pose | None, kind: Kind) -> Picture | None:
        """The picture to show for a tip: the operator's own (of the wanted kind if there is one), else the drawing."""
        own = own_pictures(content_root, tip_id) if content_root is not None else []
        if own:
            return next((picture for picture in own if picture.kind == kind), own[0])
        return self.drawing(pose, kind) if pose is not None else None

    def prepare(self, poses: dict[str, Pose]) -> int:
        """Render every drawing missing from the cache; return how many files were written."""
        missing = [(pose, kind) for pose in poses.values() for kind in KINDS if not self._path(pose, kind).is_file()]
        for pose, kind in missing:
            self.drawing(pose, kind)
        return len(missing)
