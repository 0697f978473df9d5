"""Optional OpenID Connect sign-in for staff: only when configured, only for existing staff."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.identity import staff_oidc
from app.models import Identity, User
from tests.conftest import _app_context, build_app
from tests.console.conftest import make_client, make_user
from tests.factories import make_brand

OIDC = {
    "STAFF_OIDC_ISSUER": "https://id.example.com",
    "STAFF_OIDC_CLIENT_ID": "superfan",
    "STAFF_OIDC_CLIENT_SECRET": "s3cret",
    "STAFF_OIDC_LABEL": "Example ID",
}


@pytest.fixture
def oidc_app(sqlite_url):
    yield from _app_context(build_app(sqlite_url, **OIDC))


@pytest.fixture
def provider(oidc_app, monkeypatch):
    """The identity provider's answer to the callback, set by each test."""
    answer = {}
    client = staff_oidc.client()
    monkeypatch.setattr(client, "authorize_access_token", lambda **kw: {"userinfo": answer})
    return answer


def test_the_button_shows_only_when_configured(app, oidc_app):
    assert "Sign in with" not in make_client(app).get("/console/login").get_data(as_text=True)
    page = make_client(oidc_app).get("/console/login").get_data(as_text=True)
    assert "Sign in with Example ID" in page


def test_a_verified_email_of_existing_staff_signs_in_and_links_the_identity(oidc_app, provider):
    make_user("boss@acme.test", brand=make_brand("acme"))
    provider.update(sub="abc-123", email="Boss@acme.test", email_verified=True)
    client = make_client(oidc_app)
    response = client.get("/console/login/oidc/callback?code=x&state=y")
    assert response.status_code == 302
    assert client.get("/console/acme/").status_code == 200
    identity = db.session.scalar(select(Identity))
    assert (identity.provider, identity.subject) == ("oidc:id.example.com", "abc-123")

    # Next time the subject alone is enough, even if the provider's email changed.
    provider.update(email="renamed@acme.test", email_verified=False)
    again = make_client(oidc_app)
    again.get("/console/login/oidc/callback?code=x&state=y")
    assert again.get("/console/acme/").status_code == 200


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"sub": "s1", "email": "boss@acme.test", "email_verified": False}, "did not confirm"),
        ({"sub": "s2", "email": "stranger@acme.test", "email_verified": True}, "No Superfan staff"),
    ],
)
def test_unverified_or_unknown_people_are_refused_and_nothing_is_created(
    oidc_app, provider, claims, message
):
    make_user("boss@acme.test", brand=make_brand("acme"))
    provider.update(claims)
    client = make_client(oidc_app)
    response = client.get("/console/login/oidc/callback?code=x&state=y")
    assert response.status_code == 403
    assert message in response.get_data(as_text=True)
    assert client.get("/console/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(func.count()).select_from(Identity)) == 0


def test_start_redirects_to_the_provider(oidc_app, monkeypatch):
    seen = {}

    def authorize_redirect(redirect_uri, **kwargs):
        seen["redirect_uri"] = redirect_uri
        return "redirecting"

    monkeypatch.setattr(staff_oidc.client(), "authorize_redirect", authorize_redirect)
    oidc_app.config["BASE_URL"] = "https://console.superfan.example"
    assert make_client(oidc_app).get("/console/login/oidc").status_code == 200
    assert seen["redirect_uri"] == "https://console.superfan.example/console/login/oidc/callback"
