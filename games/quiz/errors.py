"""QuizRefused: why a fan's quiz action was refused, with a message they can act on."""

from flask_babel import gettext as _

from app.campaigns.fan_api import FanRefused


class QuizRefused(FanRefused):
    """A refused quiz action."""


def not_live() -> QuizRefused:
    return QuizRefused(_("This quiz is not open right now."), code="not_live", status=403)


def ended() -> QuizRefused:
    return QuizRefused(
        _("This quiz has ended; answers are no longer taken."), code="ended", status=403
    )


def malformed(message: str) -> QuizRefused:
    return QuizRefused(message, code="malformed", status=400)
