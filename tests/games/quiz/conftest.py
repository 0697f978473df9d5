"""Fixtures for quiz tests: the brand, fans' browsers on a quiz, signed-in staff."""

import re

import pytest

from app.extensions import db
from tests.factories import make_brand
from tests.games.conftest import Browser, Staff, staff_user

QUIZ_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


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
