"""A marketer edits a quiz in a real browser: one form per question, choices added in place,
the right answer picked beside its choice, and a delete that asks first."""

import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.extensions import db
from app.models import Campaign, utcnow
from games.quiz import content
from tests.conftest import build_app
from tests.factories import make_brand
from tests.games.conftest import PASSWORD, staff_user
from tests.games.quiz import quizzes


@pytest.fixture
def editor(sqlite_url, browser):
    """A live app holding a draft trivia quiz, and a page signed in as the brand's owner."""
    app = build_app(sqlite_url)
    with app.app_context():
        brand = make_brand("acme", name="Acme", theme={"primary": "#7a3e1d", "accent": "#f2b134"})
        quiz = quizzes.trivia(brand, status="draft", now=utcnow())
        owner = staff_user(brand, "owner")
        quiz_id, email = quiz.id, owner.email
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}/console/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{url}/console/acme/quizzes/{quiz_id}/questions")
    yield page, app, quiz_id
    context.close()
    server.shutdown()
    server.server_close()
    with app.app_context():
        db.engine.dispose()
    assert errors == []


def test_a_question_is_written_with_its_choices_in_one_form(editor):
    page, app, quiz_id = editor
    new = page.locator("#question-new")
    new.get_by_role("textbox", name="Question required").fill("Which planet is the largest?")
    for number, text in enumerate(("Mercury", "Venus", "Earth", "Mars"), start=1):
        new.get_by_label(f"Choice {number}", exact=True).fill(text)
    new.get_by_role("button", name="Add a choice").click()
    new.get_by_label("Choice 5", exact=True).fill("Jupiter")
    new.get_by_label("Right answer").nth(4).check()
    new.get_by_role("button", name="Add the question").click()
    page.get_by_text("Question added.").wait_for()

    with app.app_context():
        added = content.questions(quiz_id)[-1]
        assert added.text == "Which planet is the largest?"
        assert [(c.text, c.correct) for c in added.choices] == [
            ("Mercury", False),
            ("Venus", False),
            ("Earth", False),
            ("Mars", False),
            ("Jupiter", True),
        ]
    saved = page.locator(f"#question-{added.id}")
    assert saved.get_by_label("Choice 5", exact=True).input_value() == "Jupiter"
    assert saved.get_by_label("Right answer").nth(4).is_checked()


def test_deleting_a_question_asks_first(editor):
    page, app, quiz_id = editor
    first = page.locator("article.quiz-card").filter(has_text="Question 1").first
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    first.get_by_role("button", name="Delete this question").click()
    assert questions == ["Delete question 1 and its choices?"]
    with app.app_context():
        assert len(content.questions(quiz_id)) == 3

    page.once("dialog", lambda dialog: dialog.accept())
    first.get_by_role("button", name="Delete this question").click()
    page.get_by_text("Question deleted.").wait_for()
    with app.app_context():
        assert [q.text for q in content.questions(quiz_id)] == [
            "Capital of France?",
            "Pick the primes",
        ]
        assert db.session.scalar(select(Campaign.status).where(Campaign.id == quiz_id)) == "draft"
