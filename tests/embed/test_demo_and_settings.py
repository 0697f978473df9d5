"""The demo host page, and fan sign-in settings read from the environment."""

import re

from app import demo
from app.config import from_environment
from app.extensions import db
from app.identity import fan_tokens
from app.models import Brand, ConsentText
from tests.conftest import build_app


def demo_brand():
    """The demo brand and its consent text, without the few hundred demo fans."""
    brand = demo.ensure_brand()
    demo.ensure_consent_text(brand)
    db.session.commit()


def test_the_demo_host_page_embeds_the_demo_brand_from_the_app_origin(client, app):
    assert client.get("/demo/host").status_code == 404  # no demo brand yet
    demo_brand()
    page = client.get("/demo/host", base_url="http://localhost:5000").get_data(as_text=True)
    assert '<script src="http://127.0.0.1:5000/static/embed.js" data-brand="demo"' in page
    assert "data-fan-token=" not in page
    assert db.session.query(ConsentText).count() == 1


def test_a_demo_customer_comes_with_a_brand_token_the_app_accepts(client, app):
    demo_brand()
    page = client.get("/demo/host?customer=1").get_data(as_text=True)
    token = re.search(r'data-fan-token="(ey[^"]+)"', page)[1]
    brand = db.session.query(Brand).filter_by(slug="demo").one()
    assert fan_tokens.verify_brand_token(brand, token)["sub"] == "demo-customer-1"


def test_the_demo_host_page_is_off_outside_local_trials(sqlite_url, monkeypatch):
    monkeypatch.setenv("SUPERFAN_DEMO_HOST", "off")
    app = build_app(sqlite_url)
    with app.app_context():
        demo_brand()
        assert app.test_client().get("/demo/host").status_code == 404
        db.session.remove()
        db.engine.dispose()


def test_providers_from_the_environment(tmp_path):
    def providers(environ: dict) -> dict:
        return from_environment(tmp_path, {"SECRET_KEY": "k", **environ})["FAN_OAUTH_PROVIDERS"]

    settings = providers(
        {
            "SUPERFAN_GOOGLE_CLIENT_ID": "g-id",
            "SUPERFAN_GOOGLE_CLIENT_SECRET": "g-secret",
            "SUPERFAN_FACEBOOK_CLIENT_ID": "f-id",
            "SUPERFAN_FACEBOOK_CLIENT_SECRET": "f-secret",
            "SUPERFAN_OIDC_KEYCLOAK_CLIENT_ID": "k-id",
            "SUPERFAN_OIDC_KEYCLOAK_CLIENT_SECRET": "k-secret",
            "SUPERFAN_OIDC_KEYCLOAK_METADATA_URL": "https://id.example/.well-known/openid-configuration",
            "SUPERFAN_OIDC_KEYCLOAK_LABEL": "Example ID",
        }
    )
    assert settings["google"]["server_metadata_url"].startswith("https://accounts.google.com/")
    assert settings["facebook"]["kind"] == "facebook"
    assert settings["keycloak"] == {
        "label": "Example ID",
        "kind": "oidc",
        "client_id": "k-id",
        "client_secret": "k-secret",
        "server_metadata_url": "https://id.example/.well-known/openid-configuration",
    }
    assert providers({}) == {}


def test_sign_in_lists_the_configured_providers(client, brand):
    page = client.get("/fan/acme/signin").get_data(as_text=True)
    assert "Continue with Local ID" in page
    assert 'href="/fan/acme/signin/local"' in page
