"""Rate limits (429) and bodies too large (413) answered with the app's own words.

In the visitor's language, in the format the caller reads (a kind's JSON, the fan's page or
JSON, the console's page), and for 429 with Retry-After; never Werkzeug's bare page.
"""

import io
import re

import pytest

from app.extensions import db
from app.models import Campaign
from tests.console.conftest import ConsoleClient, make_user
from tests.contests.conftest import Fan
from tests.embed.conftest import add_brand, page_csrf

FRENCH = {"Accept-Language": "fr"}
FRENCH_JSON = {"Accept-Language": "fr", "Accept": "application/json"}


@pytest.fixture
def brand(app):
    brand = add_brand("acme", name="Acme Coffee")
    db.session.add(
        Campaign(
            brand_id=brand.id,
            kind="contest.photo",
            slug="photos",
            title="Best coffee photo",
            status="live",
            settings={"moderation": "post"},
        )
    )
    db.session.commit()
    return brand


def photo_fan(app) -> Fan:
    app.test_client_class = Fan
    fan = app.test_client()
    fan.visit("photos")
    return fan


def retry_after(response) -> int:
    seconds = int(response.headers["Retry-After"])
    assert seconds > 0
    return seconds


def ask_for_link(client, email: str, headers=None):
    token = page_csrf(client, "/fan/acme/signin")
    return client.post(
        "/fan/acme/signin/email", data={"email": email, "csrf_token": token}, headers=headers
    )


# 429 ----------------------------------------------------------------------------------------


def test_too_many_sign_in_links_get_the_fans_page_in_french(app, brand):
    client = app.test_client()
    for _ in range(3):
        assert ask_for_link(client, "same@example.com").status_code == 200
    refused = ask_for_link(client, "same@example.com", headers=FRENCH)
    assert refused.status_code == 429
    assert refused.mimetype == "text/html"
    page = refused.get_data(as_text=True)
    assert "Trop de tentatives" in page
    assert re.search(r"Patientez (9|10) minutes avant de réessayer\.", page), page
    assert 'class="sf-card sf-message"' in page  # the fan's own page, themed
    assert "Too Many Requests" not in page
    assert 540 <= retry_after(refused) <= 600


def test_too_many_votes_get_the_photo_scripts_json_in_french(app, brand):
    fan = photo_fan(app)
    for _ in range(60):
        fan.post("/e/acme/photos/photo/entries/1/vote", json={}, headers={"X-CSRFToken": fan.token})
    refused = fan.post(
        "/e/acme/photos/photo/entries/1/vote",
        json={},
        headers={"X-CSRFToken": fan.token, **FRENCH_JSON},
    )
    assert refused.status_code == 429
    assert refused.mimetype == "application/json"
    # What static/js/contests/photo.js shows: data.error, and data.code for the logic.
    assert refused.get_json() == {
        "error": "Vous avez essayé trop de fois en peu de temps. "
        "Patientez 1 minute avant de réessayer.",
        "code": "rate_limited",
    }
    assert retry_after(refused) <= 60


def test_too_many_handoffs_get_the_fan_messages_json(app, brand):
    client = app.test_client()
    token = page_csrf(client, "/e/acme")
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    for _ in range(30):
        client.post("/fan/acme/handoff", json={"token": "nope"}, headers=headers)
    refused = client.post("/fan/acme/handoff", json={"token": "nope"}, headers=headers)
    assert refused.status_code == 429
    assert refused.mimetype == "application/json"
    body = refused.get_json()
    # What static/js/fan.js reads: ok and message (app/fanpage/messages.py's shape).
    assert (body["ok"], body["error"], body["title"]) == (
        False,
        "rate_limited",
        "Too many attempts",
    )
    assert body["message"].endswith("Please wait 1 minute before trying again.")
    assert retry_after(refused) <= 60


def test_a_locked_staff_login_gets_the_consoles_page_in_french(app, brand):
    make_user("boss@acme.test", brand=brand)
    app.test_client_class = ConsoleClient
    staff = app.test_client()
    for _ in range(5):
        wrong = staff.submit("/console/login", {"email": "boss@acme.test", "password": "x"})
        assert wrong.status_code == 401
    locked = staff.submit(
        "/console/login", {"email": "boss@acme.test", "password": "x"}, headers=FRENCH
    )
    assert locked.status_code == 429
    assert locked.mimetype == "text/html"
    page = locked.get_data(as_text=True)
    assert "console.css" in page and "Trop de tentatives" in page
    assert re.search(r"Patientez 1[45] minutes avant de réessayer\.", page), page
    assert 840 <= retry_after(locked) <= 900


# 413 ----------------------------------------------------------------------------------------


def test_a_caption_of_a_megabyte_is_called_too_long_not_a_file_too_big(app, brand):
    fan = photo_fan(app)
    response = fan.post(
        "/e/acme/photos/photo/entries",
        data={"photo": (io.BytesIO(b"tiny"), "photo.jpg"), "caption": "x" * 1_000_000},
        headers={"X-CSRFToken": fan.token, **FRENCH},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "error": "Ce que vous avez envoyé est trop long. Raccourcissez le texte et renvoyez-le.",
        "code": "too_long",
    }


def test_a_file_over_the_request_limit_is_called_a_file_too_big(app, brand):
    fan = photo_fan(app)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = fan.post(
        "/e/acme/photos/photo/entries",
        data={"photo": (io.BytesIO(b"x" * 100_000), "photo.jpg"), "caption": "hi"},
        headers={"X-CSRFToken": fan.token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.get_json() == {"error": "The file is too big (max 15 MB).", "code": "too_big"}


def test_a_json_body_too_large_is_called_too_long(app, brand):
    fan = photo_fan(app)
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = fan.post(
        "/e/acme/photos/photo/entries/1/report",
        json={"reason": "x" * 4096},
        headers={"X-CSRFToken": fan.token},
    )
    assert response.status_code == 413
    assert response.get_json()["code"] == "too_long"


def test_a_console_form_too_long_gets_the_consoles_page(app, brand):
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.test_client_class = ConsoleClient
    staff = app.test_client()
    response = staff.post(
        "/console/login", data={"email": "a@acme.test", "password": "x" * 100_000}, headers=FRENCH
    )
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "console.css" in page and "Texte trop long" in page
    assert "fichier" not in page
