"""The badge list describes each rule in the staff member's language, actions by their label."""

import html

import pytest

from tests.badges.conftest import make_badge
from tests.console.conftest import make_user

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def owner(client, brand):
    make_user("owner@acme.test", brand=brand, role="owner")
    client.login("owner@acme.test")
    return client


def badge_list(owner, headers) -> str:
    return html.unescape(owner.get("/console/acme/badges/", headers=headers).get_data(as_text=True))


def test_the_badge_list_describes_rules_in_french(owner, brand):
    make_badge(brand, "sharer", rule=[{"kind": "count", "event_type": "share_visit", "count": 3}])
    make_badge(brand, "early", rule=[{"kind": "first_n", "event_type": "share_visit", "n": 10}])
    make_badge(brand, "regular", rule=[{"kind": "streak", "days": 5}])
    make_badge(brand, "rich", rule=[{"kind": "points", "threshold": 50}])

    page = badge_list(owner, FRENCH)
    assert "« Visite venue d\u2019un partage » 3 fois" in page
    assert "parmi les 10 premiers fans avec « Visite venue d\u2019un partage »" in page
    assert "5 jours actifs d\u2019affilée" in page
    assert "50 points" in page
    assert "share_visit" not in page and "times" not in page


def test_the_badge_list_describes_rules_in_english_with_action_labels(owner, brand):
    make_badge(brand, "sharer", rule=[{"kind": "count", "event_type": "share_visit", "count": 1}])
    make_badge(brand, "regular", rule=[{"kind": "streak", "days": 1}])

    page = badge_list(owner, ENGLISH)
    assert "“Visit from a share” once" in page
    assert "1 active day in a row" in page
