"""Fixtures for the fan side: an app with a local OpenID Connect provider, brands, helpers."""

import re
import secrets

import pytest

from app.extensions import db
from app.models import ConsentText
from tests.conftest import build_app
from tests.factories import make_brand, make_campaign
from tests.identity.oidc_provider import Provider

FACEBOOK_SECRET = "facebook-app-secret"
ALLOWED = "http://localhost:5001"


@pytest.fixture(scope="session")
def oidc():
    provider = Provider().serve()
    yield provider
    provider.stop()


def fan_app_config(oidc) -> dict:
    return {"FAN_OAUTH_PROVIDERS": oidc.settings(), "FACEBOOK_APP_SECRET": FACEBOOK_SECRET}


@pytest.fixture
def app(sqlite_url, oidc):
    """The embedded default (SQLite), with the local provider and a Facebook app secret."""
    app = build_app(sqlite_url, **fan_app_config(oidc))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def add_brand(slug: str, **fields):
    fields.setdefault("frame_origins", [ALLOWED, "https://shop.example"])
    fields.setdefault("embed_secret", secrets.token_hex(32))
    fields.setdefault("theme", {"primary": "#7a3e1d", "accent": "#f2b134"})
    brand = make_brand(slug, **fields)
    db.session.add(ConsentText(brand_id=brand.id, version="v1", body=f"{slug} may email you news."))
    db.session.flush()
    return brand


@pytest.fixture
def brand(app):
    brand = add_brand("acme", name="Acme Coffee")
    db.session.commit()
    return brand


@pytest.fixture
def other_brand(app):
    brand = add_brand("globex", name="Globex", frame_origins=["https://globex.example"])
    db.session.commit()
    return brand


@pytest.fixture
def campaign(brand):
    campaign = make_campaign(brand, "spring", title="Spring Game")
    db.session.commit()
    return campaign


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_from(response) -> str:
    match = CSRF_META.search(response.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match[1]


def page_csrf(client, url: str) -> str:
    """Open a fan page (which starts the fan session) and return its CSRF token."""
    response = client.get(url)
    assert response.status_code in (200, 404), response.status_code
    return csrf_from(response)


def play(client, brand_slug="acme", campaign_slug="spring"):
    token = page_csrf(client, f"/e/{brand_slug}/{campaign_slug}")
    response = client.post(f"/e/{brand_slug}/{campaign_slug}/play", data={"csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response
