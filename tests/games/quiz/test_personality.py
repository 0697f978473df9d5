"""Personality quizzes: the outcome from the weights, ties by the brand's rule, nothing leaked."""

import json

import pytest

from app.extensions import db
from games.quiz import scoring
from games.quiz.models import QuizAttempt
from tests.games.quiz import quizzes
from tests.games.quiz.helpers import events, fan_of


def choose(fan, texts: list[str]) -> dict:
    """Start and pick the choice with each given text, in order; returns the result."""
    question = fan.call("start", {})["question"]
    for text in texts:
        choice = next(c["id"] for c in question["choices"] if c["text"] == text)
        judged = fan.call(
            "answer", {"question_id": question["question_id"], "choice_ids": [choice]}
        )
        assert set(judged) == {"question_id", "finished", "attempt_id"}
        if judged["finished"]:
            return fan.call(f"result?attempt={judged['attempt_id']}")
        question = fan.call("next", {})["question"]
    raise AssertionError("the quiz did not finish")


def test_the_outcome_follows_the_weights(brand, fan, clock):
    quizzes.personality(brand, now=clock.now())
    fan.visit("acme", "persona")
    assert choose(fan, ["Night", "In"])["outcome"]["title"] == "Cat"
    assert choose(fan, ["Morning", "Out"])["outcome"]["title"] == "Dog"
    result = choose(fan, ["Morning", "In"])  # Dog 2, Cat 1
    assert result["outcome"] == {"title": "Dog", "text": "You are a Dog.", "image_url": None}
    assert "score" not in result


def test_weights_never_reach_the_browser(brand, fan, clock):
    quizzes.personality(brand, now=clock.now())
    page = fan.visit("acme", "persona")
    question = fan.call("start", {})["question"]
    assert "weight" not in json.dumps(question) + page
    assert "You are a Cat" not in page


TIED = [("Pick one", [("Both", [1, 1, 0]), ("Lark", [0, 5, 0]), ("Bat", [0, 0, 5])])]


def test_ties_go_to_the_first_outcome_by_default(brand, new_fan, clock):
    quizzes.personality(brand, questions=TIED, outcomes=("Owl", "Lark", "Bat"), now=clock.now())
    for _ in range(5):
        fan = new_fan()
        fan.visit("acme", "persona")
        assert choose(fan, ["Both"])["outcome"]["title"] == "Owl"


def test_random_tie_rule_draws_among_the_tied_and_is_stable_per_attempt(brand, new_fan, clock):
    quizzes.personality(
        brand, questions=TIED, outcomes=("Owl", "Lark", "Bat"), now=clock.now(), tie_rule="random"
    )
    seen = set()
    for _ in range(12):
        fan = new_fan()
        fan.visit("acme", "persona")
        result = choose(fan, ["Both"])
        title = result["outcome"]["title"]
        assert title in ("Owl", "Lark")  # Bat was not tied
        seen.add(title)
        # The same attempt always lands on the same outcome.
        attempt = db.session.get(QuizAttempt, result["attempt_id"])
        both = [c["id"] for c in attempt.snapshot["questions"][0]["choices"] if c["text"] == "Both"]
        again = scoring.outcome(attempt.snapshot, [both], seed=attempt.id)
        assert again == attempt.outcome_id
        assert fan.call(f"result?attempt={attempt.id}")["outcome"]["title"] == title
    assert seen == {"Owl", "Lark"}


def test_personality_events(brand, fan, clock):
    quizzes.personality(brand, now=clock.now())
    fan.visit("acme", "persona")
    result = choose(fan, ["Night", "In"])
    kinds = [e.type for e in events(fan_of(result["attempt_id"]))]
    assert kinds.count("quiz_started") == 1 and kinds.count("quiz_completed") == 1
    assert "answer_correct" not in kinds and "perfect_score" not in kinds
    assert result["points"] == 15


@pytest.mark.parametrize("tie_rule", ["first", "random"])
def test_reachability(tie_rule):
    weights = [[{1: 2, 2: 0}, {1: 0, 2: 2}], [{1: 1}, {2: 1}]]
    assert scoring.reachable(weights, [1, 2, 3], tie_rule) == ({1, 2}, True)
    # Outcome 3 wins only when everything ties at zero, which the first rule gives to 1.
    zero = [[{}, {1: 1}]]
    found, proven = scoring.reachable(zero, [1, 2, 3], tie_rule)
    assert proven and found == ({1} if tie_rule == "first" else {1, 2, 3})
