"""Public names: never made from an email; a friendly pseudonym the fan can change."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.engagement import record
from app.extensions import db
from app.identity.pseudonyms import ADJECTIVES, ANIMALS, pseudonym
from app.models import FanProfile, User
from tests.embed.conftest import add_brand, csrf_from, page_csrf, play
from tests.embed.test_leaderboard_on_home import board_rows

EMAIL = "jane.doe.4417@example.com"
LOCAL_PART = "jane.doe.4417"
ENGLISH = re.compile(
    rf"^({'|'.join(a for a, _ in ADJECTIVES)}) ({'|'.join(a for a, _ in ANIMALS)}) \d\d$"
)
FRENCH = re.compile(
    rf"^({'|'.join(f for _, f in ANIMALS)}) ({'|'.join(f for _, f in ADJECTIVES)}) \d\d$"
)


@pytest.fixture
def outbox(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "app.mail.send_email", lambda to, subject, body: sent.append((to, subject, body))
    )
    return sent


def sign_in_by_email(client, outbox, email=EMAIL):
    """The whole email loop in one browser: ask for the link, open it, confirm."""
    token = page_csrf(client, "/fan/acme/signin")
    client.post("/fan/acme/signin/email", data={"email": email, "csrf_token": token})
    path = urlsplit(re.search(r"http://\S+", outbox[-1][2])[0]).path
    confirm = client.get(path)
    assert client.post(path, data={"csrf_token": csrf_from(confirm)}).status_code == 303
    return db.session.scalar(select(User).where(User.email == email))


def rename(client, name, **params):
    token = page_csrf(client, "/e/acme")
    return client.post(
        "/fan/acme/name", data={"display_name": name, "csrf_token": token}, query_string=params
    )


def test_an_email_fan_with_no_name_is_on_the_board_under_a_pseudonym_they_can_change(
    board_app, outbox
):
    add_brand("acme", name="Acme Coffee")
    db.session.commit()
    browser = board_app.test_client()
    user = sign_in_by_email(browser, outbox)
    fan = db.session.scalar(select(FanProfile).where(FanProfile.user_id == user.id))
    record(fan, "game_played")
    db.session.commit()

    html = browser.get("/e/acme").get_data(as_text=True)
    [(rank, shown, mine)] = board_rows(html, "top")
    assert (rank, mine) == (1, True)
    assert ENGLISH.match(shown), shown
    assert LOCAL_PART not in html and "jane" not in shown.lower()

    response = rename(browser, "  Jane   the Barista ")
    assert response.status_code == 303
    html = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved: you now appear as Jane the Barista." in html
    assert board_rows(html, "top") == [(1, "Jane the Barista", True)]
    # Everyone sees the new name at once, even where the old one was cached (Redis).
    assert board_rows(board_app.test_client().get("/e/acme").get_data(as_text=True), "top") == [
        (1, "Jane the Barista", False)
    ]


def guest_of(browser) -> User:
    with browser.session_transaction("/e/acme") as session:
        return db.session.get(User, session["fan_user_id"])


def test_a_guest_gets_a_pseudonym_in_their_language_never_guest(app, campaign):
    english, french = app.test_client(), app.test_client()
    play(english)
    french.get("/e/acme?lang=fr")
    play(french)

    assert ENGLISH.match(guest_of(english).display_name)
    assert FRENCH.match(guest_of(french).display_name)
    home = french.get("/e/acme").get_data(as_text=True)
    assert f"sous le nom {guest_of(french).display_name} dans les classements" in home
    assert "Guest" not in home


def test_the_same_seed_gives_the_same_pseudonym():
    assert pseudonym("en", seed=7) == pseudonym("en", seed=7) != pseudonym("en", seed=8)
    assert FRENCH.match(pseudonym("fr", seed=7)) and ENGLISH.match(pseudonym("en", seed=7))


@pytest.mark.parametrize(
    ("typed", "english", "french"),
    [
        ("   ", "Enter a name.", "Saisissez un nom."),
        ("J", "Use 2 to 40 characters for your name.", "Votre nom doit compter de 2 à 40"),
        ("x" * 41, "Use 2 to 40 characters for your name.", "Votre nom doit compter de 2 à 40"),
        (
            "me@mail.example",
            "Your name is public: do not use an email address.",
            "Votre nom est public : n\u2019utilisez pas d\u2019adresse e-mail.",
        ),
        ("zero\u200bwidth", "Use letters, digits, spaces", "Utilisez uniquement des lettres"),
    ],
)
def test_a_name_that_cannot_be_shown_is_refused_with_a_clear_message(
    app, campaign, typed, english, french
):
    browser = app.test_client()
    play(browser)
    before = guest_of(browser).display_name

    response = rename(browser, typed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert english in page and 'aria-invalid="true"' in page
    assert french in rename(browser, typed, lang="fr").get_data(as_text=True)
    assert guest_of(browser).display_name == before


def test_a_provider_name_that_is_an_email_address_is_not_used(app, brand):
    from app.identity.fan_signin import user_for_identity

    with app.test_request_context("/e/acme"):
        user = user_for_identity("brand:1", "s-1", name="sam.smith@corp.example")
        assert ENGLISH.match(user.display_name)
        assert user_for_identity("brand:1", "s-2", name=" Sam  Smith ").display_name == (
            "Sam Smith"
        )
