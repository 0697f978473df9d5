"""Fixtures for quizzes: a brand, fan and staff browsers."""

import re

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.identity.staff_accounts import hash_password
from app.models import Membership, User
from tests.factories import make_brand

PASSWORD = "correct horse battery"
QUIZ_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser(FlaskClient):
    """A browser: each request in its own app context, as in production (fresh `g`, session).

    The test's rows are committed first so the request sees them and SQLite is not locked.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


class Fan(Browser):
    """A fan's browser on one quiz: the play page gives the CSRF token the script sends."""

    quiz_url = ""
    token = None

    def visit(self, brand_slug: str, campaign_slug: str, query: str = "") -> str:
        self.quiz_url = f"/e/{brand_slug}/{campaign_slug}/quiz/"
        page = self.get(self.quiz_url + query)
        assert page.status_code == 200, page.status_code
        self.token = QUIZ_CSRF.search(page.get_data(as_text=True))[1]
        return page.get_data(as_text=True)

    def call(self, path: str, body: dict | None = None, *, expect: int | None = 200):
        """POST JSON (with the CSRF header) or GET; checks the status, returns the JSON."""
        if body is None:
            response = self.get(self.quiz_url + path)
        else:
            response = self.post(
                self.quiz_url + path, json=body, headers={"X-CSRFToken": self.token}
            )
        if expect is not None:
            assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()


class Staff(Browser):
    def login(self, email: str) -> None:
        page = self.get("/console/login").get_data(as_text=True)
        response = self.post(
            "/console/login",
            data={"csrf_token": FORM_CSRF.search(page)[1], "email": email, "password": PASSWORD},
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    def form_token(self, url: str) -> str:
        return FORM_CSRF.search(self.get(url, follow_redirects=True).get_data(as_text=True))[1]

    def submit(self, url: str, data: dict | None = None, *, page: str, **kwargs):
        return self.post(url, data={"csrf_token": self.form_token(page), **(data or {})}, **kwargs)


@pytest.fixture
def brand(app):
    brand = make_brand(
        "acme", name="Acme Coffee", theme={"primary": "#7a3e1d", "accent": "#f2b134"}
    )
    db.session.commit()
    return brand


@pytest.fixture
def new_fan(app):
    """Make another fan's browser (a fresh session each)."""

    def make() -> Fan:
        app.test_client_class = Fan
        return app.test_client()

    return make


@pytest.fixture
def fan(new_fan) -> Fan:
    return new_fan()


def staff_user(brand, role: str, email: str | None = None) -> User:
    user = User(
        email=email or f"{role}@acme.example",
        display_name=role.title(),
        password_hash=hash_password(PASSWORD),
    )
    db.session.add(user)
    db.session.flush()
    if role != "none":
        db.session.add(Membership(brand_id=brand.id, user_id=user.id, role=role))
    db.session.commit()
    return user


@pytest.fixture
def staff(app, brand):
    """A signed-in staff browser with the given role in the brand ('none': not a member)."""

    def make(role: str = "owner") -> Staff:
        user = staff_user(brand, role)
        app.test_client_class = Staff
        browser = app.test_client()
        browser.login(user.email)
        return browser

    return make
