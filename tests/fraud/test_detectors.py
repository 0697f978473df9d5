"""Each detector as a moderator notices it: the right fans get a signal with its reason."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.engagement import record
from app.extensions import db
from app.fraud.detect import disposable_domain
from app.models import Campaign, FanProfile, FraudDecision, utcnow
from tests.factories import make_fan
from tests.fraud.conftest import PUBLIC_IP, sign_in_by_email, signals_of

# -- 1. disposable email -----------------------------------------------------------------------


def test_a_disposable_email_domain_is_a_signal(brand, fan_at, outbox):
    browser = fan_at()
    sign_in_by_email(browser, outbox, "Throwaway@Mailinator.com")
    fan = browser.profile(brand)
    [signal] = signals_of(fan)
    assert (signal.kind, signal.ref) == ("disposable_email", "domain:mailinator.com")
    assert "mailinator.com" in signal.detail
    assert fan.fraud_risk == pytest.approx(0.5)
    assert not fan.fraud_flagged  # one signal alone never flags


def test_an_ordinary_email_is_no_signal(brand, fan_at, outbox):
    browser = fan_at()
    sign_in_by_email(browser, outbox, "someone@example.com")
    fan = browser.profile(brand)
    assert signals_of(fan) == []
    assert fan.fraud_risk == 0


def test_a_guest_who_signs_in_with_a_disposable_address_keeps_the_signal_once(
    brand, fan_at, outbox
):
    browser = fan_at()
    browser.play()
    sign_in_by_email(browser, outbox, "me@yopmail.com")
    sign_in_by_email(browser, outbox, "me@yopmail.com")
    assert [s.kind for s in signals_of(browser.profile(brand))] == ["disposable_email"]


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("a@mailinator.com", "mailinator.com"),
        ("a@inbox.mailinator.com", "mailinator.com"),
        ("a@gmail.com", None),
        ("a@example.com", None),
        (None, None),
    ],
)
def test_disposable_domains_include_their_subdomains(email, domain):
    assert disposable_domain(email) == domain


# -- 2. many new fans from one IP or one device -----------------------------------------------


def test_five_new_guests_from_one_ip_are_each_signalled(brand, fan_at):
    crowd = [fan_at(PUBLIC_IP) for _ in range(5)]
    for browser in crowd[:4]:
        browser.play()
    assert all(signals_of(b.profile(brand)) == [] for b in crowd[:4])

    crowd[4].play()
    for browser in crowd:
        [signal] = signals_of(browser.profile(brand))
        assert signal.kind == "shared_ip"
        assert PUBLIC_IP in signal.detail
        assert browser.profile(brand).fraud_risk == pytest.approx(0.3)
        assert not browser.profile(brand).fraud_flagged

    latecomer = fan_at(PUBLIC_IP)
    latecomer.play()
    assert [s.kind for s in signals_of(latecomer.profile(brand))] == ["shared_ip"]
    # The crowd keeps one signal each: the same evidence is never counted twice.
    assert len(signals_of(crowd[0].profile(brand))) == 1


def test_fans_from_other_ips_or_outside_the_window_do_not_count(brand, fan_at):
    for n in range(4):
        fan_at(f"198.51.100.{n + 1}").play()
    olds = [fan_at(PUBLIC_IP) for _ in range(4)]
    for browser in olds:
        browser.play()
    db.session.execute(update(FanProfile).values(joined_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    fresh = fan_at(PUBLIC_IP)
    fresh.play()
    assert signals_of(fresh.profile(brand)) == []


def test_addresses_standing_for_many_clients_are_not_counted(brand, fan_at):
    # Behind a local proxy every fan seems to come from 127.0.0.1 or a private address.
    browsers = [fan_at("127.0.0.1") for _ in range(3)] + [fan_at("10.0.0.2") for _ in range(3)]
    for browser in browsers:
        browser.play()
    assert all(signals_of(b.profile(brand)) == [] for b in browsers)
    assert browsers[0].profile(brand).created_ip is None


def test_one_browser_making_three_fans_is_signalled(brand, fan_at):
    browser = fan_at()
    fans = []
    for _ in range(3):
        browser.play()
        fans.append(browser.profile(brand))
        browser.sign_out()
    assert len({fan.id for fan in fans}) == 3
    for fan in fans:
        assert [s.kind for s in signals_of(fan)] == ["shared_device"]
        assert fan.device_id == fans[0].device_id


def test_same_ip_and_same_browser_together_flag_automatically(brand, fan_at):
    browser = fan_at()
    for _ in range(3):
        browser.play()
        browser.sign_out()
    others = [fan_at() for _ in range(2)]
    for other in others:
        other.play()

    flagged = db.session.scalars(
        select(FanProfile).where(FanProfile.fraud_flagged.is_(True)).order_by(FanProfile.id)
    ).all()
    assert len(flagged) == 3
    assert all(fan.fraud_risk == pytest.approx(1 - 0.7 * 0.5) for fan in flagged)
    assert all(not other.profile(brand).fraud_flagged for other in others)
    decisions = db.session.scalars(select(FraudDecision)).all()
    assert {(d.fan_id, d.action, d.actor) for d in decisions} == {
        (fan.id, "flagged", "automatic") for fan in flagged
    }


# -- 3. vote bursts from new fans ------------------------------------------------------------


def vote(fan, ref="photo_entry:1"):
    record(fan, "vote_cast", ref=ref)
    db.session.commit()


def test_a_burst_of_votes_from_new_fans_signals_each_voter(brand):
    voters = [make_fan(brand) for _ in range(5)]
    for voter in voters[:4]:
        vote(voter)
    assert all(signals_of(v) == [] for v in voters)
    vote(voters[4])
    for voter in voters:
        [signal] = signals_of(voter)
        assert (signal.kind, signal.ref) == ("vote_burst", "votes:photo_entry:1")
        assert "5 votes for photo_entry:1" in signal.detail


def test_votes_from_established_fans_or_spread_over_entries_are_no_burst(brand):
    settled = [make_fan(brand, joined_at=utcnow() - timedelta(days=3)) for _ in range(5)]
    for voter in settled:
        vote(voter)
    newcomers = [make_fan(brand) for _ in range(5)]
    for n, voter in enumerate(newcomers):
        vote(voter, ref=f"photo_entry:{n + 10}")
    assert all(signals_of(v) == [] for v in settled + newcomers)


# -- 4. entries from flagged fans --------------------------------------------------------------


def test_a_flagged_fan_entering_a_contest_gets_a_signal_naming_it(brand):
    spring = db.session.scalar(select(Campaign).where(Campaign.slug == "spring"))
    cheat, honest = make_fan(brand, fraud_flagged=True), make_fan(brand)
    for fan in (cheat, honest):
        record(fan, "photo_submitted", campaign=spring, ref="photo_entry:7")
    db.session.commit()
    [signal] = signals_of(cheat)
    assert (signal.kind, signal.ref) == ("flagged_entry", f"campaign:{spring.id}")
    assert '"Spring Game"' in signal.detail
    assert signals_of(honest) == []
