"""Quiz rules through HTTP: server-side timing, speed bonus, sudden death, attempts, snapshots."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.campaigns import get_kind
from app.extensions import db
from app.models import utcnow
from games.quiz import content, questions
from games.quiz.models import QuizAnswer, QuizAttempt, QuizChoice, QuizQuestion
from games.quiz.questions import ChoiceDraft, QuestionDraft
from tests.factories import make_brand
from tests.games.quiz import quizzes
from tests.games.quiz.conftest import Fan
from tests.games.quiz.helpers import answer, events, fan_of, play, right_choices

TIMED = [
    ("Fast one", [("Yes", True), ("No", False)], {"time_limit": 10}),
    ("Slow one", [("Yes", True), ("No", False)], {"time_limit": 10}),
]


def test_the_clock_runs_on_the_server_from_when_the_question_is_served(brand, fan, clock):
    quizzes.trivia(brand, questions=TIMED, now=clock.now())
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    assert question["time_limit"] == 10 and question["seconds_left"] == 10
    clock.advance(4)
    # Reloading does not restart the clock.
    assert fan.call("state")["question"]["seconds_left"] == 6
    clock.advance(6.9)  # 10.9 s: inside the second of grace for the network
    judged = answer(fan, question)
    assert judged["correct"] is True and judged["late"] is False

    question = fan.call("next", {})["question"]
    clock.advance(11.5)  # past the limit and the grace
    judged = answer(fan, question)
    assert judged["late"] is True and judged["correct"] is False and judged["score_gained"] == 0
    assert judged["correct_choice_ids"] == right_choices(question["question_id"])
    row = db.session.scalar(
        select(QuizAnswer).where(QuizAnswer.question_id == question["question_id"])
    )
    assert row.late is True and row.points == 0
    assert (row.answered_at - row.served_at).total_seconds() == 11.5
    # A late correct answer earns no engagement point for it either.
    assert len(events(fan_of(judged["attempt_id"]), "answer_correct")) == 1


def test_the_browser_clock_is_not_trusted(brand, fan, clock):
    """A client that claims it answered in time is judged by the server's served_at."""
    quizzes.trivia(brand, questions=TIMED, now=clock.now())
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    clock.advance(30)
    body = {
        "question_id": question["question_id"],
        "choice_ids": right_choices(question["question_id"]),
        "answered_at": clock.now().isoformat(),
        "seconds": 1,
    }
    assert fan.call("answer", body)["late"] is True


def test_time_out_is_accepted_only_once_the_time_is_up(brand, fan, clock):
    quizzes.trivia(brand, questions=TIMED, now=clock.now(), sudden_death=True)
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    clock.advance(5)
    refused = fan.call("timeout", {"question_id": question["question_id"]}, expect=409)
    assert refused["code"] == "not_late"
    clock.advance(7)
    judged = fan.call("timeout", {"question_id": question["question_id"]})
    assert judged["late"] is True and judged["correct"] is False
    # Under sudden death, running out of time ends the game like a wrong answer.
    assert judged["finished"] is True and judged["ended_by"] == "sudden_death"


def test_speed_bonus_shrinks_with_the_time_taken(brand, fan, clock):
    quizzes.trivia(brand, questions=TIMED, now=clock.now(), speed_bonus=50)
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    clock.advance(2)  # 8 of 10 seconds left: 80% of the bonus
    assert answer(fan, question)["score_gained"] == 140
    question = fan.call("next", {})["question"]
    clock.advance(10)  # no time left: base points only
    assert answer(fan, question)["score_gained"] == 100


def test_sudden_death_ends_at_the_first_wrong_answer(brand, fan, clock):
    quizzes.trivia(brand, now=clock.now(), sudden_death=True)
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    judged = answer(fan, question, right=False)
    assert judged["finished"] is True and judged["ended_by"] == "sudden_death"
    refused = fan.call("next", {}, expect=409)
    assert refused["code"] == "no_attempt"
    result = fan.call(f"result?attempt={judged['attempt_id']}")
    assert result["ended_by"] == "sudden_death" and result["correct_count"] == 0
    profile = fan_of(judged["attempt_id"])
    assert len(events(profile, "quiz_completed")) == 1 and not events(profile, "perfect_score")


