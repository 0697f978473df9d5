"""Campaign kinds that fans play: quizzes (trivia, personality, poll)."""

from app.campaigns import register_kind
from games.quiz.kinds import QUIZ_KINDS

KINDS = QUIZ_KINDS


def register(app) -> None:
    """Add the game kinds to the app's kind registry."""
    for kind in KINDS:
        register_kind(app, kind)
