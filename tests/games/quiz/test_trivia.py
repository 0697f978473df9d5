"""Trivia through HTTP: one question at a time, judged by the server, refusals that say why."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import EngagementEvent
from games.quiz import content
from games.quiz.models import QuizAnswer, QuizAttempt
from tests.factories import make_campaign
from tests.games.quiz import quizzes
from tests.games.quiz.helpers import answer, events, fan_of, play, right_choices, wrong_choice


@pytest.fixture
def quiz(brand, clock):
    return quizzes.trivia(brand, now=clock.now())


def test_questions_reach_the_browser_without_their_answers(quiz, fan):
    page = fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    assert question["number"] == 1 and question["total"] == 3
    assert set(question["choices"][0]) == {"id", "text"}
    served = json.dumps(question)
    assert "correct" not in served and "weight" not in served
    assert '"correct":' not in page and "Arithmetic" not in page


def test_an_answer_is_judged_then_explained(quiz, fan):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    judged = answer(fan, question, right=True)
    assert judged["correct"] is True and judged["score_gained"] == 100
    assert judged["explanation"] == "Arithmetic."
    assert judged["correct_choice_ids"] == right_choices(question["question_id"])
    assert judged["finished"] is False

    question = fan.call("next", {})["question"]
    judged = answer(fan, question, right=False)
    assert judged["correct"] is False and judged["score_gained"] == 0 and judged["score"] == 100


def test_multiple_choice_needs_exactly_the_correct_set(quiz, fan):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    for _ in range(2):
        answer(fan, question)
        question = fan.call("next", {})["question"]
    assert question["multiple"] is True
    two, three, _four = (c["id"] for c in question["choices"])
    judged = fan.call("answer", {"question_id": question["question_id"], "choice_ids": [two]})
    assert judged["correct"] is False
    assert sorted(judged["correct_choice_ids"]) == sorted([two, three])


def test_multiple_choice_all_right(quiz, fan):
    fan.visit("acme", "trivia")
    result = play(fan, right=True)
    assert result["correct_count"] == 3 and result["score"] == 300


def test_a_replayed_answer_is_refused_and_changes_nothing(quiz, fan):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    answer(fan, question, right=False)
    again = answer(fan, question, right=True, expect=409)
    assert again["code"] == "replay" and "already answered" in again["error"]
    row = db.session.query(QuizAnswer).filter_by(question_id=question["question_id"]).one()
    assert row.correct is False and row.points == 0


def test_an_answer_to_a_question_not_yet_served_is_refused(quiz, fan):
    fan.visit("acme", "trivia")
    first = fan.call("start", {})["question"]
    attempt = db.session.get(QuizAttempt, first["attempt_id"])
    later = attempt.snapshot["questions"][2]
    refused = fan.call(
        "answer",
        {"question_id": later["id"], "choice_ids": [later["choices"][0]["id"]]},
        expect=409,
    )
    assert refused["code"] == "not_served" and "not been shown" in refused["error"]
    # The question in play is still open.
    assert answer(fan, first)["correct"] is True


def test_answering_ahead_after_answering_but_before_next_is_refused(quiz, fan):
    """Out of order: the next question is only served on request, so it cannot be answered yet."""
    fan.visit("acme", "trivia")
    first = fan.call("start", {})["question"]
    answer(fan, first)
    attempt = db.session.get(QuizAttempt, first["attempt_id"])
    second = attempt.snapshot["questions"][1]
    refused = fan.call(
        "answer",
        {"question_id": second["id"], "choice_ids": right_choices(second["id"])},
        expect=409,
    )
    assert refused["code"] == "not_served"


def test_another_fans_result_is_not_shown(quiz, new_fan):
    owner, other = new_fan(), new_fan()
    owner.visit("acme", "trivia")
    result = play(owner)
    other.visit("acme", "trivia")
    assert other.call(f"result?attempt={result['attempt_id']}", expect=404)["code"] == "no_result"
    other.call("start", {})
    assert other.call(f"result?attempt={result['attempt_id']}", expect=404)["code"] == "no_result"


def test_answering_without_a_game_is_refused(quiz, fan):
    fan.visit("acme", "trivia")
    refused = fan.call("answer", {"question_id": 1, "choice_ids": [1]}, expect=409)
    assert refused["code"] == "no_attempt"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"question_id": "QID"}, "Pick a choice"),
        ({"question_id": "QID", "choice_ids": []}, "Pick a choice"),
        ({"question_id": "QID", "choice_ids": "1"}, "Pick a choice"),
        ({"question_id": "QID", "choice_ids": ["1"]}, "by their numbers"),
        ({"question_id": "QID", "choice_ids": [True]}, "by their numbers"),
        ({"question_id": "QID", "choice_ids": ["RIGHT", "RIGHT"]}, "sent twice"),
        ({"question_id": "QID", "choice_ids": ["RIGHT", "WRONG"]}, "one choice only"),
        ({"question_id": "QID", "choice_ids": [987654]}, "another quiz, or none"),
        ({"question_id": "x", "choice_ids": ["RIGHT"]}, "which question"),
    ],
)
def test_malformed_answers_are_refused_with_a_message(quiz, fan, body, message):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    qid = question["question_id"]
    fill = {"QID": qid, "RIGHT": right_choices(qid)[0], "WRONG": wrong_choice(qid)}
    body = {
        key: (
            [fill.get(v, v) for v in value] if isinstance(value, list) else fill.get(value, value)
        )
        for key, value in body.items()
    }
    refused = fan.call("answer", body, expect=400)
    assert message in refused["error"] and refused["code"] == "malformed"
    # Nothing was recorded: the question can still be answered.
    assert answer(fan, question)["correct"] is True


def test_a_body_that_is_not_json_is_refused(quiz, fan):
    fan.visit("acme", "trivia")
    fan.call("start", {})
    response = fan.post(
        fan.quiz_url + "answer", data="choice=1", headers={"X-CSRFToken": fan.token}
    )
    assert response.status_code == 400 and "JSON" in response.get_json()["error"]


def test_a_choice_of_another_question_is_refused(quiz, fan):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    attempt = db.session.get(QuizAttempt, question["attempt_id"])
    other = attempt.snapshot["questions"][1]["choices"][0]["id"]
    refused = fan.call(
        "answer", {"question_id": question["question_id"], "choice_ids": [other]}, expect=400
    )
    assert "another question" in refused["error"]


def test_a_choice_of_another_quiz_is_refused(quiz, brand, fan, clock):
    other = quizzes.trivia(brand, "other", now=clock.now())
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    foreign_choice = content.questions(other.id)[0].choices[0].id
    refused = fan.call(
        "answer",
        {"question_id": question["question_id"], "choice_ids": [foreign_choice]},
        expect=400,
    )
    assert "another quiz" in refused["error"]


def test_a_question_of_another_quiz_is_refused(quiz, brand, fan, clock):
    other = quizzes.trivia(brand, "other", now=clock.now())
    fan.visit("acme", "trivia")
    fan.call("start", {})
    foreign = content.questions(other.id)[0]
    refused = fan.call(
        "answer", {"question_id": foreign.id, "choice_ids": [foreign.choices[0].id]}, expect=409
    )
    assert refused["code"] == "unknown_question"


def test_a_draft_quiz_cannot_be_played(brand, fan, clock):
    quizzes.trivia(brand, status="draft", now=clock.now())
    fan.visit("acme", "trivia")
    assert fan.call("state")["open"] is False
    refused = fan.call("start", {}, expect=403)
    assert refused["code"] == "not_live"


def test_answers_after_the_end_are_refused(quiz, fan, clock):
    quiz.ends_at = clock.now() + timedelta(minutes=1)
    db.session.commit()
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    clock.advance(61)
    refused = answer(fan, question, expect=403)
    assert refused["code"] == "ended" and "ended" in refused["error"]
    assert db.session.query(QuizAnswer).filter(QuizAnswer.answered_at.is_not(None)).count() == 0


def test_answers_while_paused_are_refused(quiz, fan):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    quiz.status = "closed"
    db.session.commit()
    assert answer(fan, question, expect=403)["code"] == "not_live"


def test_post_without_csrf_token_is_refused(quiz, fan):
    fan.visit("acme", "trivia")
    response = fan.post(fan.quiz_url + "start", json={})
    assert response.status_code == 400 and response.get_json()["code"] == "csrf"
    assert db.session.query(QuizAttempt).count() == 0


def test_unknown_brand_or_campaign_or_other_kind_is_404(quiz, brand, fan):
    make_campaign(brand, "notaquiz")
    db.session.commit()
    for url in ("/e/nope/trivia/quiz/", "/e/acme/nope/quiz/", "/e/acme/notaquiz/quiz/"):
        assert fan.get(url).status_code == 404


def test_engagement_events_and_points_of_a_perfect_game(quiz, fan):
    fan.visit("acme", "trivia")
    result = play(fan, right=True)
    profile = fan_of(result["attempt_id"])
    kinds = [e.type for e in events(profile)]
    assert kinds.count("quiz_started") == 1
    assert kinds.count("answer_correct") == 3
    assert kinds.count("quiz_completed") == 1
    assert kinds.count("perfect_score") == 1
    # 5 started + 3 x 2 correct + 10 completed + 20 perfect, all on the participation axis.
    assert result["points"] == 41
    assert profile.participation >= 41 and profile.influence == 0
    assert result["campaign_points"] == 41
    assert result["campaign_rank"] == {"rank": 1, "points": 41}
    assert result["brand_rank"]["rank"] == 1
    assert all(e.campaign_id == quiz.id for e in events(profile) if e.type != "campaign_viewed")


def test_the_result_ranks_fans_against_each_other(quiz, new_fan):
    first, second = new_fan(), new_fan()
    first.visit("acme", "trivia")
    second.visit("acme", "trivia")
    play(first, right=True)
    result = play(second, right=False)
    assert result["score"] == 0
    assert result["campaign_rank"]["rank"] == 2


def test_the_view_beacon_counts_once_per_fan(quiz, fan):
    fan.visit("acme", "trivia")
    fan.call("view", {})
    fan.call("view", {})
    started = fan.call("start", {})["question"]
    assert len(events(fan_of(started["attempt_id"]), "campaign_viewed")) == 1


def test_state_resumes_the_question_in_play(quiz, fan, clock):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    state = fan.call("state")
    assert state["question"]["question_id"] == question["question_id"]
    # Starting again resumes the attempt instead of opening a second one.
    again = fan.call("start", {})["question"]
    assert again["attempt_id"] == question["attempt_id"]
    assert db.session.query(QuizAttempt).count() == 1


def test_between_questions_state_and_next(quiz, fan):
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    answer(fan, question)
    assert fan.call("state")["between_questions"] is True
    nxt = fan.call("next", {})
    assert nxt["question"]["number"] == 2
    # Asking again gives the same question, not the one after.
    assert fan.call("next", {})["question"]["question_id"] == nxt["question"]["question_id"]


def test_a_refused_first_action_leaves_no_guest_behind(brand, new_fan, clock):
    """The guest made for a refused action is rolled back, and the cookie forgets it too."""
    quizzes.trivia(brand, status="draft", now=clock.now())
    quizzes.poll(brand, now=clock.now())
    refused, other = new_fan(), new_fan()
    refused.visit("acme", "trivia")
    refused.call("start", {}, expect=403)
    other.visit("acme", "poll")
    other.call("view", {})  # a new guest, who may get the id the refused one had
    refused.visit("acme", "poll")
    refused.call("view", {})
    viewers = db.session.scalars(
        select(EngagementEvent.fan_id).where(EngagementEvent.type == "campaign_viewed")
    ).all()
    assert len(set(viewers)) == 2
