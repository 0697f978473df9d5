"""Joining a brand: join source, referral credit, marketing consent asked, changed, withdrawn."""

import re

from sqlalchemy import select

from app.extensions import db
from app.identity import fan_tokens
from app.models import ConsentRecord, ConsentText, EngagementEvent, FanProfile, utcnow
from tests.embed.conftest import csrf_from, page_csrf, play
from tests.factories import make_fan


def the_profile(brand):
    return db.session.scalars(
        select(FanProfile).where(FanProfile.brand_id == brand.id).order_by(FanProfile.id.desc())
    ).first()


def sign_in_with_brand_token(client, brand, subject):
    csrf = page_csrf(client, f"/e/{brand.slug}")
    response = client.post(
        f"/fan/{brand.slug}/brand-token",
        json={"token": fan_tokens.make_brand_token(brand, subject)},
        headers={"X-CSRFToken": csrf, "Accept": "application/json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def referral_events(brand):
    return db.session.scalars(
        select(EngagementEvent).where(
            EngagementEvent.brand_id == brand.id, EngagementEvent.type == "referral_joined"
        )
    ).all()


def test_the_first_visits_utm_tags_are_the_join_source(client, brand, campaign):
    client.get("/e/acme?utm_source=newsletter&utm_medium=email&utm_campaign=launch")
    client.get("/e/acme?utm_source=later")  # first touch wins
    play(client)
    profile = the_profile(brand)
    assert (profile.utm_source, profile.utm_medium, profile.utm_campaign) == (
        "newsletter",
        "email",
        "launch",
    )
    assert profile.join_source == "utm:newsletter/email/launch"


def test_a_referral_is_credited_once_when_the_referred_fan_is_known(client, brand, campaign):
    referrer = make_fan(brand, "Referrer")
    db.session.commit()
    client.get(f"/e/acme?ref={referrer.referral_code}")
    play(client)
    guest_profile = the_profile(brand)
    assert guest_profile.referred_by_id == referrer.id
    assert referral_events(brand) == []  # a guest is not yet a person we know

    sign_in_with_brand_token(client, brand, "customer-1")
    events = referral_events(brand)
    assert [(e.fan_id, e.points) for e in events] == [(referrer.id, 15)]
    assert db.session.get(FanProfile, referrer.id).points == 15

    # The same person again, from another browser and through another guest: no new credit.
    again = client.application.test_client()
    again.get(f"/e/acme?ref={referrer.referral_code}")
    play(again)
    sign_in_with_brand_token(again, brand, "customer-1")
    assert len(referral_events(brand)) == 1


def test_a_referral_code_of_another_brand_is_ignored(client, brand, other_brand, campaign):
    stranger = make_fan(other_brand, "Stranger")
    db.session.commit()
    client.get(f"/e/acme?ref={stranger.referral_code}")
    play(client)
    assert the_profile(brand).referred_by_id is None


def consent_form(page):
    match = re.search(r'<form method="post" action="/fan/acme/consent">(.*?)</form>', page, re.S)
    assert match, "no consent form on the page"
    return match[1]


def answer(client, marketing: bool, version="v1", page_url="/e/acme"):
    page = client.get(page_url)
    data = {"csrf_token": csrf_from(page), "version": version, "next": page_url}
    if marketing:
        data["marketing"] = "yes"
    return client.post("/fan/acme/consent", data=data)


def test_a_new_fan_is_asked_with_the_current_text_and_nothing_pre_ticked(client, brand, campaign):
    db.session.add(
        ConsentText(brand_id=brand.id, version="v2", body="Acme sends one email a month.")
    )
    db.session.commit()
    assert "Stay in touch" not in client.get("/e/acme").get_data(as_text=True)  # not a fan yet
    play(client)
    page = client.get("/e/acme/spring").get_data(as_text=True)  # playing is never blocked
    assert 'data-test="points">10<' in page
    form = consent_form(page)
    assert "Acme sends one email a month." in page
    assert 'name="version" value="v2"' in form
    assert 'type="checkbox" name="marketing" value="yes">' in form  # not checked


def test_granting_and_withdrawing_are_recorded_with_the_text_version(client, brand, campaign):
    play(client)
    assert answer(client, True).status_code == 303
    profile = the_profile(brand)
    assert profile.marketing_consent and profile.consent_version == "v1"
    page = client.get("/e/acme").get_data(as_text=True)
    assert "Stay in touch" not in page
    assert "Stop marketing messages" in page

    csrf = csrf_from(client.get("/e/acme"))
    client.post("/fan/acme/consent", data={"csrf_token": csrf, "action": "withdraw"})
    profile = the_profile(brand)
    assert not profile.marketing_consent and profile.marketing_consent_at is None
    history = db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.fan_id == profile.id).order_by(ConsentRecord.id)
    ).all()
    assert [(r.text_version, r.granted) for r in history] == [("v1", True), ("v1", False)]
    assert "You do not receive marketing messages" in client.get("/e/acme").get_data(as_text=True)


def test_declining_is_a_choice_too(client, brand, campaign):
    play(client)
    answer(client, False)
    profile = the_profile(brand)
    assert not profile.marketing_consent and profile.consent_version == "v1"
    assert "Stay in touch" not in client.get("/e/acme").get_data(as_text=True)


def test_a_changed_text_is_asked_again(client, brand, campaign):
    play(client)
    answer(client, True)
    db.session.add(
        ConsentText(brand_id=brand.id, version="v2", body="Now with partners.", created_at=utcnow())
    )
    db.session.commit()
    page = client.get("/e/acme").get_data(as_text=True)
    assert "Our consent text has changed" in page
    assert "Now with partners." in page

    # An answer to the old text (a page left open) is not taken for the new one.
    response = answer(client, True, version="v1")
    assert response.status_code == 303
    assert the_profile(brand).consent_version == "v1"
    assert "has just changed" in client.get("/e/acme").get_data(as_text=True)

    answer(client, True, version="v2")
    assert the_profile(brand).consent_version == "v2"


def test_a_consent_answer_without_csrf_is_refused_with_a_way_forward(client, brand, campaign):
    play(client)
    response = client.post("/fan/acme/consent", data={"version": "v1", "marketing": "yes"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Your session has expired" in page
    assert "Open the hosted page" in page
    assert not the_profile(brand).marketing_consent
    french = client.post(
        "/fan/acme/consent", data={"version": "v1"}, headers={"Accept-Language": "fr"}
    )
    assert "Votre session a expiré" in french.get_data(as_text=True)


def test_next_cannot_leave_the_fan_pages(client, brand, campaign):
    play(client)
    csrf = csrf_from(client.get("/e/acme"))
    response = client.post(
        "/fan/acme/consent",
        data={"csrf_token": csrf, "version": "v1", "next": "https://evil.example/e/acme"},
    )
    assert response.headers["Location"] == "/e/acme"
