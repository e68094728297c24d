"""Shared pieces of the emulator tests: the test user, a keyboard, test images and Telegram's 400 body.

The fixtures (a running emulator, raw Bot API calls, a PTB Bot, a running bot) are in conftest.py."""

import struct
import zlib


USER = 1001
KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}, {"text": "No", "callback_data": "no"}],
                                [{"text": "Docs", "url": "https://core.telegram.org/bots/api"}]]}


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def bad(description: str) -> dict:
    """Telegram's body for a 400."""
    return {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}
