"""The photo contest's common refusals of a fan action, and ids read from forms."""

from flask_babel import gettext as _

from app.campaigns.refusals import Refused
from app.routing import MAX_ID


def row_id(value) -> int | None:
    """An id from a form or an address, or None when it cannot name a row."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def malformed(message: str) -> Refused:
    return Refused(message, code="malformed", status=400)


def not_found() -> Refused:
    return Refused(_("This entry is not in the contest."), code="not_found", status=404)
