"""The public draw page's own verifier (Web Crypto in a real Chromium) recomputes the draw."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from app.extensions import db
from app.models import utcnow
from contests.sweepstakes import drawing, services
from tests.browser.conftest import Server
from tests.conftest import build_app
from tests.contests.sweepstakes.conftest import live_sweepstakes
from tests.factories import make_brand, make_fan

MATCH = "MATCH: your browser recomputed the same winners."
MISMATCH = "MISMATCH: your browser could not recompute this draw from its published data."


@pytest.fixture
def live_app(sqlite_url):
    app = build_app(sqlite_url)
    server = Server(wsgi=app)
    yield app, f"http://127.0.0.1:{server.port}"
    server.stop()
    with app.app_context():
        db.engine.dispose()


def _drawn_with_a_redraw(app) -> None:
    with app.app_context():
        start = utcnow() - timedelta(days=10)
        campaign = live_sweepstakes(make_brand("acme"), start, frequency="daily")
        for n in range(12):
            fan = make_fan(campaign.brand)
            for day in range(n % 3 + 1):
                services.enter(
                    campaign,
                    fan,
                    date_of_birth="1990-01-01",
                    country="BE",
                    agreed=True,
                    now=start + timedelta(days=day, hours=1),
                )
        drawing.make_draw(campaign, now=utcnow())
        winner = drawing.published(campaign).picks[0]
        drawing.redraw(campaign, winner, "Not reachable", now=utcnow())
        db.session.commit()


def test_the_page_verifies_the_draw_in_the_browser_and_sees_tampering(browser, live_app):
    app, url = live_app
    _drawn_with_a_redraw(app)
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(url + "/e/acme/win/sweepstakes/draw")
    expect(page.get_by_text("Not reachable")).to_be_visible()
    expect(page.locator("[data-role=browser-verdict]")).to_have_text(MATCH)

    with app.app_context():
        db.session.execute(
            text("UPDATE sweepstakes_pick SET entrant_code = 'ffffffffffff' WHERE position = 2")
        )
        db.session.commit()
    page.reload()
    expect(page.locator("[data-role=browser-verdict]")).to_have_text(MISMATCH)
    context.close()
    assert errors == []
