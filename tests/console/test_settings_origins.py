"""Allowed frame origins: each line checked as typed and on save, in the staff's language;
the snippet to paste, with its options and preview, on the campaign page and the brand home."""

import html

from app.extensions import db
from app.models import Brand
from tests.console.conftest import add_member, make_user
from tests.factories import make_campaign

SCRIPT = '<script src="http://127.0.0.1:5000/static/embed.js" data-brand="acme"'
SAVE = {
    "name": "Acme",
    "primary": "#1a2b3c",
    "accent": "#ffcc00",
    "locale": "en",
    "timezone": "Europe/Paris",
}


def check(client, text, **kwargs):
    response = client.get(
        "/console/acme/settings/origins", query_string={"frame_origins": text}, **kwargs
    )
    assert response.status_code == 200
    return response.get_json()


def test_the_live_check_answers_each_line_as_saving_would(owner_client, brand):
    reply = check(
        owner_client,
        "https://shop.example\nshop.example\nhttps://[::1]:8443\nHTTPS://Café.example:443/\n"
        "http://192.168.1.20:8080\nhttps://*.example.com",
    )
    assert reply["origins"] == [
        "https://shop.example",
        "https://xn--caf-dma.example",
        "http://192.168.1.20:8080",
    ]
    assert reply["problems"] == [
        "Line 2 (“shop.example”): start it with https://, like https://shop.example.",
        "Line 3 (“https://[::1]:8443”): browsers cannot allow framing by an IPv6 address: "
        "use a host name.",
        "Line 6 (“https://*.example.com”): wildcards are not allowed: "
        "list each site on its own line.",
    ]
    assert check(owner_client, "  \n") == {"origins": [], "problems": []}

    # Saving refuses what the check refused, beside the field; nothing is stored.
    refused = owner_client.submit(
        "/console/acme/settings/", {**SAVE, "frame_origins": "https://[::1]"}
    )
    assert refused.status_code == 422
    assert "IPv6 address" in html.unescape(refused.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Brand, brand.id).frame_origins == []


def test_the_check_speaks_the_staff_members_language(owner_client):
    reply = check(owner_client, "shop.example/embed", headers={"Accept-Language": "fr"})
    assert reply["problems"] == [
        "Ligne 1 (« shop.example/embed ») : "
        "commencez par https:// (ou http:// pour un site de test)."
    ]


def test_only_members_who_edit_settings_may_ask(client, brand):
    add_member(brand, make_user("a@acme.test"), "analyst")
    client.login("a@acme.test")
    assert client.get("/console/acme/settings/origins?frame_origins=x").status_code == 403


def test_the_settings_page_checks_origins_as_they_are_typed(owner_client):
    page = owner_client.get("/console/acme/settings/").get_data(as_text=True)
    assert 'data-check="/console/acme/settings/origins"' in page
    assert 'id="frame_origins-check"' in page
    assert "js/console-origins.js" in page


def test_the_campaign_page_shows_the_snippet_to_paste_and_a_preview(owner_client, brand):
    campaign = make_campaign(brand, "spring", title="Spring Game")
    db.session.commit()
    page = html.unescape(
        owner_client.get(f"/console/acme/campaigns/{campaign.id}").get_data(as_text=True)
    )
    assert SCRIPT + ' data-campaign="spring" async></script>' in page
    for option in ("embed_events", "embed_token", "embed_lang"):
        assert f'id="{option}"' in page
    assert "Copy the snippet" in page
    assert 'src="/e/acme/spring?embed=1&origin=http%3A//localhost"' in page
    # No site is allowed yet: the page says the frame would stay empty, and where to fix it.
    assert "No site may show it yet" in page


def test_the_brand_home_shows_the_brand_snippet_and_the_allowed_sites(owner_client, brand):
    brand.frame_origins = ["https://www.acme.example"]
    db.session.commit()
    page = html.unescape(owner_client.get("/console/acme/").get_data(as_text=True))
    assert SCRIPT + " async></script>" in page
    assert "It works on: https://www.acme.example." in page
    assert 'src="/e/acme?embed=1' in page


def test_the_snippet_is_in_french_for_a_french_speaking_member(owner_client, brand):
    page = owner_client.get("/console/acme/", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    assert "L\u2019intégrer à votre site" in html.unescape(page)
    assert "Copier le code" in page
