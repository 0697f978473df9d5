"""The fan's brand home shows a newly earned badge once, the shelf, and a public toggle."""

import re

from tests.badges.conftest import make_badge
from tests.embed.conftest import csrf_from, play

TOGGLE = re.compile(r'action="(/e/acme/badges/[^/"]+/public)"')
PUBLIC_PAGE = re.compile(r'href="([^"]+)"[^>]*>Public page<')


def test_a_badge_earned_by_playing_shows_on_the_brand_home(client, brand, campaign):
    make_badge(brand, rule=[{"kind": "count", "event_type": "game_played", "count": 1}])
    play(client)

    home = client.get("/e/acme")
    html = home.get_data(as_text=True)
    assert "New badge: Starter" in html
    assert "Your badges" in html and "The starter badge." in html
    again = client.get("/e/acme").get_data(as_text=True)
    assert "New badge" not in again and "Your badges" in again

    toggle = TOGGLE.search(again)[1]
    response = client.post(toggle, data={"csrf_token": csrf_from(home), "public": "yes"})
    assert response.status_code == 303
    shelf = client.get("/e/acme").get_data(as_text=True)
    public_url = PUBLIC_PAGE.search(shelf)[1]
    assert client.get(public_url).status_code == 200


def test_the_toggle_needs_the_csrf_token_and_the_fans_own_badge(client, brand, campaign):
    make_badge(brand, rule=[{"kind": "count", "event_type": "game_played", "count": 1}])
    play(client)
    home = client.get("/e/acme")
    toggle = TOGGLE.search(home.get_data(as_text=True))[1]
    assert client.post(toggle, data={"public": "yes"}).status_code == 400
    stranger = client.application.test_client()
    assert (
        stranger.post(
            toggle, data={"csrf_token": csrf_from(stranger.get("/e/acme")), "public": "yes"}
        ).status_code
        == 404
    )
