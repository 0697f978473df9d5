"""Fixtures for the console: a test client that behaves like a browser, staff, forms, mail."""

import email
import re

import pytest

from app.extensions import db
from app.identity.staff_accounts import hash_password
from app.models import Membership, User
from tests import outbox
from tests.conftest import TEST_KIND_PACKAGES, IsolatedClient, _app_context, build_app
from tests.factories import make_brand, make_campaign

PASSWORD = "correct horse battery"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
LINK = re.compile(r"https?://\S+")


class ConsoleClient(IsolatedClient):
    """A staff member's browser: forms submitted with their CSRF token, signing in."""

    def csrf_token(self, **kwargs) -> str:
        """A valid CSRF token for this browser's session, read from a page's form."""
        page = self.get("/console/login", follow_redirects=True, **kwargs)
        return TOKEN.search(page.get_data(as_text=True)).group(1)

    def submit(self, url: str, data: dict | None = None, **kwargs):
        """POST a form the way the page would: with the session's CSRF token."""
        token = self.csrf_token(headers=kwargs.get("headers"))
        return self.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)

    def login(self, email: str, password: str = PASSWORD):
        response = self.submit("/console/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response


def make_client(app) -> ConsoleClient:
    app.test_client_class = ConsoleClient
    return app.test_client()


@pytest.fixture
def client(app) -> ConsoleClient:
    return make_client(app)


@pytest.fixture
def pg_client(pg_app) -> ConsoleClient:
    return make_client(pg_app)


@pytest.fixture
def kind_app(sqlite_url):
    """The SQLite app with a campaign kind that plugs console pages into the shell."""
    app = build_app(sqlite_url, KIND_PACKAGES=(*TEST_KIND_PACKAGES, "tests.console.console_kind"))
    yield from _app_context(app)


@pytest.fixture
def brand(app):
    """The brand "acme" (named Acme) and its owner, boss@acme.test."""
    brand = make_brand("acme", name="Acme")
    make_user("boss@acme.test", brand=brand)
    return brand


@pytest.fixture
def owner_client(client, brand):
    """The owner of `brand`, signed in."""
    client.login("boss@acme.test")
    return client


def make_user(email: str, *, password: str | None = PASSWORD, brand=None, role="owner") -> User:
    """A staff user (committed, so requests see it), optionally a member of `brand`."""
    user = User(
        email=email,
        display_name=email.split("@")[0].title(),
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    if brand is not None:
        db.session.add(Membership(brand_id=brand.id, user_id=user.id, role=role))
    db.session.commit()
    return user


def add_member(brand, user, role: str) -> None:
    db.session.add(Membership(brand_id=brand.id, user_id=user.id, role=role))
    db.session.commit()


def last_email(app, to: str) -> email.message.Message:
    """The newest message the app wrote to the outbox for this address."""
    sent = outbox.messages(app, to)
    assert sent, f"no email to {to}"
    return sent[-1]


def link_in(message: email.message.Message) -> str:
    """The path of the first link in a plain-text email."""
    body = message.get_payload(decode=True).decode()
    url = LINK.search(body).group(0)
    return "/" + url.split("/", 3)[3]


def emails_to(app, to: str) -> int:
    return len(outbox.messages(app, to))


def console_campaign(brand, slug: str, **fields):
    """A campaign of the kind whose console pages tests/console/console_kind.py adds."""
    campaign = make_campaign(brand, slug, **fields)
    campaign.kind = "test.console"
    db.session.flush()
    return campaign
