"""A fan plays a trivia quiz to the end inside the iframe a brand's site embeds."""

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Brand, utcnow
from tests.browser.conftest import host_page
from tests.games.quiz import quizzes


def test_a_fan_plays_trivia_in_the_embedded_iframe_and_sees_score_and_rank(context, live, sites):
    site = sites()
    live.seed(site.url)
    with live.app.app_context():
        brand = db.session.scalar(select(Brand).where(Brand.slug == "acme"))
        quizzes.trivia(brand, now=utcnow())
        db.session.commit()
    site.pages["/"] = host_page(live.snippet(campaign="trivia"))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(site.url + "/")
    quiz = page.frame_locator("iframe[data-superfan]")
    page.evaluate("window.hostNotReloaded = true")
    quiz.get_by_role("button", name="Start the quiz").click()
    expect(quiz.get_by_text("Question 1 of 3")).to_be_visible()
    quiz.get_by_role("button", name="4", exact=True).click()
    expect(quiz.get_by_text("Correct!")).to_be_visible()
    quiz.get_by_role("button", name="Next question").click()
    expect(quiz.get_by_text("Question 2 of 3")).to_be_visible()
    quiz.get_by_role("button", name="Paris").click()
    expect(quiz.get_by_text("Correct!")).to_be_visible()
    quiz.get_by_role("button", name="Next question").click()
    quiz.get_by_label("2").check()
    quiz.get_by_label("3").check()
    quiz.get_by_role("button", name="Answer", exact=True).click()
    quiz.get_by_role("button", name="See my result").click()

    expect(quiz.get_by_text("3 correct answers out of 3")).to_be_visible()
    expect(quiz.get_by_text("Rank #1 in this quiz")).to_be_visible()
    assert page.evaluate("window.hostNotReloaded") is True
    assert errors == []
