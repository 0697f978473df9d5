"""The server's clock for photo contests: one place, so tests can set the time."""

from datetime import datetime

from app.models import utcnow


def now() -> datetime:
    return utcnow()
