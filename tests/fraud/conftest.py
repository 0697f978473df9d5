"""Fixtures for fraud checks: a brand with a live game, fan browsers at chosen IPs, staff."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import FanProfile, FraudSignal
from tests.embed.conftest import add_brand
from tests.factories import make_campaign
from tests.games.conftest import Browser, Staff, staff_user
from tests.outbox import Outbox

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
PUBLIC_IP = "203.0.113.7"


class FanBrowser(Browser):
    """A fan's browser: plays the test game as a guest, signs out, asks for email links."""

    def csrf(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, page.status_code
        return CSRF_META.search(page.get_data(as_text=True))[1]

    def play(self, brand_slug: str = "acme", campaign_slug: str = "spring") -> None:
        token = self.csrf(f"/e/{brand_slug}/{campaign_slug}")
        response = self.post(f"/e/{brand_slug}/{campaign_slug}/play", data={"csrf_token": token})
        assert response.status_code == 303, response.get_data(as_text=True)

    def sign_out(self, brand_slug: str = "acme") -> None:
        token = self.csrf(f"/e/{brand_slug}")
        response = self.post(f"/fan/{brand_slug}/signout", data={"csrf_token": token})
        assert response.status_code == 303

    def user_id(self) -> int | None:
        with self.session_transaction("/e/acme") as session:
            return session.get("fan_user_id")

    def profile(self, brand) -> FanProfile:
        db.session.expire_all()
        return db.session.scalars(
            select(FanProfile).where(
                FanProfile.brand_id == brand.id, FanProfile.user_id == self.user_id()
            )
        ).one()


@pytest.fixture
def fraud_app(any_app):
    """The app under test; test_boards.py swaps in each leaderboard backend."""
    return any_app


@pytest.fixture
def brand(fraud_app):
    brand = add_brand("acme", name="Acme Coffee")
    make_campaign(brand, "spring", title="Spring Game")
    db.session.commit()
    return brand


@pytest.fixture
def other_brand(fraud_app):
    brand = add_brand("globex", name="Globex")
    db.session.commit()
    return brand


@pytest.fixture
def fan_at(fraud_app):
    """A new fan browser whose requests come from the given IP."""

    def make(ip: str = PUBLIC_IP) -> FanBrowser:
        fraud_app.test_client_class = FanBrowser
        browser = fraud_app.test_client()
        browser.environ_base["REMOTE_ADDR"] = ip
        return browser

    return make


@pytest.fixture
def staff(fraud_app, brand):
    """A signed-in staff browser with the given role in a brand (default: acme)."""

    def make(role: str = "moderator", of=None) -> Staff:
        user = staff_user(of or brand, role, email=f"{role}@{(of or brand).slug}.example")
        fraud_app.test_client_class = Staff
        browser = fraud_app.test_client()
        browser.login(user.email)
        return browser

    return make


def signals_of(fan: FanProfile) -> list[FraudSignal]:
    query = select(FraudSignal).where(FraudSignal.fan_id == fan.id).order_by(FraudSignal.id)
    return list(db.session.scalars(query))


@pytest.fixture
def outbox():
    """The (to, subject, body) of each email this test really sent, read from the outbox."""
    return Outbox()


def sign_in_by_email(browser, outbox, email: str) -> None:
    """Ask for a link at the brand's sign-in page, then open and confirm it."""
    token = browser.csrf("/fan/acme/signin")
    asked = browser.post("/fan/acme/signin/email", data={"email": email, "csrf_token": token})
    assert asked.status_code == 200, asked.get_data(as_text=True)
    path = urlsplit(re.search(r"http://\S+", outbox[-1][2])[0]).path
    confirm = browser.csrf(path)
    assert browser.post(path, data={"csrf_token": confirm}).status_code == 303
