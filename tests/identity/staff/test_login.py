"""Staff sign-in: passwords, throttling, sign-out, where it leads, the session cookie."""

import re

import pytest

from app.demo import OWNER_EMAIL, OWNER_PASSWORD, ensure_brand, ensure_owner
from app.extensions import db
from tests.console.conftest import PASSWORD, make_user
from tests.factories import make_brand, make_fan


@pytest.fixture
def owner(app):
    brand = make_brand("acme")
    return make_user("boss@acme.test", brand=brand)


def test_right_password_signs_in_and_opens_the_console(client, owner):
    response = client.login("Boss@Acme.test ", PASSWORD)
    assert response.headers["Location"] == "/console/"
    page = client.get("/console/")
    assert page.status_code == 200
    assert "Acme" in page.get_data(as_text=True)
    assert "boss@acme.test" in page.get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_answer(client, owner):
    wrong = client.submit(
        "/console/login", {"email": "boss@acme.test", "password": "nope-nope-nope"}
    )
    unknown = client.submit("/console/login", {"email": "who@acme.test", "password": PASSWORD})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/console/").status_code == 302


def test_a_fan_without_a_password_cannot_sign_in(client, app):
    fan = make_fan(make_brand("acme"), email="fan@example.com")
    db.session.commit()
    response = client.submit("/console/login", {"email": fan.user.email, "password": ""})
    assert response.status_code == 401


def test_console_pages_send_anonymous_visitors_to_sign_in_and_back(client, owner):
    response = client.get("/console/acme/settings/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/login?next=/console/acme/settings/"
    login = client.submit(
        "/console/login",
        {"email": "boss@acme.test", "password": PASSWORD, "next": "/console/acme/settings/"},
    )
    assert login.headers["Location"] == "/console/acme/settings/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_sign_in_never_redirects_to_another_site(client, owner, target):
    login = client.submit(
        "/console/login", {"email": "boss@acme.test", "password": PASSWORD, "next": target}
    )
    assert login.headers["Location"] == "/console/"


def test_five_failures_for_one_email_lock_it_with_a_clear_message(client, owner):
    for _ in range(5):
        response = client.submit("/console/login", {"email": "boss@acme.test", "password": "x"})
        assert response.status_code == 401
    # Even the right password is refused now: the lock is on the address, not the guess.
    locked = client.submit("/console/login", {"email": "boss@acme.test", "password": PASSWORD})
    assert locked.status_code == 429
    text = locked.get_data(as_text=True)
    assert "Too many attempts" in text
    assert re.search(r"Please wait 1[0-5] minutes before trying again\.", text), text
    assert int(locked.headers["Retry-After"]) > 0
    assert client.get("/console/").status_code == 302
    # Another address from the same browser is not locked by that.
    make_user("other@acme.test")
    assert client.login("other@acme.test").status_code == 302


def test_failures_from_one_ip_across_many_emails_are_throttled(app, client, owner):
    app.config["STAFF_LOGIN_LIMIT_PER_IP"] = "3 per 15 minutes"
    for n in range(3):
        response = client.submit(
            "/console/login", {"email": f"guess{n}@acme.test", "password": "x"}
        )
        assert response.status_code == 401
    response = client.submit("/console/login", {"email": "boss@acme.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "before trying again" in response.get_data(as_text=True)
    other_ip = client.submit(
        "/console/login",
        {"email": "boss@acme.test", "password": PASSWORD},
        environ_overrides={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert other_ip.status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_lock(client, owner):
    for _ in range(7):
        client.login("boss@acme.test")
        client.submit("/console/logout")


def test_sign_out_needs_a_post_and_ends_the_session(client, owner):
    client.login("boss@acme.test")
    client.get("/console/logout", follow_redirects=True)
    assert client.get("/console/").status_code == 200, "a GET (a link, an image) never signs out"
    response = client.submit("/console/logout")
    assert response.status_code == 302
    assert client.get("/console/").status_code == 302


def test_the_console_session_cookie_is_samesite_lax_and_httponly(client, owner):
    response = client.login("boss@acme.test")
    cookie = response.headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie


def test_the_demo_owner_can_sign_in(app, client):
    ensure_owner(ensure_brand())
    db.session.commit()
    client.login(OWNER_EMAIL, OWNER_PASSWORD)
    assert "Lumen Coffee" in client.get("/console/").get_data(as_text=True)


def test_sign_in_works_on_postgresql(pg_app, pg_client):
    make_user("boss@acme.test", brand=make_brand("acme"))
    pg_client.login("boss@acme.test")
    assert pg_client.get("/console/acme/").status_code == 200
