"""A trivia quiz may tell a fan, after each answer, the share of other players who got it
right: off by default, on from the campaign page, sent only once 10 others have answered,
counting each other player's first attempt and never the fan's own answers."""

import pytest

from app.extensions import db
from app.fraud import decisions
from app.models import Campaign
from games.quiz import settings
from tests.games.quiz import quizzes
from tests.games.quiz.helpers import answer, fan_of

CAMPAIGN = "/console/acme/campaigns/{id}"


def first_answer(new_fan, *, right: bool) -> dict:
    """A new fan opens the quiz, starts it and answers the first question."""
    fan = new_fan()
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    return fan, question, answer(fan, question, right=right)


@pytest.fixture
def quiz(brand, clock):
    return quizzes.trivia(brand, now=clock.now(), attempts="unlimited", show_right_share=True)


def test_the_share_shows_once_ten_other_players_answered(quiz, new_fan):
    for n in range(9):
        _fan, _q, judged = first_answer(new_fan, right=n < 6)
    # Nine others so far: too few to say anything without telling what a few people did.
    _fan, _q, judged = first_answer(new_fan, right=True)
    assert judged["right_share"] is None
    # Ten others now (6 + 1 right out of 10); this fan's own wrong answer is not among them.
    _fan, _q, judged = first_answer(new_fan, right=False)
    assert judged["right_share"] == {"percent": 70, "players": 10}


def test_replays_and_the_fans_own_answers_do_not_count(quiz, new_fan):
    fans = [first_answer(new_fan, right=False)[0] for _ in range(10)]
    # One of them plays again and now knows the answer: still their first answer counts.
    replayer = fans[0]
    for _ in range(2):
        question = replayer.call("next", {})["question"]
        answer(replayer, question, right=False)
    question = replayer.call("start", {})["question"]
    judged = answer(replayer, question, right=True)
    # The nine others, wrong at their first attempt; the replayer's own are left out.
    assert judged["right_share"] is None  # nine others only
    _fan, _q, judged = first_answer(new_fan, right=True)
    assert judged["right_share"] == {"percent": 0, "players": 10}


def test_fans_flagged_for_fraud_are_left_out(quiz, new_fan):
    answers = [first_answer(new_fan, right=True)[2] for _ in range(10)]
    decisions.flag(fan_of(answers[0]["attempt_id"]), None, "many accounts")
    db.session.commit()
    _fan, _q, judged = first_answer(new_fan, right=True)
    assert judged["right_share"] is None  # nine others count
    _fan, _q, judged = first_answer(new_fan, right=True)
    assert judged["right_share"] == {"percent": 100, "players": 10}


def test_off_by_default(brand, clock, new_fan):
    quizzes.trivia(brand, now=clock.now())
    for _ in range(11):
        _fan, _q, judged = first_answer(new_fan, right=True)
    assert judged["right_share"] is None
    assert settings.read({}).show_right_share is False


def test_staff_turn_it_on_and_off_on_the_campaign_page(brand, clock, staff, new_fan):
    quiz = quizzes.trivia(brand, now=clock.now(), status="draft")
    db.session.commit()
    owner = staff("owner")
    url = CAMPAIGN.format(id=quiz.id)
    page = owner.get(url).get_data(as_text=True)
    assert 'name="show_right_share"' in page and "show how many players got it right" in page
    form = {
        "title": "Trivia",
        "attempts": "once",
        "max_attempts": "1",
        "points_per_correct": "100",
        "speed_bonus": "0",
    }
    response = owner.submit(url, form | {"show_right_share": "on"}, page=url)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Campaign, quiz.id).settings["show_right_share"] is True
    assert 'name="show_right_share" value="on" checked' in owner.get(url).get_data(as_text=True)
    owner.submit(url, form, page=url)
    db.session.expire_all()
    assert db.session.get(Campaign, quiz.id).settings["show_right_share"] is False


def test_a_setting_that_is_not_on_or_off_is_refused():
    problems = settings.problems({"show_right_share": "yes"})
    assert [(p.field, str(p)) for p in problems] == [
        ("show_right_share", "Show how many players got it right must be on or off.")
    ]


def test_the_fan_page_has_the_words(quiz, fan):
    page = fan.visit("acme", "trivia")
    assert '"right_share": "{share} of players got this right"' in page
