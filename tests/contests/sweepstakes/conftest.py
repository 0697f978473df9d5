"""Fixtures for sweepstakes: a brand, a live sweepstakes, entrants' and staff browsers."""

import re
from datetime import timedelta

import pytest
from flask import current_app

from app.campaigns import lifecycle
from app.extensions import db
from app.identity.fan_session import SESSION_KEY
from app.models import Campaign
from contests.sweepstakes.settings import KIND_KEY
from tests.factories import make_brand, make_fan
from tests.games.conftest import Browser, Staff, staff_user

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
RULES = {
    "min_age": 18,
    "countries": ["BE", "FR"],
    "frequency": "once",
    "winners": 2,
    "alternates": 2,
    "sponsor_name": "Acme Coffee SA",
    "sponsor_address": "1 Roast Street, Brussels",
    "prizes": "A coffee machine",
    "prize_value": "EUR 400",
    "free_method": "Send a postcard to the sponsor's address.",
    "notification": "Winners are emailed within a week.",
    "privacy": "Entries are deleted after the draw.",
    "extra_rules": "Staff may not enter.",
}


@pytest.fixture
def brand(request):
    """The brand, on the app the test asked for (any_app, pg_app), else on SQLite."""
    name = next((n for n in ("any_app", "pg_app") if n in request.fixturenames), "app")
    request.getfixturevalue(name)
    brand = make_brand("acme", name="Acme Coffee", timezone="Europe/Brussels")
    db.session.commit()
    return brand


def live_sweepstakes(brand, now, slug: str = "win", *, days: int = 7, **changes) -> Campaign:
    """A sweepstakes that went live at `now` and closes `days` later, built as staff would."""
    campaign = lifecycle.create(brand, KIND_KEY, title="Win a coffee machine", slug=slug)
    lifecycle.update(
        campaign,
        title=campaign.title,
        starts_at=now,
        ends_at=now + timedelta(days=days),
        settings={**RULES, **changes},
    )
    lifecycle.set_status(campaign, "live", now=now)
    db.session.commit()
    return campaign


@pytest.fixture
def sweepstakes(brand, clock) -> Campaign:
    return live_sweepstakes(brand, clock.now())


class Entrant(Browser):
    """A signed-in fan's browser on one sweepstakes."""

    base = ""
    token = None
    fan = None

    def visit(self, campaign: Campaign) -> str:
        self.base = f"/e/{campaign.brand.slug}/{campaign.slug}/sweepstakes/"
        page = self.get(self.base)
        assert page.status_code == 200, page.status_code
        self.token = CSRF.search(page.get_data(as_text=True))[1]
        return page.get_data(as_text=True)

    def enter(self, *, born="1990-05-01", country="FR", agreed=True, expect: int | None = 201):
        body = {"date_of_birth": born, "country": country, "agreed_to_rules": agreed}
        response = self.post(self.base + "enter", json=body, headers={"X-CSRFToken": self.token})
        if expect is not None:
            assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()


@pytest.fixture
def entrant(brand):
    """A signed-in fan's browser, already on the sweepstakes' page."""

    def make(campaign: Campaign, **fields) -> Entrant:
        fan = make_fan(brand, **fields)
        db.session.commit()
        app = current_app._get_current_object()
        app.test_client_class = Entrant
        browser = app.test_client()
        with browser.session_transaction(f"/e/{brand.slug}") as session:
            session[SESSION_KEY] = fan.user_id
        browser.fan = fan
        browser.visit(campaign)
        return browser

    return make


@pytest.fixture
def staff(brand):
    """A signed-in staff browser with the given role in the brand."""

    def make(role: str = "owner") -> Staff:
        user = staff_user(brand, role)
        app = current_app._get_current_object()
        app.test_client_class = Staff
        browser = app.test_client()
        browser.login(user.email)
        return browser

    return make
