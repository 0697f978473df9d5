"""Browsers and staff accounts that tests of several packages share; quiz fixtures: quiz/."""

import re

from flask.testing import FlaskClient

from app.extensions import db
from app.identity.staff_accounts import hash_password
from app.models import Membership, User

PASSWORD = "correct horse battery"
FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser(FlaskClient):
    """A browser: each request in its own app context, as in production (fresh `g`, session).

    The test's rows are committed first so the request sees them and SQLite is not locked.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


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
