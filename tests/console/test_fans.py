"""The Fans list: search by name, email, entrant code or id; filters; order; bounded pages."""

from datetime import timedelta

import pytest

from app.engagement import record
from app.extensions import db
from app.models import utcnow
from tests.console.conftest import add_member, make_client, make_user
from tests.contests.sweepstakes.factories import make_entrant, make_sweepstakes
from tests.factories import make_brand, make_campaign, make_fan


@pytest.fixture(params=["sqlite", "postgresql"])
def fans_client(request):
    app = request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    return make_client(app)


# The pager writes "first\u2013last of total" with an en dash.
DASH = "\u2013"


def names(page: str, *candidates: str) -> list[str]:
    """Which of the candidates the page lists, in the page's order."""
    found = [(page.index(name), name) for name in candidates if name in page]
    return [name for _, name in sorted(found)]


def listing(client, query: str = "") -> str:
    response = client.get(f"/console/acme/fans/{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_fans_are_searched_by_name_email_code_and_id(fans_client):
    brand = make_brand("acme")
    ada = make_fan(brand, "Ada Lovelace", email="ada@example.com")
    bob = make_fan(brand, "Bob Marley", email="bob@example.com")
    make_fan(make_brand("other"), "Ada Other", email="adaother@example.com")
    make_entrant(make_sweepstakes(brand), bob, "K7QX2M")
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    fans_client.login("owner@acme.test")

    assert names(listing(fans_client, "?q=lovel"), "Ada Lovelace", "Bob Marley", "Ada Other") == [
        "Ada Lovelace"
    ]
    assert names(listing(fans_client, "?q=BOB@example.com"), "Ada Lovelace", "Bob Marley") == [
        "Bob Marley"
    ]
    assert names(listing(fans_client, "?q=k7qx2m"), "Ada Lovelace", "Bob Marley") == ["Bob Marley"]
    assert names(listing(fans_client, f"?q={ada.id}"), "Ada Lovelace", "Bob Marley") == [
        "Ada Lovelace"
    ]
    assert "No fan matches." in listing(fans_client, "?q=nobody%25here")


def test_filters_narrow_the_list_and_the_best_fans_come_first(fans_client):
    brand = make_brand("acme")
    now = utcnow()
    keen = make_fan(brand, "Keen Kim", utm_source="newsletter")
    make_fan(brand, "Quiet Quinn", consent=False)
    shady = make_fan(brand, "Shady Sam", fraud_flagged=True, fraud_risk=0.9)
    spring = make_campaign(brand, "spring")
    for n in range(5):
        record(keen, "game_played", campaign=spring, key=f"k{n}")
    record(shady, "game_played", key="s", at=now - timedelta(days=40))
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    fans_client.login("owner@acme.test")
    everyone = ("Keen Kim", "Quiet Quinn", "Shady Sam")

    assert names(listing(fans_client), *everyone) == ["Keen Kim", "Shady Sam", "Quiet Quinn"]
    assert names(listing(fans_client, "?consent=no"), *everyone) == ["Quiet Quinn"]
    assert names(listing(fans_client, "?flagged=yes"), *everyone) == ["Shady Sam"]
    since = (now - timedelta(days=7)).date().isoformat()
    assert names(listing(fans_client, f"?active_since={since}"), *everyone) == ["Keen Kim"]
    assert names(listing(fans_client, "?min_score=20"), *everyone) == ["Keen Kim"]
    assert names(listing(fans_client, f"?campaign={spring.id}"), *everyone) == ["Keen Kim"]
    assert names(listing(fans_client, "?source=newsletter"), *everyone) == ["Keen Kim"]
    assert names(listing(fans_client, "?source=direct"), *everyone) == ["Shady Sam", "Quiet Quinn"]
    assert names(listing(fans_client, "?sort=joined"), *everyone) == [
        "Shady Sam",
        "Quiet Quinn",
        "Keen Kim",
    ]


def test_pages_are_bounded_and_bad_filters_are_named(client):
    brand = make_brand("acme")
    for n in range(30):
        make_fan(brand, f"Fan {n:02d}")
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    client.login("owner@acme.test")

    first = listing(client)
    assert f"1{DASH}25 of 30" in first and "Page 1 of 2" in first
    assert f"26{DASH}30 of 30" in listing(client, "?page=99999999999")
    assert f"1{DASH}25 of 30" in listing(client, "?page=abc&size=7")
    assert f"1{DASH}30 of 30" in listing(client, "?size=50")
    refused = client.get("/console/acme/fans/?min_score=lots&active_since=yesterday")
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Give a number of 0 or more." in text and "Give a day, like 2026-05-31." in text


def test_an_analyst_cannot_find_fans_by_email(client):
    brand = make_brand("acme")
    make_fan(brand, "Ada Lovelace", email="ada@example.com")
    db.session.commit()
    add_member(brand, make_user("analyst@acme.test"), "analyst")
    client.login("analyst@acme.test")

    assert "Ada Lovelace" not in listing(client, "?q=ada@example.com")
    assert "Ada Lovelace" in listing(client, "?q=Ada")


def test_the_fans_page_is_for_members_only(client):
    make_brand("acme")
    make_user("stranger@else.test", brand=make_brand("else"))
    client.login("stranger@else.test")
    assert client.get("/console/acme/fans/").status_code == 404
