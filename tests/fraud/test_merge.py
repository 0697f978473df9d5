"""A guest's signals follow it into the signed-in fan's profile, each piece of evidence once."""

import pytest

from app.extensions import db
from app.fraud.signals import note
from app.models import FanProfile
from tests.fraud.conftest import sign_in_by_email, signals_of


def test_a_claimed_guest_brings_its_signals_once(brand, fan_at, outbox):
    phone, laptop = fan_at("198.51.100.20"), fan_at("198.51.100.21")
    sign_in_by_email(phone, outbox, "fan@example.com")
    member = phone.profile(brand)
    laptop.play()
    guest = laptop.profile(brand)
    for fan in (member, guest):
        note(fan, "shared_ip", "ip:198.51.100.9", "6 new fans from IP 198.51.100.9.")
    note(guest, "vote_burst", "votes:photo_entry:4", "One of 8 votes for photo_entry:4.")
    db.session.commit()
    member_id, guest_id = member.id, guest.id

    sign_in_by_email(laptop, outbox, "fan@example.com")
    member = laptop.profile(brand)
    assert member.id == member_id
    assert db.session.get(FanProfile, guest_id) is None  # merged, not left beside
    assert sorted(s.kind for s in signals_of(member)) == ["shared_ip", "vote_burst"]
    assert member.fraud_risk == pytest.approx(1 - 0.7 * 0.5)
