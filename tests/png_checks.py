"""Small helpers for chart tests: decode PNG bytes and inspect their pixels."""

from __future__ import annotations

import io
from collections import deque

import numpy as np
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def decode_png(data: bytes) -> Image.Image:
    """Decode PNG bytes into an RGB Pillow image, failing loudly if they are not a PNG."""
    assert data[:8] == PNG_SIGNATURE, "not PNG data"
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()
        return image.convert("RGB")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG in pixels."""
    return decode_png(data).size


def pixels(data: bytes) -> np.ndarray:
    """The PNG as an H x W x 3 uint8 array."""
    return np.asarray(decode_png(data), dtype=np.uint8)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#rrggbb' to an (r, g, b) tuple."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def is_not_blank(data: bytes, min_colours: int = 8, min_fraction: float = 0.01) -> bool:
    """True when the image has several distinct colours and enough non-background pixels."""
    array = pixels(data).astype(np.uint32)
    packed = (array[..., 0] << 16 | array[..., 1] << 8 | array[..., 2]).ravel()
    values, counts = np.unique(packed, return_counts=True)
    if len(values) < min_colours:
        return False
    background = values[np.argmax(counts)]
    differing = (packed != background).mean()
    return bool(differing >= min_fraction)


def colour_mask(array: np.ndarray, colour: str, tolerance: int = 10) -> np.ndarray:
    """Boolean H x W mask of pixels whose every channel is within tolerance of colour."""
    target = np.array(hex_to_rgb(colour), dtype=np.int16)
    return np.all(np.abs(array.astype(np.int16) - target) <= tolerance, axis=2)


def connected_components(mask: np.ndarray, min_size: int = 1) -> list[int]:
    """Sizes of 4-connected True regions in mask (BFS flood fill), ignoring ones below min_size."""
    seen = np.zeros_like(mask, dtype=bool)
    height, width = mask.shape
    sizes = []
    for start_y, start_x in np.argwhere(mask):
        if seen[start_y, start_x]:
            continue
        seen[start_y, start_x] = True
        queue = deque([(start_y, start_x)])
        size = 0
        while queue:
            y, x = queue.popleft()
            size += 1
            for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                if 0 <= ny < height and 0 <= nx < width and mask[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    queue.append((ny, nx))
        if size >= min_size:
            sizes.append(size)
    return sizes


def count_markers(data: bytes, colour: str, tolerance: int = 10, min_size: int = 5) -> int:
    """Number of connected blobs of colour in the PNG (one per chart marker)."""
    return len(connected_components(colour_mask(pixels(data), colour, tolerance), min_size))
