"""How instants are written to and read from the database: fixed-width ISO-8601 text in UTC.

The fixed width (always with microseconds) makes text order equal time order, so SQL can compare
stored instants directly (`due_at <= ?`).
"""

from __future__ import annotations

from datetime import UTC, datetime


def iso(instant: datetime) -> str:
    """Format an aware datetime as the UTC text stored in the database."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime given to storage")
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def parse_instant(text: str) -> datetime:
    """Parse stored UTC text back into an aware datetime."""
    return datetime.fromisoformat(text)