def test_without_sudden_death_a_wrong_answer_goes_on(brand, fan, clock):
    quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    assert answer(fan, fan.call("start", {})["question"], right=False)["finished"] is False


@pytest.mark.parametrize(
    ("rules", "plays", "message"),
    [
        ({"attempts": "once"}, 1, "already played"),
        ({"attempts": "count", "max_attempts": 2}, 2, "all 2 of your attempts"),
    ],
)
def test_attempt_limits(brand, fan, clock, rules, plays, message):
    quizzes.trivia(brand, now=clock.now(), **rules)
    fan.visit("acme", "trivia")
    for _ in range(plays):
        play(fan)
    refused = fan.call("start", {}, expect=403)
    assert refused["code"] == "limit" and message in refused["error"]
    assert db.session.query(QuizAttempt).count() == plays


def test_once_a_day_follows_the_brands_calendar(brand, fan, clock):
    brand.timezone = "Europe/Paris"
    quizzes.trivia(brand, now=clock.now(), attempts="daily")
    # 21:30 UTC is 22:30 or 23:30 in Paris: the next local day starts within a few hours.
    clock.set(clock.now().replace(hour=21, minute=30))
    fan.visit("acme", "trivia")
    play(fan)
    clock.advance(60)
    assert "come back tomorrow" in fan.call("start", {}, expect=403)["error"]
    clock.advance(3 * 3600)  # past local midnight, though still the same UTC day or not
    play(fan)
    assert db.session.query(QuizAttempt).count() == 2


def test_unlimited_attempts_and_the_best_one_counts(brand, fan, clock):
    quizzes.trivia(brand, now=clock.now(), attempts="unlimited")
    fan.visit("acme", "trivia")
    first = play(fan, right=lambda q: q["number"] == 1)
    assert first["score"] == 100 and first["is_best"] is True
    second = play(fan, right=True)
    assert second["score"] == 300 and second["is_best"] is True
    third = play(fan, right=False)
    assert third["score"] == 0 and third["best_score"] == 300 and third["is_best"] is False
    profile = fan_of(third["attempt_id"])
    # Correct-answer points follow the best attempt (3 correct), not the sum (4).
    assert len(events(profile, "answer_correct")) == 3
    assert len(events(profile, "quiz_started")) == 3
    assert len(events(profile, "perfect_score")) == 1


def test_an_edit_while_fans_play_leaves_their_attempt_as_served(brand, fan, clock):
    quiz = quizzes.trivia(brand, now=clock.now(), attempts="unlimited")
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    old_right = right_choices(question["question_id"])
    # Staff change which answer is right, and the wording, while the fan is on the question.
    q = db.session.get(QuizQuestion, question["question_id"])
    rows = tuple(ChoiceDraft(c.id, c.text, correct=c.id not in old_right) for c in q.choices)
    questions.save_question(quiz, q, QuestionDraft("Changed?", explanation="New", choices=rows))
    db.session.commit()

    assert fan.call("state")["question"]["text"] == "2 + 2?"
    judged = fan.call("answer", {"question_id": question["question_id"], "choice_ids": old_right})
    assert judged["correct"] is True and judged["explanation"] == "Arithmetic."
    # A new attempt gets the new version.
    while not judged["finished"]:
        nxt = fan.call("next", {})["question"]
        judged = answer(fan, nxt)
    fresh = fan.call("start", {})["question"]
    assert fresh["text"] == "Changed?"


