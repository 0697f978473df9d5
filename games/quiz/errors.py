"""The quiz's common refusals of a fan's action, in words they can act on, with stable codes."""

from flask_babel import gettext as _

from app.campaigns.refusals import Refused


def not_live() -> Refused:
    return Refused(_("This quiz is not open right now."), code="not_live", status=403)


def ended() -> Refused:
    return Refused(_("This quiz has ended; answers are no longer taken."), code="ended", status=403)


def malformed(message: str) -> Refused:
    return Refused(message, code="malformed", status=400)
