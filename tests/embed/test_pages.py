"""Fan pages over HTTP: brand home, campaign pages, framing headers, cookies, theme, language."""

from app.engagement import record
from app.extensions import db
from app.models import FanProfile
from tests.embed.conftest import ALLOWED, page_csrf, play
from tests.factories import make_campaign, make_fan


def csp(response) -> dict:
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in response.headers["Content-Security-Policy"].split(";"))
    }


def test_brand_home_shows_points_rank_streak_badges_and_live_campaigns(client, brand, campaign):
    make_campaign(brand, "old", title="Old Game", status="closed")
    someone = make_fan(brand)
    record(someone, "game_played", campaign=campaign)
    db.session.commit()

    play(client)
    page = client.get("/e/acme").get_data(as_text=True)

    assert 'data-stat="points">10<' in page
    assert 'data-stat="rank">#2<' in page  # ties go to the lower fan id: the older fan
    assert 'data-stat="streak">1 day<' in page
    assert 'data-stat="badges">0<' in page
    assert "Spring Game" in page
    assert "Old Game" not in page


def test_a_newcomer_sees_zeros_and_no_profile_is_made_by_looking(client, brand, campaign):
    page = client.get("/e/acme").get_data(as_text=True)
    assert 'data-stat="points">0<' in page
    assert 'data-stat="rank">&ndash;<' in page
    client.get("/e/acme/spring")
    assert db.session.query(FanProfile).count() == 0


def test_embed_responses_may_be_framed_by_the_brands_origins_only(client, brand, campaign):
    for url in ("/e/acme", "/e/acme/spring", "/e/acme/nope"):
        response = client.get(url)
        assert "X-Frame-Options" not in response.headers
        ancestors = csp(response)["frame-ancestors"].split()
        assert ancestors == ["'self'", ALLOWED, "https://shop.example"], url
        assert csp(response)["script-src"] == "'self'"


def test_sign_in_popup_pages_cannot_be_framed(client, brand):
    response = client.get("/fan/acme/signin")
    assert csp(response)["frame-ancestors"] == "'none'"
    assert "X-Frame-Options" not in response.headers


def test_unknown_brand_and_campaign_get_a_clear_page(client, brand):
    response = client.get("/e/nobody")
    assert response.status_code == 404
    assert "We could not find this page" in response.get_data(as_text=True)
    assert csp(response)["frame-ancestors"] == "*"  # only an apology: shown in any frame

    response = client.get("/e/acme/nothing-here")
    assert response.status_code == 404
    assert "This campaign does not exist" in response.get_data(as_text=True)
    assert 'href="/e/acme"' in response.get_data(as_text=True)


def test_a_campaign_not_live_says_so(client, brand):
    make_campaign(brand, "soon", title="Soon", status="scheduled")
    make_campaign(brand, "done", title="Done", status="closed")
    db.session.commit()
    assert "not open yet" in client.get("/e/acme/soon").get_data(as_text=True)
    assert "has ended" in client.get("/e/acme/done").get_data(as_text=True)
    page = client.get("/e/acme").get_data(as_text=True)
    assert "Soon" not in page and "Done" not in page


def test_a_live_campaign_is_drawn_by_its_kind(client, brand, campaign):
    page = client.get("/e/acme/spring").get_data(as_text=True)
    assert 'data-test="points">0<' in page
    play(client)
    assert 'data-test="points">10<' in client.get("/e/acme/spring").get_data(as_text=True)


def test_fan_cookie_is_partitioned_cross_site_and_the_console_keeps_lax(client, brand):
    response = client.get("/e/acme")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("sf_fan="))
    attributes = {a.strip().split("=")[0].lower(): a for a in cookie.split(";")[1:]}
    assert "secure" in attributes
    assert "partitioned" in attributes
    assert "httponly" in attributes
    assert attributes["samesite"].strip() == "SameSite=None"
    assert attributes["path"].strip() == "Path=/"

    client.application.config["WTF_CSRF_ENABLED"] = True
    with client.application.test_request_context("/console/login"):
        interface = client.application.session_interface
        assert interface.get_cookie_name(client.application) == "session"
        assert interface.get_cookie_samesite(client.application) == "Lax"
        assert not interface.get_cookie_partitioned(client.application)


def test_a_fan_cookie_is_not_a_console_session_and_back(client, brand, campaign):
    play(client)
    fan_cookie = client.get_cookie("sf_fan").value
    other = client.application.test_client()
    other.set_cookie("session", fan_cookie)
    with other.session_transaction("/console/") as console_session:
        assert "fan_user_id" not in console_session


def test_theme_colours_are_used_only_when_they_are_plain_colours(client, brand):
    assert "--primary: #7a3e1d" in client.get("/e/acme").get_data(as_text=True)
    brand.theme = {"primary": "red;}</style><script>alert(1)</script>", "accent": "#fff"}
    db.session.commit()
    page = client.get("/e/acme").get_data(as_text=True)
    assert "alert(1)" not in page
    assert "--primary: #2d3a8c" in page
    assert "--accent: #fff" in page


def test_language_from_choice_then_browser_then_brand(client, brand):
    assert "Your fan card" in client.get("/e/acme").get_data(as_text=True)
    french = {"Accept-Language": "fr-FR,fr;q=0.9"}
    assert "Votre carte de fan" in client.get("/e/acme", headers=french).get_data(as_text=True)
    # An explicit choice beats the browser and is remembered.
    assert "Your fan card" in client.get("/e/acme?lang=en", headers=french).get_data(as_text=True)
    assert "Your fan card" in client.get("/e/acme", headers=french).get_data(as_text=True)
    brand.locale = "fr"
    db.session.commit()
    fresh = client.application.test_client()
    assert "Votre carte de fan" in fresh.get("/e/acme").get_data(as_text=True)
    assert 'lang="fr"' in fresh.get("/e/acme").get_data(as_text=True)


def test_the_embedding_origin_is_kept_only_if_the_brand_allows_it(client, brand):
    page = client.get(f"/e/acme?embed=1&origin={ALLOWED}").get_data(as_text=True)
    assert f'data-parent-origin="{ALLOWED}"' in page
    other = client.application.test_client()
    page = other.get("/e/acme?embed=1&origin=https://evil.example").get_data(as_text=True)
    assert 'data-parent-origin=""' in page


def test_events_are_offered_to_the_host_page_only_when_asked(client, brand, campaign):
    client.get(f"/e/acme?origin={ALLOWED}&events=1")
    play(client)
    page = client.get("/e/acme").get_data(as_text=True)
    assert "game_played" in page
    assert "game_played" not in client.get("/e/acme").get_data(as_text=True)  # reported once

    quiet = client.application.test_client()
    quiet.get(f"/e/acme?origin={ALLOWED}")
    play(quiet)
    assert "game_played" not in quiet.get("/e/acme").get_data(as_text=True)


def test_cookie_probe_says_whether_the_session_came_back(client, brand):
    assert client.get("/fan/probe").get_json() == {"cookies": False}
    page_csrf(client, "/e/acme")
    assert client.get("/fan/probe").get_json() == {"cookies": True}
