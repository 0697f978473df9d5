"""Password reset by emailed link: signed, expiring, single use, no account enumeration."""

import pytest

from app.extensions import db
from app.identity.staff_accounts import reset_token
from tests.console.conftest import PASSWORD, emails_to, last_email, link_in, make_client, make_user
from tests.factories import make_brand

NEW_PASSWORD = "a much better passphrase"


@pytest.fixture
def owner(app):
    return make_user("boss@acme.test", brand=make_brand("acme"))


def ask_for_link(client, app, email="boss@acme.test") -> str:
    response = client.submit("/console/password-reset", {"email": email})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    return link_in(last_email(app, email))


def test_the_emailed_link_sets_a_new_password_once(app, client, owner):
    link = ask_for_link(client, app)
    assert link.startswith("/console/password-reset/")
    assert client.get(link).status_code == 200
    done = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get("/console/").status_code == 200  # signed in by the reset

    make_client(app).login("boss@acme.test", NEW_PASSWORD)
    fresh = make_client(app)
    refused = fresh.submit("/console/login", {"email": "boss@acme.test", "password": PASSWORD})
    assert refused.status_code == 401

    again = fresh.submit(
        link, {"password": "yet another passphrase", "confirm": "yet another passphrase"}
    )
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_the_link_in_the_email_is_built_on_base_url_not_the_host_header(app, client, owner):
    app.config["BASE_URL"] = "https://console.superfan.example"
    client.submit(
        "/console/password-reset",
        {"email": "boss@acme.test"},
        headers={"Host": "attacker.example"},
    )
    body = last_email(app, "boss@acme.test").get_payload(decode=True).decode()
    assert "https://console.superfan.example/console/password-reset/" in body
    assert "attacker.example" not in body


def test_an_unknown_address_gets_the_same_page_and_no_email(app, client, owner):
    response = client.submit("/console/password-reset", {"email": "nobody@acme.test"})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert emails_to(app, "nobody@acme.test") == 0


def test_an_expired_link_says_so(app, client, owner):
    link = ask_for_link(client, app)
    app.config["STAFF_RESET_MAX_AGE"] = -1
    response = client.get(link)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_a_tampered_link_is_refused(app, client, owner):
    link = ask_for_link(client, app)
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_a_weak_or_mismatched_password_is_refused_and_the_link_still_works(app, client, owner):
    link = ask_for_link(client, app)
    short = client.submit(link, {"password": "short", "confirm": "short"})
    assert short.status_code == 422
    assert "at least 10 characters" in short.get_data(as_text=True)
    differ = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})
    assert differ.status_code == 422
    assert "differ" in differ.get_data(as_text=True)
    assert (
        client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    )


def test_changing_the_password_signs_out_other_sessions(app, client, owner):
    other_browser = make_client(app)
    other_browser.login("boss@acme.test")
    assert other_browser.get("/console/acme/").status_code == 200
    token = reset_token(db.session.get(type(owner), owner.id))
    client.submit(
        f"/console/password-reset/{token}", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert other_browser.get("/console/acme/").status_code == 302


def test_reset_requests_are_throttled_per_address(app, client, owner):
    before = emails_to(app, "boss@acme.test")
    for _ in range(3):
        client.submit("/console/password-reset", {"email": "boss@acme.test"})
    response = client.submit("/console/password-reset", {"email": "boss@acme.test"})
    assert response.status_code == 429
    assert "before trying again" in response.get_data(as_text=True)
    assert emails_to(app, "boss@acme.test") == before + 3
