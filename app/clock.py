"""The server's clock: the one place the core and every kind read the current time."""

from datetime import datetime

from app.models.base import utcnow


def now() -> datetime:
    """The current time, timezone-aware UTC; tests move it with the `clock` fixture."""
    return utcnow()
