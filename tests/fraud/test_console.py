"""The Fraud page: who is at risk and why, flag and clear with a reason, every decision logged."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.fraud.signals import note
from app.models import FanProfile, FraudDecision
from tests.factories import make_fan
from tests.fraud.conftest import signals_of

PAGE = "/console/acme/fraud/"


def doubt(fan, kind="disposable_email", ref="domain:mailinator.com", detail=None):
    note(fan, kind, ref, detail or f"Signed in with an address at {ref.split(':', 1)[1]}.")
    db.session.commit()


def decide(browser, fan, action, reason="Checked their entries by hand."):
    return browser.submit(f"{PAGE}{fan.id}/{action}", {"reason": reason}, page=PAGE)


def fresh(fan) -> FanProfile:
    db.session.expire_all()
    return db.session.get(FanProfile, fan.id)


def section(html: str, fan) -> str:
    found = re.search(rf'<section class="fraud-case" id="fan-{fan.id}".*?</section>', html, re.S)
    return found[0] if found else ""


def test_the_page_lists_fans_at_risk_with_their_reasons(brand, staff):
    risky, calm = make_fan(brand, "Risky Rita"), make_fan(brand, "Calm Carl")
    doubt(risky)
    doubt(risky, "shared_ip", "ip:203.0.113.7", "5 new fans from IP 203.0.113.7 within 60 minutes.")
    html = staff().get(PAGE).get_data(as_text=True)

    case = section(html, risky)
    assert "Risky Rita" in case
    assert 'data-test="risk">65%' in case
    assert "Signed in with an address at mailinator.com." in case
    assert "5 new fans from IP 203.0.113.7 within 60 minutes." in case
    assert 'data-test="flagged"' in case  # two signals reach the threshold
    assert section(html, calm) == ""
    assert "Calm Carl" not in html


def test_only_moderating_members_of_the_brand_see_the_page(brand, other_brand, staff):
    fan = make_fan(brand)
    doubt(fan)
    moderator = staff("moderator")
    assert 'href="/console/acme/fraud/"' in moderator.get("/console/acme/").get_data(as_text=True)

    analyst = staff("analyst")
    assert 'href="/console/acme/fraud/"' not in analyst.get("/console/acme/").get_data(as_text=True)
    assert analyst.get(PAGE).status_code == 403

    stranger = staff("moderator", of=other_brand)
    assert stranger.get(PAGE).status_code == 404
    assert stranger.get("/console/globex/fraud/").status_code == 200
    response = stranger.submit(
        f"/console/globex/fraud/{fan.id}/flag", {"reason": "x"}, page="/console/globex/fraud/"
    )
    assert response.status_code == 404
    assert not fresh(fan).fraud_flagged


def test_flagging_needs_a_reason_and_changes_nothing_without_one(brand, staff):
    fan = make_fan(brand, "Risky Rita")
    doubt(fan)
    response = decide(staff(), fan, "flag", reason="   ")
    assert response.status_code == 422
    assert "Please give a reason" in section(response.get_data(as_text=True), fan)
    assert not fresh(fan).fraud_flagged
    assert db.session.scalars(select(FraudDecision)).all() == []


def test_flag_then_clear_is_logged_with_who_and_why(brand, staff):
    fan = make_fan(brand, "Risky Rita")
    doubt(fan)
    moderator = staff()

    flagged = decide(moderator, fan, "flag", "Twenty votes in a minute for one photo.")
    assert flagged.status_code == 302
    assert fresh(fan).fraud_flagged
    assert fresh(fan).fraud_risk == pytest.approx(0.5)

    cleared = decide(moderator, fan, "clear", "Spoke to them: a school class voted together.")
    assert cleared.status_code == 302
    fan = fresh(fan)
    assert not fan.fraud_flagged
    assert fan.fraud_risk == 0
    assert all(s.cleared_at is not None for s in signals_of(fan))

    log = db.session.scalars(select(FraudDecision).order_by(FraudDecision.id)).all()
    assert [(d.action, d.actor, d.reason) for d in log] == [
        ("flagged", "moderator@acme.example", "Twenty votes in a minute for one photo."),
        ("cleared", "moderator@acme.example", "Spoke to them: a school class voted together."),
    ]
    html = moderator.get(PAGE).get_data(as_text=True)
    assert section(html, fan) == ""  # nothing left to review
    assert "Spoke to them: a school class voted together." in html
    assert "Twenty votes in a minute for one photo." in html


def test_cleared_evidence_does_not_count_again_but_new_evidence_does(brand, staff):
    fan = make_fan(brand)
    doubt(fan)
    decide(staff(), fan, "clear", "Their company uses that mail service.")
    doubt(fan)
    assert fresh(fan).fraud_risk == 0
    doubt(fan, "vote_burst", "votes:photo_entry:3", "One of 9 votes for photo_entry:3.")
    assert fresh(fan).fraud_risk == pytest.approx(0.5)


def test_decisions_that_make_no_sense_are_refused(brand, staff):
    calm, flagged = make_fan(brand), make_fan(brand, fraud_flagged=True)
    moderator = staff()
    response = decide(moderator, flagged, "flag")
    assert response.status_code == 422
    assert "already flagged" in response.get_data(as_text=True)
    response = decide(moderator, calm, "clear")
    assert response.status_code == 422
    assert db.session.scalars(select(FraudDecision)).all() == []


def test_an_absurd_fan_number_is_not_found_not_a_crash(brand, staff):
    moderator = staff("moderator")
    huge = "9" * 30
    assert moderator.submit(f"{PAGE}{huge}/flag", {"reason": "x"}, page=PAGE).status_code == 404
    assert moderator.submit(f"{PAGE}{huge}/clear", {"reason": "x"}, page=PAGE).status_code == 404
