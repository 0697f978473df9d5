"""A trivia question's "64% of players got this right": the share among other players.

Counted from answered questions of every attempt, finished or in play, but only each other
player's first attempt: a fan who replays after seeing the answer would otherwise pull the
share up, and the fan who just answered never moves their own figure. Fans flagged for
fraud are left out, as in every figure. Below MIN_ANSWERS the share is not sent at all:
with a handful of players, "0%" would tell a fan what the few others (a friend, a
colleague) answered.
"""

from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import FanProfile
from games.quiz.models import QuizAnswer, QuizAttempt

MIN_ANSWERS = 10


@dataclass(frozen=True)
class RightShare:
    percent: int
    players: int


def right_share(campaign_id: int, question_id: int, fan_id: int) -> RightShare | None:
    """The share of other players whose first answer to this question was right, or None
    while fewer than MIN_ANSWERS players have answered it."""
    answered, right = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((QuizAnswer.correct.is_(True), 1), else_=0)), 0),
        )
        .select_from(QuizAnswer)
        .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
        .join(FanProfile, FanProfile.id == QuizAttempt.fan_id)
        .where(
            QuizAnswer.question_id == question_id,
            QuizAnswer.answered_at.is_not(None),
            QuizAttempt.campaign_id == campaign_id,
            QuizAttempt.number == 1,
            QuizAttempt.fan_id != fan_id,
            FanProfile.fraud_flagged.is_(False),
        )
    ).one()
    if answered < MIN_ANSWERS:
        return None
    return RightShare(round(100 * right / answered), answered)
