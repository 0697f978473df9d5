"""While PostgreSQL does not answer: a 503 in the visitor's language with Retry-After, and a
stored action never turned into an error by what runs after its commit."""

import psycopg
import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.extensions import db
from app.fanpage import framing
from contests.photo.models import PhotoVote
from tests.conftest import build_app
from tests.contests.conftest import Fan, make_contest, photo
from tests.factories import make_brand
from tests.games.conftest import FORM_CSRF

pytestmark = pytest.mark.postgres

# Nothing listens on port 1: every connection is refused at once.
CLOSED = "postgresql+psycopg://postgres@127.0.0.1:1/superfan"
FRENCH = {"Accept-Language": "fr"}


@pytest.fixture
def dead_app():
    app: Flask = build_app(CLOSED)
    with app.app_context():
        yield app


def test_a_fan_page_says_so_in_french_with_retry_after(dead_app):
    response = dead_app.test_client().get("/e/acme/", headers=FRENCH)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "Momentanément indisponible" in page
    assert "été enregistré" in page


def test_the_fan_api_answers_json(dead_app):
    response = dead_app.test_client().post(
        "/e/acme/photos/photo/entries/1/vote", json={}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.get_json() == {
        "code": "unavailable",
        "error": "We cannot reach our database right now, so nothing was saved. "
        "Please try again in a minute.",
    }


def test_staff_get_the_same_in_the_console(dead_app):
    staff = dead_app.test_client()
    page = staff.get("/console/login", headers=FRENCH).get_data(as_text=True)
    response = staff.post(
        "/console/login",
        data={"csrf_token": FORM_CSRF.search(page)[1], "email": "a@example.com", "password": "x"},
        headers=FRENCH,
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Momentanément indisponible" in response.get_data(as_text=True)


def test_a_duplicate_is_still_an_ordinary_refusal_not_an_outage(pg_app):
    """Integrity errors are not outages: a second vote the same day is a 409, not a 503."""
    brand = make_brand("acme")
    db.session.commit()
    make_contest(brand, moderation="post")
    entry_id = _fan(pg_app).upload(photo(1))["entry"]["id"]
    voter = _fan(pg_app, signed_in=True)
    voter.vote(entry_id)
    assert voter.vote(entry_id, expect=409)["code"] == "already_voted"


def _fan(app, *, signed_in: bool = False) -> Fan:
    app.test_client_class = Fan
    browser = app.test_client()
    browser.visit()
    if signed_in:
        browser.sign_in()
    return browser


@pytest.fixture
def voting(pg_app):
    brand = make_brand("acme", frame_origins=["https://shop.example"])
    db.session.commit()
    make_contest(brand, moderation="post")
    entry_id = _fan(pg_app).upload(photo(1))["entry"]["id"]
    return _fan(pg_app, signed_in=True), entry_id


def _stored_votes() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(PhotoVote))


def test_the_database_gone_after_commit_does_not_fail_a_stored_vote(pg_app, voting):
    """The database stops taking connections between the commit and the response hooks."""
    voter, entry_id = voting
    database = make_url(pg_app.config["SQLALCHEMY_DATABASE_URI"]).database
    admin = psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)

    def database_goes_away(response):
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )
        return response

    # Appended last, so it runs first among the app's after-request hooks.
    pg_app.after_request_funcs.setdefault(None, []).append(database_goes_away)
    try:
        response = voter.post(
            f"{voter.base}entries/{entry_id}/vote", json={}, headers={"X-CSRFToken": voter.token}
        )
    finally:
        pg_app.after_request_funcs[None].remove(database_goes_away)
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        admin.close()
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["voted"] is True
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.example" in csp
    db.engine.dispose()
    assert _stored_votes() == 1


def test_a_failing_response_hook_does_not_fail_a_stored_vote(pg_app, voting, monkeypatch):
    voter, entry_id = voting

    def broken(response):
        raise RuntimeError("injected: the headers hook fails after the commit")

    monkeypatch.setattr(framing, "_apply_headers", broken)
    response = voter.post(
        f"{voter.base}entries/{entry_id}/vote", json={}, headers={"X-CSRFToken": voter.token}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _stored_votes() == 1
