"""A real browser plays quizzes on the hosted page: one question per screen, no page reload."""

import threading
from typing import NamedTuple

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app.extensions import db
from app.models import EngagementEvent, FanProfile, utcnow
from games.quiz.attempts import event_ref
from games.quiz.models import QuizAttempt
from tests.conftest import build_app
from tests.factories import make_brand
from tests.games.quiz import quizzes


class Site(NamedTuple):
    url: str
    app: Flask


@pytest.fixture
def site(sqlite_url):
    """The app on a real server, with one brand holding a trivia quiz and a poll."""
    app = build_app(sqlite_url)
    with app.app_context():
        brand = make_brand("acme", name="Acme", theme={"primary": "#7a3e1d", "accent": "#f2b134"})
        quizzes.trivia(brand, now=utcnow(), attempts="unlimited")
        quizzes.poll(brand, now=utcnow())
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Site(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def test_a_fan_plays_trivia_screen_by_screen(site, page):
    page.goto(f"{site.url}/e/acme/trivia")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_text("Question 1 of 3").wait_for()
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_text("Correct!").wait_for()
    page.get_by_text("Arithmetic.").wait_for()
    # The quiz's own number is a score: "points" are only what the fan card counts.
    feedback = page.locator("[data-screen=feedback]")
    assert "to your quiz score" in feedback.inner_text()
    assert "point" not in feedback.inner_text().lower()
    page.get_by_role("button", name="Next question").click()
    page.get_by_text("Question 2 of 3").wait_for()
    page.get_by_role("button", name="Lyon").click()
    page.get_by_text("Not quite.").wait_for()
    page.get_by_text("Answer: Paris").wait_for()
    page.get_by_role("button", name="Next question").click()
    page.get_by_label("2").check()
    page.get_by_label("3").check()
    page.get_by_role("button", name="Answer", exact=True).click()
    page.get_by_role("button", name="See my result").click()
    page.get_by_text("2 correct answers out of 3").wait_for()
    page.get_by_text("Rank #1 in this quiz").wait_for()
    result = page.locator("[data-screen=result]")
    with site.app.app_context():
        attempt = db.session.scalars(select(QuizAttempt)).one()
        earned = db.session.scalar(
            select(func.sum(EngagementEvent.points)).where(
                EngagementEvent.ref == event_ref(attempt)
            )
        )
    assert f"Quiz score {attempt.score} (your best)" in result.inner_text()
    assert result.locator(".quiz-earned").inner_text() == (
        f"You earned {earned} points for your fan card"
    )
    assert page.evaluate("window.notReloaded") is True
    page.get_by_role("button", name="Share my result").click()
    link = page.locator("a[href*='/quiz/s/']")
    link.wait_for()
    assert "?ref=" in link.get_attribute("href")

    # A reload resumes where the fan is: the result.
    page.reload()
    page.get_by_text("2 correct answers out of 3").wait_for()


def test_a_fan_votes_and_sees_the_counts(site, page):
    page.goto(f"{site.url}/e/acme/poll")
    page.get_by_role("button", name="Summer").click()
    page.get_by_text("100% (1)").wait_for()
    assert page.get_by_role("button", name="Spring").count() == 0
    page.get_by_role("button", name="Tea").wait_for()
    # The page view and the quick first vote made one guest, who holds both events.
    with site.app.app_context():
        fans = db.session.scalars(select(FanProfile)).all()
        assert len(fans) == 1
        events = db.session.scalars(select(EngagementEvent.type).order_by(EngagementEvent.id))
        assert set(events) >= {"campaign_viewed", "poll_voted"}