def test_shuffled_order_is_drawn_per_attempt_and_kept(brand, new_fan, clock):
    many = [(f"Q{n}", [(f"A{n}", True), (f"B{n}", False), (f"C{n}", False)], {}) for n in range(8)]
    quizzes.trivia(
        brand, questions=many, now=clock.now(), shuffle_questions=True, shuffle_choices=True
    )
    orders = set()
    for _ in range(6):
        fan = new_fan()
        fan.visit("acme", "trivia")
        first = fan.call("start", {})["question"]
        attempt = db.session.get(QuizAttempt, first["attempt_id"])
        order = tuple(q["id"] for q in attempt.snapshot["questions"])
        orders.add(order)
        # Every request of this attempt serves that same order, choices included.
        assert first["question_id"] == order[0]
        assert fan.call("state")["question"]["choices"] == first["choices"]
        assert [c["id"] for c in first["choices"]] == [
            c["id"] for c in attempt.snapshot["questions"][0]["choices"]
        ]
        answer(fan, first)
        assert fan.call("next", {})["question"]["question_id"] == order[1]
    assert len(orders) > 1


def test_without_shuffling_the_builders_order_is_served(brand, fan, clock):
    quiz = quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    first = fan.call("start", {})["question"]
    expected = content.questions(quiz.id)[0]
    assert first["question_id"] == expected.id
    assert [c["id"] for c in first["choices"]] == [c.id for c in expected.choices]


def test_close_hook_finishes_attempts_left_in_play(brand, fan, clock):
    quiz = quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    attempt_id = fan.call("start", {})["question"]["attempt_id"]
    get_kind(quiz.kind).close(quiz)
    db.session.commit()
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.ended_by == "closed" and attempt.finished_at is not None


def test_a_question_served_twice_at_once_keeps_one_clock(brand, fan, clock):
    """Two tabs asking for the next question get the same one, served once."""
    quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    answer(fan, fan.call("start", {})["question"])
    one = fan.call("next", {})["question"]
    clock.advance(3)
    two = fan.call("next", {})["question"]
    assert one["question_id"] == two["question_id"] and two["seconds_left"] is None
    assert db.session.query(QuizAnswer).count() == 2


def test_choices_of_edited_quiz_are_checked_against_the_snapshot(brand, fan, clock):
    """A choice added after the fan started is not part of their question."""
    quiz = quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    question = fan.call("start", {})["question"]
    late_choice = QuizChoice(
        question_id=question["question_id"], position=9, text="New", correct=True
    )
    db.session.add(late_choice)
    db.session.commit()
    refused = fan.call(
        "answer",
        {"question_id": question["question_id"], "choice_ids": [late_choice.id]},
        expect=400,
    )
    assert "not this question" in refused["error"]
    assert quiz.status == "live"


def test_attempt_started_before_start_date_is_refused(brand, fan, clock):
    quiz = quizzes.trivia(brand, now=clock.now())
    quiz.starts_at = clock.now() + timedelta(hours=1)
    db.session.commit()
    fan.visit("acme", "trivia")
    assert fan.call("start", {}, expect=403)["code"] == "not_live"


@pytest.mark.postgres
def test_the_same_answer_sent_at_once_counts_once(pg_app):
    """Several tabs answer the served question at the same moment: one answer is kept."""
    brand = make_brand("acme")
    quizzes.trivia(brand, now=utcnow())
    pg_app.test_client_class = Fan
    first = pg_app.test_client()
    first.visit("acme", "trivia")
    question = first.call("start", {})["question"]
    picks = right_choices(question["question_id"])
    cookie = first.get_cookie("sf_fan")
    tabs = []
    for _ in range(6):
        tab = pg_app.test_client()
        tab.set_cookie(cookie.key, cookie.value)
        tab.quiz_url, tab.token = first.quiz_url, first.token
        tabs.append(tab)
    start = threading.Barrier(len(tabs))
    statuses = []

    def send(tab):
        with pg_app.app_context():
            start.wait()
            response = tab.post(
                tab.quiz_url + "answer",
                json={"question_id": question["question_id"], "choice_ids": picks},
                headers={"X-CSRFToken": tab.token},
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=send, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * (len(tabs) - 1)
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, question["attempt_id"])
    assert attempt.score == 100 and attempt.correct_count == 1
    assert len(events(fan_of(attempt.id), "answer_correct")) == 1
