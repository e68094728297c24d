"""Shared pieces of the Telegram markup parsers: the error type, byte helpers and UTF-16 measures."""

from __future__ import annotations

from typing import Any

PREFIX = "Can't parse entities: "

Entity = dict[str, Any]  # a Bot API MessageEntity
Parsed = tuple[str, list[Entity]]


class MarkupError(ValueError):
    """Telegram rejected the formatting; `description` is Telegram's own wording."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description

    def __str__(self) -> str:
        return self.description


def at(t: bytes, i: int) -> int:
    """The byte at i, or 0 past the end (TDLib reads the C string's terminating NUL)."""
    return t[i] if i < len(t) else 0


def is_space(c: int) -> bool:
    """TDLib's is_space: space, tab, CR, LF, VT and NUL."""
    return c in (0x20, 0x09, 0x0D, 0x0A, 0x00, 0x0B)


def utf16_step(c: int) -> int:
    """UTF-16 units contributed by the UTF-8 byte c (0 for continuation bytes)."""
    if c & 0xC0 == 0x80:
        return 0
    return 2 if c >= 0xF0 else 1


def utf16_len(s: str) -> int:
    """Length of s in UTF-16 code units, as Telegram measures entity offsets."""
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)


def sort_entities(entities: list[dict]) -> list[dict]:
    """Order entities as Telegram does: by offset, longer first."""
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))
