"""The server's clock for sweepstakes windows and draws: one place, so tests can set the time."""

from datetime import datetime

from app.models import utcnow


def now() -> datetime:
    return utcnow()
