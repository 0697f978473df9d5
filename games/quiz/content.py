"""Reading a quiz's content (questions, choices, weights, outcomes) in its display order."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from games.quiz.models import QuizChoice, QuizOutcome, QuizQuestion


def questions(campaign_id: int) -> list[QuizQuestion]:
    return list(
        db.session.scalars(
            select(QuizQuestion)
            .where(QuizQuestion.campaign_id == campaign_id)
            .options(selectinload(QuizQuestion.choices).selectinload(QuizChoice.weights))
            .order_by(QuizQuestion.position, QuizQuestion.id)
        )
    )


def outcomes(campaign_id: int) -> list[QuizOutcome]:
    return list(
        db.session.scalars(
            select(QuizOutcome)
            .where(QuizOutcome.campaign_id == campaign_id)
            .order_by(QuizOutcome.position, QuizOutcome.id)
        )
    )


def question(campaign_id: int, question_id) -> QuizQuestion | None:
    """The campaign's question with this id; None for another quiz's or a malformed id."""
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        return None
    return db.session.scalar(
        select(QuizQuestion).where(
            QuizQuestion.id == question_id, QuizQuestion.campaign_id == campaign_id
        )
    )
