"""One vocabulary: the quiz's own number is a score; points are what the fan card counts."""

import json
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import EngagementEvent
from games.quiz.attempts import event_ref
from games.quiz.models import QuizAttempt
from tests.games.quiz import quizzes
from tests.games.quiz.helpers import answer, fan_of

WORDS = re.compile(r'<script type="application/json" id="quiz-words">(.*?)</script>', re.S)


@pytest.fixture
def quiz(brand, clock):
    return quizzes.trivia(brand, now=clock.now())


def words(page: str) -> dict:
    return json.loads(WORDS.search(page)[1])


def test_answers_add_to_a_score_and_the_result_shows_the_points_recorded(quiz, fan):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    judged = [answer(fan, question)]
    while not judged[-1]["finished"]:
        judged.append(answer(fan, fan.call("next", {})["question"]))

    assert all("points" not in each for each in judged)
    assert sum(each["score_gained"] for each in judged) == judged[-1]["score"]

    result = fan.call(f"result?attempt={judged[-1]['attempt_id']}")
    attempt = db.session.get(QuizAttempt, result["attempt_id"])
    recorded = db.session.scalar(
        select(func.sum(EngagementEvent.points)).where(EngagementEvent.ref == event_ref(attempt))
    )
    assert result["score"] == attempt.score != recorded
    assert result["points"] == recorded > 0
    assert result["campaign_points"] == fan_of(attempt.id).points
    card = fan.get("/e/acme").get_data(as_text=True)
    assert f'data-stat="points">{fan_of(attempt.id).points}<' in card


@pytest.mark.parametrize(
    ("lang", "score_word", "one_point", "two_points"),
    [
        ("en", "score", "You earned 1 point for", "You earned 2 points for"),
        ("fr", "score", "Vous avez gagné 1 point pour", "Vous avez gagné 2 points pour"),
    ],
)
def test_the_page_never_calls_the_score_points(quiz, fan, lang, score_word, one_point, two_points):
    shown = words(fan.visit("acme", "trivia", f"?lang={lang}"))
    for key in ("score_gained", "best_score", "score"):
        assert score_word in shown[key].lower() and "point" not in shown[key].lower()
    earned = shown["earned"]
    assert earned["one"].replace("{count}", "1").startswith(one_point)
    assert earned["other"].replace("{count}", "2").startswith(two_points)
