"""Email: any valid address (a "/" included) gets its message, sent after commit by a job.

A send that fails never turns a committed action into an error page: the job queue retries
it (RQ) or logs it (inline), and the page says the email is on its way.
"""

import logging
import re

import pytest
from rq import Queue
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.models import Invitation
from app.redisclient import get_redis
from tests import jobs_support, outbox
from tests.conftest import _truncate_all, build_app, run_worker
from tests.console.conftest import ConsoleClient, link_in, make_user
from tests.embed.conftest import add_brand, page_csrf
from tests.factories import make_brand

SLASHED = "first/last@acme.test"


def invitations(email: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).where(Invitation.email == email))


def owner_browser(app) -> ConsoleClient:
    brand = make_brand("acme", name="Acme Coffee")
    make_user("boss@acme.test", brand=brand)
    app.test_client_class = ConsoleClient
    browser = app.test_client()
    browser.login("boss@acme.test")
    return browser


def invite(browser, email: str):
    return browser.submit("/console/acme/members/invite", {"email": email, "role": "analyst"})


def test_an_invitation_to_an_address_with_a_slash_is_sent(app):
    browser = owner_browser(app)
    response = invite(browser, SLASHED)
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert f"the email to {SLASHED} is on its way" in page
    assert invitations(SLASHED) == 1
    (message,) = outbox.messages(app, SLASHED)
    assert link_in(message).startswith("/console/invitations/")


def test_outbox_file_names_never_come_from_the_address(app):
    invite(owner_browser(app), "a/b/c@acme.test")
    names = [path.name for path in outbox.outbox_dir(app).iterdir()]
    assert names and all(re.fullmatch(r"\d{8}T\d{12}-[0-9a-f]{32}\.eml", n) for n in names)
    assert outbox.messages(app, "a/b/c@acme.test")


@pytest.mark.parametrize(
    "typed", ["first last@acme.test", "two..dots@acme.test", "no-at-sign.acme.test", "a@b"]
)
def test_an_address_that_is_not_one_is_refused_clearly_and_nothing_is_kept(app, typed):
    browser = owner_browser(app)
    before = len(outbox.messages(app))
    response = invite(browser, typed)
    assert response.status_code == 422
    assert "Enter a valid email address, like name@example.com." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert len(outbox.messages(app)) == before


def test_a_fan_gets_a_sign_in_link_at_an_address_with_a_slash(app):
    add_brand("acme", name="Acme Coffee")
    db.session.commit()
    client = app.test_client()
    token = page_csrf(client, "/fan/acme/signin")
    response = client.post(
        "/fan/acme/signin/email", data={"email": "Fan/Club@Example.com", "csrf_token": token}
    )
    assert response.status_code == 200
    assert "A sign-in link is on its way to fan/club@example.com." in response.get_data(
        as_text=True
    )
    (message,) = outbox.messages(app, "fan/club@example.com")
    assert "/fan/acme/signin/email/" in outbox.body_of(message)


def test_a_send_that_fails_inline_leaves_the_invitation_and_answers_the_page(
    sqlite_url, tmp_path, monkeypatch, caplog
):
    # An app of its own instance folder, whose outbox cannot be created (a file is in the way).
    monkeypatch.setenv("SUPERFAN_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "outbox").write_text("in the way")
    app = build_app(sqlite_url)
    with app.app_context():
        try:
            browser = owner_browser(app)
            with caplog.at_level(logging.ERROR):
                response = invite(browser, SLASHED)
            assert response.status_code == 302
            assert "inline job app.mail.deliver failed" in caplog.text
            assert invitations(SLASHED) == 1
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_send_that_fails_is_retried_by_the_worker(postgres_url, redis_url, tmp_path):
    app = build_app(postgres_url, redis_url, JOB_RETRY_INTERVALS=[0, 0])
    with app.app_context():
        try:
            browser = owner_browser(app)
            response = invite(browser, SLASHED)
            # Answered and committed; the email waits in the queue, not in the request.
            assert response.status_code == 302
            assert invitations(SLASHED) == 1
            assert Queue("default", connection=get_redis()).count == 1

            # The worker's first attempt finds a file where the outbox folder goes; the job
            # queued after it clears the way, and the retry (queued behind it) delivers.
            (tmp_path / "outbox").write_text("in the way")
            jobs.enqueue(jobs_support.unblock_outbox)
            db.session.commit()
            result = run_worker(postgres_url, redis_url, tmp_path)
            assert result.returncode == 0, result.stderr
            assert "FileExistsError" in result.stderr
            (message,) = outbox.messages(tmp_path, SLASHED)
            assert "Acme Coffee" in message["Subject"]
            assert Queue("default", connection=get_redis()).count == 0
        finally:
            db.session.remove()
            db.engine.dispose()
            _truncate_all(app)
