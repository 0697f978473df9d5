"""Small readers for quiz tests: the fan behind an attempt, their events, the right choices."""

from sqlalchemy import select

from app.extensions import db
from app.models import EngagementEvent, FanProfile
from games.quiz.models import QuizAttempt, QuizChoice


def fan_of(attempt_id: int) -> FanProfile:
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt_id)
    return db.session.get(FanProfile, attempt.fan_id)


def events(fan: FanProfile, type_: str | None = None) -> list[EngagementEvent]:
    query = select(EngagementEvent).where(EngagementEvent.fan_id == fan.id)
    if type_ is not None:
        query = query.where(EngagementEvent.type == type_)
    return list(db.session.scalars(query.order_by(EngagementEvent.id)))


def right_choices(question_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(QuizChoice.id).where(
                QuizChoice.question_id == question_id, QuizChoice.correct.is_(True)
            )
        )
    )


def wrong_choice(question_id: int) -> int:
    return db.session.scalars(
        select(QuizChoice.id).where(
            QuizChoice.question_id == question_id, QuizChoice.correct.is_(False)
        )
    ).first()


def answer(fan, question: dict, *, right: bool = True, expect: int = 200) -> dict:
    """Answer the served question (rightly or wrongly) through HTTP."""
    picks = (
        right_choices(question["question_id"]) if right else [wrong_choice(question["question_id"])]
    )
    if not picks or picks == [None]:  # personality and polls have no right answer
        picks = [question["choices"][0]["id"]]
    return fan.call(
        "answer", {"question_id": question["question_id"], "choice_ids": picks}, expect=expect
    )


def play(fan, *, right=True) -> dict:
    """Start (or resume) and answer every question; returns the result."""
    question = fan.call("start", {})["question"]
    while True:
        judged = answer(fan, question, right=right(question) if callable(right) else right)
        if judged["finished"]:
            return fan.call(f"result?attempt={judged['attempt_id']}")
        question = fan.call("next", {})["question"]
