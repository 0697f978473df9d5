"""PhotoRefused: why a fan's contest action was refused, with a message they can act on."""

from flask_babel import gettext as _

from app.campaigns.fan_api import FanRefused
from app.routing import MAX_ID


def row_id(value) -> int | None:
    """An id from a form or an address, or None when it cannot name a row."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class PhotoRefused(FanRefused):
    """A refused photo contest action."""


def malformed(message: str) -> PhotoRefused:
    return PhotoRefused(message, code="malformed", status=400)


def not_found() -> PhotoRefused:
    return PhotoRefused(_("This entry is not in the contest."), code="not_found", status=404)
