"""Every way in, over HTTP: social popup (local OIDC provider), handoff, email link, brand
token, Facebook signed_request; and the bad inputs: forged, expired, replayed, cross-brand,
missing CSRF, wrong OAuth state."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.identity import fan_tokens
from app.models import FanLoginToken, FanProfile, Identity, User, utcnow
from tests.embed.conftest import FACEBOOK_SECRET, page_csrf, play
from tests.outbox import Outbox


def profile_of(brand, user_id):
    return db.session.scalar(
        select(FanProfile).where(FanProfile.brand_id == brand.id, FanProfile.user_id == user_id)
    )


def session_user(client):
    with client.session_transaction("/e/acme") as session:  # a fan path: the fan cookie
        return session.get("fan_user_id")


# Social login in the popup ------------------------------------------------------------------


def start_login(popup, brand_slug="acme"):
    """The popup opens the sign-in page, picks the local provider: the provider's URL."""
    popup.get(f"/fan/{brand_slug}/signin")
    response = popup.get(f"/fan/{brand_slug}/signin/local")
    assert response.status_code == 302
    return response.headers["Location"]


def provider_says_yes(authorize_url, username="alice"):
    """The fan signs in at the provider: its redirect back to our callback."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    answer = requests.post(
        authorize_url.split("?")[0],
        data={**query, "username": username, "decision": "allow"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def callback_path(location):
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def handoff_token(page_html):
    return re.search(r'data-handoff="([^"]+)"', page_html)[1]


def social_sign_in(popup, brand_slug="acme", username="alice"):
    back = provider_says_yes(start_login(popup, brand_slug), username)
    response = popup.get(callback_path(back))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/fan/{brand_slug}/signin/done")
    done = popup.get(f"/fan/{brand_slug}/signin/done")
    assert done.status_code == 200
    return handoff_token(done.get_data(as_text=True))


def redeem(iframe, token, brand_slug="acme", csrf=None):
    csrf = csrf or page_csrf(iframe, f"/e/{brand_slug}")
    return iframe.post(
        f"/fan/{brand_slug}/handoff",
        json={"token": token},
        headers={"X-CSRFToken": csrf, "Accept": "application/json"},
    )


def test_authorization_request_uses_pkce_s256_state_and_nonce(app, brand):
    popup = app.test_client()
    query = parse_qs(urlsplit(start_login(popup)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["scope"] == ["openid email profile"]


def test_guest_signs_in_through_the_popup_and_keeps_their_points(app, brand, campaign):
    iframe, popup = app.test_client(), app.test_client()  # two cookie jars, as in a browser
    play(iframe)
    guest_id = session_user(iframe)

    response = redeem(iframe, social_sign_in(popup))

    assert response.get_json() == {"ok": True}
    user_id = session_user(iframe)
    assert user_id != guest_id
    user = db.session.get(User, user_id)
    assert user.email == "local-alice@local-id.test"
    assert [(i.provider, i.subject) for i in user.identities] == [("local", "local-alice")]
    assert profile_of(brand, user_id).points == 10
    assert db.session.get(User, guest_id) is None  # the claimed guest is gone
    page = iframe.get("/e/acme").get_data(as_text=True)
    assert "Signed in as Alice" in page
    assert 'data-stat="points">10<' in page


def test_a_handoff_token_works_once(app, brand):
    popup, iframe, thief = app.test_client(), app.test_client(), app.test_client()
    token = social_sign_in(popup)
    assert redeem(iframe, token).status_code == 200
    response = redeem(thief, token)
    assert response.status_code == 400
    assert response.get_json()["error"] == "used"
    assert "already used" in response.get_json()["message"]
    assert session_user(thief) is None


def test_a_handoff_token_expires(app, brand):
    popup, iframe = app.test_client(), app.test_client()
    token = social_sign_in(popup)
    db.session.execute(
        FanLoginToken.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    response = redeem(iframe, token)
    assert response.status_code == 400
    assert response.get_json()["error"] == "expired"
    assert response.get_json()["action"]["url"].endswith("/fan/acme/signin")


def test_a_forged_handoff_token_is_refused(app, brand):
    response = redeem(app.test_client(), "made-up-token")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid"


def test_a_handoff_token_of_brand_a_is_refused_by_brand_b(app, brand, other_brand):
    popup, iframe = app.test_client(), app.test_client()
    token = social_sign_in(popup, "acme")
    response = redeem(iframe, token, "globex")
    assert response.status_code == 400
    assert response.get_json()["error"] == "other_brand"
    assert session_user(iframe) is None


def test_redeeming_without_or_with_a_wrong_csrf_token_is_refused(app, brand):
    popup, iframe = app.test_client(), app.test_client()
    token = social_sign_in(popup)
    page_csrf(iframe, "/e/acme")
    for headers in ({}, {"X-CSRFToken": "wrong"}):
        response = iframe.post(
            "/fan/acme/handoff",
            json={"token": token},
            headers={"Accept": "application/json", **headers},
        )
        assert response.status_code == 400
        assert response.get_json()["error"] == "csrf"
    assert session_user(iframe) is None
    assert redeem(iframe, token).status_code == 200  # the token was not spent by the refusals


def test_a_wrong_oauth_state_ends_in_a_clear_message(app, brand):
    popup = app.test_client()
    back = provider_says_yes(start_login(popup))
    forged = re.sub(r"state=[^&]+", "state=forged", callback_path(back))
    response = popup.get(forged)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "expired or was started in another window" in page
    assert 'href="/fan/acme/signin"' in page
    assert session_user(popup) is None


def test_a_callback_from_another_browser_has_no_state_here(app, brand):
    attacker, victim = app.test_client(), app.test_client()
    back = provider_says_yes(start_login(attacker), "mallory")
    response = victim.get(callback_path(back))
    assert response.status_code == 400
    assert session_user(victim) is None


def test_a_refused_or_cancelled_provider_login_says_so(app, brand):
    popup = app.test_client()
    authorize_url = start_login(popup)
    query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    answer = requests.post(
        authorize_url.split("?")[0],
        data={**query, "decision": "deny"},
        allow_redirects=False,
        timeout=10,
    )
    response = popup.get(callback_path(answer.headers["Location"]))
    assert response.status_code == 400
    assert "did not finish signing in" in response.get_data(as_text=True)


def test_a_used_authorization_code_is_not_accepted_twice(app, brand):
    popup = app.test_client()
    back = provider_says_yes(start_login(popup))
    assert popup.get(callback_path(back)).status_code == 302
    again = popup.get(callback_path(back))
    assert again.status_code == 400  # the state was used up with the first callback


def test_continue_as_the_popups_signed_in_user(app, brand):
    popup, iframe = app.test_client(), app.test_client()
    social_sign_in(popup)
    page = popup.get("/fan/acme/signin").get_data(as_text=True)
    assert "Continue as Alice" in page
    done = popup.get("/fan/acme/signin/done").get_data(as_text=True)
    assert redeem(iframe, handoff_token(done)).status_code == 200


def test_done_page_needs_a_signed_in_user(app, brand):
    response = app.test_client().get("/fan/acme/signin/done")
    assert response.status_code == 401
    assert 'href="/fan/acme/signin"' in response.get_data(as_text=True)


def test_unknown_provider(app, brand):
    response = app.test_client().get("/fan/acme/signin/myspace")
    assert response.status_code == 404
    assert "not available" in response.get_data(as_text=True)


# Email link ---------------------------------------------------------------------------------


@pytest.fixture
def outbox():
    """The (to, subject, body) of each email this test really sent, read from the outbox."""
    return Outbox()


def ask_for_link(client, email="Fan@Example.com", brand_slug="acme"):
    token = page_csrf(client, f"/fan/{brand_slug}/signin")
    return client.post(
        f"/fan/{brand_slug}/signin/email", data={"email": email, "csrf_token": token}
    )


def link_path(outbox):
    url = re.search(r"http://\S+", outbox[-1][2])[0]
    return urlsplit(url).path


def open_link(client, path, **options):
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    from tests.embed.conftest import csrf_from

    return client.post(path, data={"csrf_token": csrf_from(page)}, **options)


def test_email_link_signs_in_once_and_the_waiting_popup_hands_off(app, brand, campaign, outbox):
    popup, iframe = app.test_client(), app.test_client()
    play(iframe)
    assert ask_for_link(popup).status_code == 200
    to, subject, _ = outbox[-1]
    assert to == "fan@example.com"
    assert "Acme Coffee" in subject
    assert popup.get("/fan/acme/signin/email/status").get_json()["signed_in"] is False

    # The link opens in another tab of the same browser: the same first-party cookie jar.
    # That tab follows the 303 to the done page, which tells the fan to go back.
    tab = open_link(popup, link_path(outbox), follow_redirects=True)
    assert [r.status_code for r in tab.history] == [303]
    assert tab.request.path == "/fan/acme/signin/done"
    assert "finishes signing you in by itself" in tab.get_data(as_text=True)
    status = popup.get("/fan/acme/signin/email/status").get_json()
    assert status == {"signed_in": True, "next": "/fan/acme/signin/done"}

    done = popup.get(status["next"]).get_data(as_text=True)
    assert redeem(iframe, handoff_token(done)).status_code == 200
    user = db.session.get(User, session_user(iframe))
    assert user.email == "fan@example.com"
    assert profile_of(brand, user.id).points == 10

    again = open_link(app.test_client(), link_path(outbox))
    assert again.status_code == 400
    assert "already used" in again.get_data(as_text=True)


def test_opening_the_link_only_asks_to_confirm(app, brand, outbox):
    ask_for_link(app.test_client())
    scanner = app.test_client()
    assert scanner.get(link_path(outbox)).status_code == 200
    assert session_user(scanner) is None
    assert open_link(app.test_client(), link_path(outbox)).status_code == 303


def test_a_tampered_email_link_is_refused(app, brand, outbox):
    ask_for_link(app.test_client())
    path = link_path(outbox)
    response = app.test_client().get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert response.status_code == 400
    assert "could not be verified" in response.get_data(as_text=True)
    assert 'href="/fan/acme/signin"' in response.get_data(as_text=True)


def test_an_expired_email_link_is_refused(app, brand, outbox, monkeypatch):
    ask_for_link(app.test_client())
    path = link_path(outbox)
    monkeypatch.setattr(fan_tokens, "EMAIL_LINK_TTL", timedelta(seconds=-1))
    response = app.test_client().get(path)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_an_email_link_of_brand_a_does_not_sign_in_at_brand_b(app, brand, other_brand, outbox):
    ask_for_link(app.test_client())
    path = link_path(outbox).replace("/fan/acme/", "/fan/globex/")
    client = app.test_client()
    page = client.get(path)
    from tests.embed.conftest import csrf_from

    response = client.post(path, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 400
    assert session_user(client) is None


def test_a_bad_address_is_asked_again(app, brand, outbox):
    response = ask_for_link(app.test_client(), "not an email")
    assert response.status_code == 422
    assert "valid email address" in response.get_data(as_text=True)
    assert outbox == []


def test_asking_for_links_is_rate_limited(app, brand, outbox):
    client = app.test_client()
    codes = [ask_for_link(client, "same@example.com").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429
    assert len(outbox) == 3


# Brand token (data-fan-token) --------------------------------------------------------------


def send_brand_token(client, token, brand_slug="acme"):
    csrf = page_csrf(client, f"/e/{brand_slug}")
    return client.post(
        f"/fan/{brand_slug}/brand-token",
        json={"token": token},
        headers={"X-CSRFToken": csrf, "Accept": "application/json"},
    )


def test_a_brand_token_signs_its_user_in_and_claims_the_guest(app, brand, campaign):
    client = app.test_client()
    play(client)
    token = fan_tokens.make_brand_token(brand, "customer-42", name="Dana")
    response = send_brand_token(client, token)
    assert response.get_json() == {"ok": True, "changed": True}
    user = db.session.get(User, session_user(client))
    assert user.display_name == "Dana"
    assert user.email is None  # a brand never vouches for an email address
    identity = db.session.scalar(select(Identity).where(Identity.user_id == user.id))
    assert (identity.provider, identity.subject) == (f"brand:{brand.id}", "customer-42")
    assert profile_of(brand, user.id).points == 10


def test_a_replayed_brand_token_is_refused(app, brand):
    token = fan_tokens.make_brand_token(brand, "customer-42")
    assert send_brand_token(app.test_client(), token).status_code == 200
    response = send_brand_token(app.test_client(), token)
    assert response.status_code == 400
    assert response.get_json()["error"] == "replayed"


def test_an_expired_brand_token_is_refused(app, brand):
    token = fan_tokens.make_brand_token(brand, "customer-42", ttl=timedelta(minutes=-5))
    response = send_brand_token(app.test_client(), token)
    assert response.status_code == 400
    assert response.get_json()["error"] == "expired"


def test_a_long_lived_brand_token_is_refused(app, brand):
    token = fan_tokens.make_brand_token(brand, "customer-42", ttl=timedelta(days=30))
    assert send_brand_token(app.test_client(), token).get_json()["error"] == "invalid"


def test_a_forged_brand_token_is_refused(app, brand):
    secret = brand.embed_secret
    brand.embed_secret = "0" * 64
    forged = fan_tokens.make_brand_token(brand, "customer-42")
    brand.embed_secret = secret
    db.session.commit()
    client = app.test_client()
    response = send_brand_token(client, forged)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid"
    assert session_user(client) is None

    header, payload, _signature = fan_tokens.make_brand_token(brand, "customer-42").split(".")
    unsigned = f"{header}.{payload}."
    assert send_brand_token(client, unsigned).get_json()["error"] == "invalid"
    assert send_brand_token(client, "not-a-token").get_json()["error"] == "invalid"


def test_a_none_algorithm_token_is_refused(app, brand):
    import base64
    import json

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(utcnow().timestamp())
    claims = {"sub": "x", "aud": "acme", "exp": now + 60, "jti": "j1"}
    token = f"{part({'alg': 'none'})}.{part(claims)}."
    assert send_brand_token(app.test_client(), token).get_json()["error"] == "invalid"


def test_a_brand_token_of_brand_a_is_refused_by_brand_b(app, brand, other_brand):
    token = fan_tokens.make_brand_token(brand, "customer-42")
    response = send_brand_token(app.test_client(), token, "globex")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid"
    # Even signed with B's secret, a token for audience A is not for B.
    token = fan_tokens.make_brand_token(other_brand, "customer-42")
    assert send_brand_token(app.test_client(), token, "acme").get_json()["error"] == "invalid"


def test_a_brand_token_with_the_wrong_audience_is_refused(app, brand):
    token = fan_tokens.make_brand_token(brand, "customer-42", aud="globex")
    assert send_brand_token(app.test_client(), token).get_json()["error"] == "invalid"


def test_a_brand_token_without_csrf_is_refused(app, brand):
    client = app.test_client()
    page_csrf(client, "/e/acme")
    response = client.post(
        "/fan/acme/brand-token",
        json={"token": fan_tokens.make_brand_token(brand, "c")},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"


# Facebook signed_request ---------------------------------------------------------------------


def facebook_post(client, payload, secret=FACEBOOK_SECRET, brand_slug="acme"):
    signed = fan_tokens.make_signed_request(payload, secret)
    return client.post(f"/e/{brand_slug}/facebook-tab", data={"signed_request": signed})


def fb_payload(**fields):
    return {"algorithm": "HMAC-SHA256", "issued_at": int(utcnow().timestamp()), **fields}


def test_a_facebook_page_tab_signs_the_fan_in(app, brand):
    client = app.test_client()
    response = facebook_post(client, fb_payload(user_id="10001", page={"id": "1"}))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/e/acme")
    user = db.session.get(User, session_user(client))
    assert [(i.provider, i.subject) for i in user.identities] == [("facebook", "10001")]
    assert profile_of(brand, user.id) is not None


def test_a_facebook_page_tab_without_a_user_just_shows_the_page(app, brand):
    client = app.test_client()
    assert facebook_post(client, fb_payload(page={"id": "1"})).status_code == 303
    assert session_user(client) is None


def test_a_forged_signed_request_is_refused(app, brand):
    client = app.test_client()
    response = facebook_post(client, fb_payload(user_id="10001"), secret="not-the-secret")
    assert response.status_code == 400
    assert "could not verify this Facebook page" in response.get_data(as_text=True)
    assert session_user(client) is None
    assert (
        client.post("/e/acme/facebook-tab", data={"signed_request": "garbage"}).status_code == 400
    )
    assert client.post("/e/acme/facebook-tab", data={}).status_code == 400


def test_a_signed_request_must_name_hmac_sha256(app, brand):
    payload = fb_payload(user_id="10001")
    payload["algorithm"] = "none"
    assert facebook_post(app.test_client(), payload).status_code == 400


def test_an_old_signed_request_is_refused(app, brand):
    payload = fb_payload(user_id="10001")
    payload["issued_at"] -= 2 * 3600
    assert facebook_post(app.test_client(), payload).status_code == 400


# Signing out -----------------------------------------------------------------------------


def test_sign_out_needs_csrf_and_forgets_the_fan(app, brand):
    client = app.test_client()
    send_brand_token(client, fan_tokens.make_brand_token(brand, "c"))
    assert session_user(client) is not None
    assert client.post("/fan/acme/signout").status_code == 400
    assert session_user(client) is not None
    csrf = page_csrf(client, "/e/acme")
    assert client.post("/fan/acme/signout", data={"csrf_token": csrf}).status_code == 303
    assert session_user(client) is None
