"""What stops a quiz from going live, said in words a marketer can act on."""

from datetime import timedelta

import pytest

from app.campaigns import get_kind, lifecycle
from app.campaigns.refusals import Refused
from app.extensions import db
from games.quiz import validation
from tests.games.quiz import quizzes


def test_an_empty_quiz_cannot_go_live(brand, clock):
    campaign = lifecycle.create(brand, "quiz.trivia", title="Empty", slug="empty")
    assert validation.problems(campaign) == ["Add at least one question."]
    with pytest.raises(Refused) as refused:
        lifecycle.set_status(campaign, "live", now=clock.now())
    assert refused.value.messages() == ["Add at least one question."]
    assert campaign.status == "draft"


def test_every_trivia_question_needs_its_correct_choice(brand, clock):
    campaign = quizzes.trivia(
        brand,
        status="draft",
        questions=[
            ("No answer", [("A", False), ("B", False)], {}),
            ("Two answers", [("A", True), ("B", True)], {}),
            ("Lonely", [("A", True)], {}),
            ("Pick all", [("A", True), ("B", True), ("C", False)], {"multiple": True}),
        ],
    )
    assert validation.problems(campaign) == [
        "Question 1 has no correct choice.",
        "Question 2 has 2 correct choices; keep one, or let fans pick several.",
        "Question 3 needs at least two choices.",
    ]


def test_speed_bonus_needs_time_limits(brand):
    campaign = quizzes.trivia(brand, status="draft", speed_bonus=20)
    assert "Question 1 needs a time limit for the speed bonus to be measured." in (
        validation.problems(campaign)
    )


def test_every_personality_outcome_must_be_reachable(brand):
    campaign = quizzes.personality(
        brand,
        status="draft",
        outcomes=("Cat", "Dog", "Fish"),
        questions=[("Pick", [("A", [2, 0, 1]), ("B", [0, 2, 1])])],
    )
    assert validation.problems(campaign) == [
        "No set of answers leads to the outcome 'Fish'; give it more weight on some choices."
    ]
    # Under the random tie rule, a tie is a chance, but Fish never even ties.
    campaign.settings = {**campaign.settings, "tie_rule": "random"}
    assert len(validation.problems(campaign)) == 1


def test_a_personality_quiz_needs_two_outcomes(brand):
    campaign = quizzes.personality(
        brand, status="draft", outcomes=("Only",), questions=[("Q", [("A", [1]), ("B", [0])])]
    )
    assert "A personality quiz needs at least two outcomes." in validation.problems(campaign)


def test_dates_must_be_coherent(brand, clock):
    campaign = quizzes.trivia(brand, status="draft")
    with pytest.raises(Refused) as refused:
        lifecycle.update(
            campaign,
            title="T",
            rules_text="",
            starts_at=clock.now(),
            ends_at=clock.now() - timedelta(hours=1),
            settings={},
        )
    assert refused.value.messages() == ["The end date must come after the start date."]
    campaign.starts_at = clock.now() - timedelta(days=3)
    campaign.ends_at = clock.now() - timedelta(hours=1)
    assert "The end date is already past; choose a later one." in validation.problems(campaign)
    campaign.ends_at = clock.now() + timedelta(days=3)
    assert validation.problems(campaign, now=clock.now()) == []


def test_the_kind_checks_its_settings(app):
    kind = get_kind("quiz.trivia")
    assert kind.validate_settings({}) == []
    assert kind.validate_settings({"attempts": "count", "max_attempts": 3}) == []
    problems = kind.validate_settings(
        {"attempts": "sometimes", "max_attempts": 0, "speed_bonus": -1, "colour": "red"}
    )
    assert [(p.field, p.message) for p in problems] == [
        ("attempts", "Attempts must be one of: once, daily, count, unlimited."),
        ("max_attempts", "The number of attempts must be a whole number from 1 to 1000."),
        ("speed_bonus", "Speed bonus must be a whole number from 0 to 10000."),
        (None, "Unknown quiz settings: colour."),
    ]


def test_bad_settings_block_going_live(brand, clock):
    campaign = quizzes.trivia(brand, status="draft")
    campaign.settings = {**campaign.settings, "tie_rule": "coin"}
    db.session.flush()
    with pytest.raises(Refused) as refused:
        lifecycle.set_status(campaign, "scheduled", now=clock.now())
    assert refused.value.messages() == ["The tie rule must be one of: first, random."]
    campaign.status = "live"  # a live quiz whose settings went wrong can still be closed
    lifecycle.set_status(campaign, "closed", now=clock.now())
    assert campaign.status == "closed"
