"""Open Badges 2.0 hosted verification, checked against the specification's requirements.

The checks are written from the Open Badges 2.0 text (IMS Final Release, April 2018), not from
our output: an Assertion REQUIRES id (IRI), type, recipient (IdentityObject: type, identity,
hashed; salt optional), badge (IRI), verification (VerificationObject with a type) and
issuedOn (ISO 8601 DateTime). A BadgeClass REQUIRES id, type, name, description, image,
criteria (IRI or Criteria with a narrative) and issuer. A Profile REQUIRES id and type; an
issuer should give name, url and email. With hosted verification the assertion's id is an
HTTP(S) URL, on the issuer's origin, that serves the assertion. A hosted assertion that was
revoked answers 410 Gone with revoked: true and a revocationReason.
"""

import hashlib
import json
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.badges import awarding, editing
from app.engagement import record
from app.extensions import db
from app.models import BadgeAward
from tests.badges.conftest import make_badge
from tests.factories import make_fan

CONTEXT = "https://w3id.org/openbadges/v2"
IRI = re.compile(r"^https?://[^\s/]+/\S*$")
HASH = re.compile(r"^(sha256\$[0-9a-f]{64}|md5\$[0-9a-f]{32})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def is_iri(value) -> bool:
    return isinstance(value, str) and bool(IRI.match(value))


def is_datetime(value) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


def has_type(document, name) -> bool:
    kind = document.get("type")
    return kind == name or (isinstance(kind, list) and name in kind)


def check_assertion(doc):
    assert doc["@context"] == CONTEXT
    assert is_iri(doc["id"])
    assert has_type(doc, "Assertion")
    recipient = doc["recipient"]
    assert recipient["type"] in ("email", "url", "telephone", "id")
    assert isinstance(recipient["hashed"], bool)
    assert isinstance(recipient["identity"], str)
    if recipient["hashed"]:
        assert HASH.match(recipient["identity"])
    if "salt" in recipient:
        assert isinstance(recipient["salt"], str)
    assert is_iri(doc["badge"]) or isinstance(doc["badge"], dict)
    assert doc["verification"]["type"] in ("HostedBadge", "hosted")
    assert is_datetime(doc["issuedOn"])
    if "evidence" in doc:
        evidence = doc["evidence"]
        for item in evidence if isinstance(evidence, list) else [evidence]:
            assert is_iri(item) or (
                isinstance(item, dict) and ("id" in item or "narrative" in item)
            )
            if isinstance(item, dict) and "id" in item:
                assert is_iri(item["id"])


def check_badge_class(doc):
    assert doc["@context"] == CONTEXT
    assert is_iri(doc["id"])
    assert has_type(doc, "BadgeClass")
    assert isinstance(doc["name"], str) and doc["name"]
    assert isinstance(doc["description"], str) and doc["description"]
    assert is_iri(doc["image"]) or str(doc["image"]).startswith("data:")
    criteria = doc["criteria"]
    assert is_iri(criteria) or (
        isinstance(criteria, dict) and ("id" in criteria or "narrative" in criteria)
    )
    assert is_iri(doc["issuer"]) or isinstance(doc["issuer"], dict)


def check_issuer(doc):
    assert doc["@context"] == CONTEXT
    assert is_iri(doc["id"])
    assert has_type(doc, "Issuer") or has_type(doc, "Profile")
    assert isinstance(doc["name"], str) and doc["name"]
    assert is_iri(doc["url"])
    assert EMAIL.match(doc["email"])


def fetch(client, url: str, status: int = 200):
    """GET an absolute URL of ours through the test client."""
    parts = urlsplit(url)
    response = client.get(parts.path)
    assert response.status_code == status, (url, response.status_code)
    return response


@pytest.fixture
def earned(brand, fan):
    badge = make_badge(brand, description="Said hello.")
    record(fan, "profile_completed")
    db.session.commit()
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.fan_id == fan.id))
    return badge, award


