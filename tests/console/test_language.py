"""The console speaks each staff member's language; a brand may make its fan pages speak its own."""

import pytest

from app.extensions import db
from app.models import Brand, User
from tests.console.conftest import make_user
from tests.factories import make_brand

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture
def owner(client):
    brand = make_brand("acme", name="Acme Coffee")
    user = make_user("owner@acme.test", brand=brand)
    client.login("owner@acme.test")
    return user


def test_the_console_follows_the_browser_until_the_member_chooses(client, owner):
    page = client.get("/console/acme/leaderboard/", headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert ">Classement</a>" in page and ">Réglages</a>" in page  # the side nav
    page = client.get("/console/acme/leaderboard/", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="en">' in page and ">Leaderboard</a>" in page


def test_a_member_picks_french_and_keeps_it_whatever_the_browser_says(client, owner):
    response = client.submit(
        "/console/language",
        {"locale": "fr", "next": "/console/acme/settings/"},
        headers=ENGLISH,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/console/acme/settings/")
    assert db.session.get(User, owner.id).locale == "fr"

    page = client.get("/console/acme/settings/", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="fr">' in page and "Enregistrer les réglages" in page
    refused = client.submit("/console/acme/settings/", {"name": "Acme", "primary": "red"})
    assert refused.status_code == 422
    assert "Indiquez une couleur comme #1f4f8b" in refused.get_data(as_text=True)

    client.submit("/console/language", {"locale": "en"}, headers=FRENCH)
    page = client.get("/console/acme/settings/", headers=FRENCH).get_data(as_text=True)
    assert '<html lang="en">' in page and "Save the settings" in page


def test_the_language_menu_refuses_what_it_does_not_offer(client, owner):
    assert client.submit("/console/language", {"locale": "de"}).status_code == 400
    assert db.session.get(User, owner.id).locale is None
    for elsewhere in ("https://evil.example/", "//evil.example/x"):
        away = client.submit("/console/language", {"locale": "fr", "next": elsewhere})
        assert away.status_code == 302 and "evil.example" not in away.headers["Location"]
    assert db.session.get(User, owner.id).locale == "fr"


def test_the_language_menu_is_for_signed_in_staff_only(client):
    response = client.submit("/console/language", {"locale": "fr"})
    assert response.status_code == 403


def test_the_settings_page_saves_whether_the_brands_language_wins(client, owner):
    form = {
        "name": "Acme Coffee",
        "primary": "#7a3e1d",
        "accent": "#f2b134",
        "locale": "fr",
        "timezone": "Europe/Paris",
        "frame_origins": "",
        "locale_wins": "on",
    }
    assert client.submit("/console/acme/settings/", form).status_code == 302
    assert db.session.scalar(db.select(Brand.locale_wins).where(Brand.slug == "acme")) is True
    page = client.get("/console/acme/settings/").get_data(as_text=True)
    assert 'name="locale_wins" value="on" checked' in page
    del form["locale_wins"]
    client.submit("/console/acme/settings/", form)
    assert db.session.scalar(db.select(Brand.locale_wins).where(Brand.slug == "acme")) is False


@pytest.mark.parametrize(("wins", "expected"), [(True, "fr"), (False, "en")])
def test_a_brand_whose_language_wins_speaks_it_to_every_browser(client, wins, expected):
    make_brand("bistro", name="Le Bistro", locale="fr", locale_wins=wins)
    db.session.commit()
    page = client.get("/e/bistro", headers=ENGLISH).get_data(as_text=True)
    assert f'<html lang="{expected}">' in page
    # The fan's own choice still beats the brand's.
    chosen = client.get("/e/bistro?lang=en", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="en">' in chosen
