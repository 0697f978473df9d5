"""QuizRefused: why a fan's quiz action was refused, with a message they can act on."""

from flask_babel import gettext as _


class QuizRefused(Exception):
    """A refused fan action; views answer `status` with `message` and the stable `code`."""

    def __init__(self, message: str, *, code: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


def not_live() -> QuizRefused:
    return QuizRefused(_("This quiz is not open right now."), code="not_live", status=403)


def ended() -> QuizRefused:
    return QuizRefused(
        _("This quiz has ended; answers are no longer taken."), code="ended", status=403
    )


def malformed(message: str) -> QuizRefused:
    return QuizRefused(message, code="malformed", status=400)