def test_the_assertion_badge_class_and_issuer_meet_the_specification(client, earned, fan, app):
    _badge, award = earned
    url = f"{app.config['BASE_URL']}/badges/assertions/{award.uuid}"
    response = fetch(client, url)
    assert response.mimetype == "application/ld+json"
    assertion = response.get_json(force=True)
    check_assertion(assertion)
    # Hosted verification: the id is where the assertion lives, on the issuer's origin.
    assert assertion["id"] == url
    badge_class = fetch(client, assertion["badge"]).get_json(force=True)
    check_badge_class(badge_class)
    assert badge_class["id"] == assertion["badge"]
    issuer = fetch(client, badge_class["issuer"]).get_json(force=True)
    check_issuer(issuer)
    assert urlsplit(issuer["id"]).netloc == urlsplit(assertion["id"]).netloc
    image = fetch(client, badge_class["image"])
    assert image.mimetype == "image/png"


def test_the_recipient_is_the_fans_hashed_email(client, earned, fan):
    _badge, award = earned
    recipient = fetch(client, f"/badges/assertions/{award.uuid}").get_json(force=True)["recipient"]
    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    expected = hashlib.sha256((fan.user.email + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"
    assert fan.user.email not in json.dumps(recipient)


def test_a_revoked_assertion_answers_410_with_the_reason(client, earned):
    _badge, award = earned
    awarding.revoke(award, "Fraudulent votes")
    db.session.commit()
    response = client.get(f"/badges/assertions/{award.uuid}")
    assert response.status_code == 410
    body = response.get_json(force=True)
    assert body["revoked"] is True
    assert body["revocationReason"] == "Fraudulent votes"
    assert client.get(f"/badges/assertions/{award.uuid}.png").status_code == 410


def test_a_deleted_badge_keeps_its_awards_verifiable(client, earned, brand):
    badge, award = earned
    editing.delete_badge(badge)
    db.session.commit()
    assertion = fetch(client, f"/badges/assertions/{award.uuid}").get_json(force=True)
    check_badge_class(fetch(client, assertion["badge"]).get_json(force=True))


def test_unknown_documents_answer_404(client, brand):
    assert client.get("/badges/assertions/not-an-award").status_code == 404
    assert client.get("/badges/acme/nope").status_code == 404
    assert client.get("/badges/nobody/issuer").status_code == 404


def test_a_private_award_verifies_but_has_no_public_page(client, earned, fan):
    _badge, award = earned
    assert client.get(f"/badges/assertions/{award.uuid}").status_code == 200
    assert client.get(f"/badges/shared/{award.uuid}").status_code == 404
    awarding.set_public(fan, award.uuid, True)
    db.session.commit()
    page = client.get(f"/badges/shared/{award.uuid}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'property="og:title"' in html
    assert 'property="og:image"' in html


def test_another_fan_cannot_make_an_award_public(earned, brand):
    _badge, award = earned
    assert awarding.set_public(make_fan(brand), award.uuid, True) is None


def test_the_public_page_escapes_what_staff_and_fans_typed(client, brand):
    fan = make_fan(brand, '<script>alert("x")</script>')
    make_badge(brand, "xss", name="<b>bold</b>", description="<img src=x onerror=alert(1)>")
    record(fan, "profile_completed")
    db.session.commit()
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.fan_id == fan.id))
    awarding.set_public(fan, award.uuid, True)
    db.session.commit()
    html = client.get(f"/badges/shared/{award.uuid}").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html


def test_a_guest_without_email_gets_a_hashed_url_recipient(client, brand):
    guest = make_fan(brand, email=None)
    make_badge(brand)
    record(guest, "profile_completed")
    db.session.commit()
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.fan_id == guest.id))
    assertion = fetch(client, f"/badges/assertions/{award.uuid}").get_json(force=True)
    check_assertion(assertion)
    assert assertion["recipient"]["type"] == "url"


def test_the_evidence_links_to_the_campaign_the_fan_played(client, brand, fan, app):
    from tests.factories import make_campaign

    spring = make_campaign(brand, "spring")
    make_badge(brand, rule=[{"kind": "count", "event_type": "campaign_viewed", "count": 1}])
    record(fan, "campaign_viewed", campaign=spring)
    db.session.commit()
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.fan_id == fan.id))
    assertion = fetch(client, f"/badges/assertions/{award.uuid}").get_json(force=True)
    assert assertion["evidence"]["id"] == f"{app.config['BASE_URL']}/e/acme/spring"
