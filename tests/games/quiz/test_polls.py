"""Polls: one vote per fan per question (held by the database), counts once the fan has voted."""

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import EngagementEvent
from games.quiz import content
from games.quiz.models import QuizPollVote
from tests.factories import make_brand, make_fan
from tests.games.quiz import quizzes
from tests.games.quiz.conftest import Fan


def questions(campaign):
    return content.questions(campaign.id)


def test_counts_show_only_after_voting(brand, new_fan, clock):
    poll = quizzes.poll(brand, now=clock.now())
    season, drink = questions(poll)
    early = new_fan()
    early.visit("acme", "poll")
    early.call("vote", {"question_id": season.id, "choice_id": season.choices[1].id})

    fan = new_fan()
    fan.visit("acme", "poll")
    state = fan.call("state")
    assert [q["question_id"] for q in state["questions"]] == [season.id, drink.id]
    assert all("counts" not in q for q in state["questions"])

    voted = fan.call("vote", {"question_id": season.id, "choice_id": season.choices[1].id})
    assert voted["voted_choice_id"] == season.choices[1].id
    assert voted["counts"] == {
        str(season.choices[0].id): 0,
        str(season.choices[1].id): 2,
        str(season.choices[2].id): 0,
    }
    assert voted["total"] == 2
    state = fan.call("state")
    assert state["questions"][0]["counts"][str(season.choices[1].id)] == 2
    assert "counts" not in state["questions"][1]


def test_a_second_vote_is_refused_and_not_counted(brand, fan, clock):
    poll = quizzes.poll(brand, now=clock.now())
    season = questions(poll)[0]
    fan.visit("acme", "poll")
    fan.call("vote", {"question_id": season.id, "choice_id": season.choices[0].id})
    refused = fan.call(
        "vote", {"question_id": season.id, "choice_id": season.choices[2].id}, expect=409
    )
    assert refused["code"] == "replay" and "already voted" in refused["error"]
    assert db.session.scalar(select(func.count()).select_from(QuizPollVote)) == 1
    events = db.session.scalars(select(EngagementEvent).where(EngagementEvent.type == "poll_voted"))
    assert [e.points for e in events] == [3]


def test_votes_on_other_questions_or_choices_are_refused(brand, fan, clock):
    poll = quizzes.poll(brand, now=clock.now())
    other_poll = quizzes.poll(brand, "other", now=clock.now())
    season, drink = questions(poll)
    foreign = questions(other_poll)[0]
    fan.visit("acme", "poll")
    cases = [
        ({"question_id": season.id, "choice_id": drink.choices[0].id}, "not one of this question"),
        ({"question_id": foreign.id, "choice_id": foreign.choices[0].id}, "not part of this poll"),
        ({"question_id": season.id}, "Pick one choice"),
        ({"question_id": season.id, "choice_id": "1"}, "Pick one choice"),
        ({"question_id": str(season.id), "choice_id": season.choices[0].id}, "not part of"),
    ]
    for body, message in cases:
        refused = fan.call("vote", body, expect=400)
        assert message in refused["error"], body
    assert db.session.scalar(select(func.count()).select_from(QuizPollVote)) == 0


def test_a_poll_cannot_be_voted_when_closed_nor_a_trivia_voted_on(brand, fan, clock):
    poll = quizzes.poll(brand, now=clock.now())
    trivia = quizzes.trivia(brand, now=clock.now())
    poll.status = "closed"
    db.session.commit()
    season = questions(poll)[0]
    fan.visit("acme", "poll")
    assert (
        fan.call("vote", {"question_id": season.id, "choice_id": season.choices[0].id}, expect=403)[
            "code"
        ]
        == "not_live"
    )
    fan.visit("acme", "trivia")
    question = questions(trivia)[0]
    assert (
        fan.call(
            "vote", {"question_id": question.id, "choice_id": question.choices[0].id}, expect=400
        )["code"]
        == "not_poll"
    )
    fan.visit("acme", "poll")
    assert fan.call("start", {}, expect=403)["code"] == "not_live"


def test_the_database_holds_one_vote_per_fan_and_question(any_app, clock):
    brand = make_brand()
    poll = quizzes.poll(brand, now=clock.now())
    fan = make_fan(brand)
    season, drink = questions(poll)
    db.session.add(
        QuizPollVote(
            campaign_id=poll.id,
            question_id=season.id,
            choice_id=season.choices[0].id,
            fan_id=fan.id,
        )
    )
    db.session.commit()
    for bad in (
        # Twice on one question.
        QuizPollVote(
            campaign_id=poll.id,
            question_id=season.id,
            choice_id=season.choices[1].id,
            fan_id=fan.id,
        ),
        # A choice of another question.
        QuizPollVote(
            campaign_id=poll.id, question_id=drink.id, choice_id=season.choices[1].id, fan_id=fan.id
        ),
    ):
        db.session.add(bad)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@pytest.mark.postgres
def test_concurrent_votes_of_one_fan_count_once(pg_app, clock):
    brand = make_brand("acme")
    poll = quizzes.poll(brand, now=clock.now())
    season = questions(poll)[0]
    db.session.commit()
    pg_app.test_client_class = Fan
    first = pg_app.test_client()
    first.visit("acme", "poll")
    first.call("view", {})  # the fan exists before the race
    cookie = first.get_cookie("sf_fan")
    browsers = []
    for _ in range(8):
        browser = pg_app.test_client()
        browser.set_cookie(cookie.key, cookie.value)
        browser.quiz_url, browser.token = first.quiz_url, first.token
        browsers.append(browser)

    start = threading.Barrier(len(browsers))
    statuses = []

    def vote(browser, choice):
        with pg_app.app_context():
            start.wait()
            response = browser.post(
                browser.quiz_url + "vote",
                json={"question_id": season.id, "choice_id": choice},
                headers={"X-CSRFToken": browser.token},
            )
            statuses.append(response.status_code)

    threads = [
        threading.Thread(target=vote, args=(b, season.choices[n % 3].id))
        for n, b in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * (len(browsers) - 1)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(QuizPollVote)) == 1
    assert db.session.scalar(select(func.count()).where(EngagementEvent.type == "poll_voted")) == 1


def test_fans_voting_at_the_same_moment_all_count(any_app, clock):
    """Many first-time fans at once: each becomes a guest and votes, none gets an error.

    On SQLite this is the embedded default's threaded server: a transaction that read and
    then wants to write must not lose the race for the write lock.
    """
    brand = make_brand("acme")
    poll = quizzes.poll(brand, now=clock.now())
    season = questions(poll)[0]
    question_id, choice_ids = season.id, [choice.id for choice in season.choices]
    db.session.commit()
    any_app.test_client_class = Fan
    fans = [any_app.test_client() for _ in range(8)]
    for fan in fans:
        fan.visit("acme", "poll")
    start = threading.Barrier(len(fans))
    statuses = []

    def vote(fan, choice):
        with any_app.app_context():
            start.wait()
            response = fan.post(
                fan.quiz_url + "vote",
                json={"question_id": question_id, "choice_id": choice},
                headers={"X-CSRFToken": fan.token},
            )
            statuses.append(response.status_code)

    threads = [
        threading.Thread(target=vote, args=(fan, choice_ids[n % 3])) for n, fan in enumerate(fans)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(fans)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(QuizPollVote)) == len(fans)
