"""The quiz rules the database holds itself, on SQLite and PostgreSQL alike."""

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import utcnow
from games.quiz import content
from games.quiz.models import QuizAnswer, QuizAttempt, QuizChoiceWeight, QuizOutcome
from tests.factories import make_brand, make_fan
from tests.games.quiz import quizzes


@pytest.fixture
def played(any_app):
    brand = make_brand()
    quiz = quizzes.trivia(brand, now=utcnow())
    fan = make_fan(brand)
    db.session.add(QuizOutcome(campaign_id=quiz.id, title="Unused"))
    attempt = QuizAttempt(
        campaign_id=quiz.id, fan_id=fan.id, number=1, started_at=utcnow(), snapshot={}
    )
    db.session.add(attempt)
    db.session.flush()
    question = content.questions(quiz.id)[0]
    db.session.add(
        QuizAnswer(attempt_id=attempt.id, question_id=question.id, position=0, served_at=utcnow())
    )
    db.session.commit()
    return quiz, fan, attempt, question


def bad_rows(quiz, fan, attempt, question):
    now = utcnow()
    return {
        "answer-twice": QuizAnswer(
            attempt_id=attempt.id, question_id=question.id, position=1, served_at=now
        ),
        "two-open-attempts": QuizAttempt(
            campaign_id=quiz.id, fan_id=fan.id, number=2, started_at=now, snapshot={}
        ),
        "same-number": QuizAttempt(
            campaign_id=quiz.id,
            fan_id=fan.id,
            number=1,
            started_at=now,
            finished_at=now,
            ended_by="completed",
            snapshot={},
        ),
        "finished-without-ending": QuizAttempt(
            campaign_id=quiz.id,
            fan_id=fan.id,
            number=3,
            started_at=now,
            finished_at=now,
            snapshot={},
        ),
        "judged-before-answered": QuizAnswer(
            attempt_id=attempt.id,
            question_id=content.questions(quiz.id)[1].id,
            position=1,
            served_at=now,
            correct=True,
        ),
        "weight-out-of-range": QuizChoiceWeight(
            choice_id=question.choices[0].id,
            outcome_id=content.outcomes(quiz.id)[0].id,
            weight=1000,
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "answer-twice",
        "two-open-attempts",
        "same-number",
        "finished-without-ending",
        "judged-before-answered",
        "weight-out-of-range",
    ],
)
def test_rules_are_constraints(played, name):
    db.session.add(bad_rows(*played)[name])
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
