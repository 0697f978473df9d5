"""A guest is remembered by the browser only once the guest exists for good."""

from flask import session

from app.extensions import db
from app.identity.fan_session import SESSION_KEY, fan_profile
from tests.factories import make_brand


def test_a_rolled_back_guest_is_not_remembered(app):
    brand = make_brand()
    db.session.commit()
    with app.test_request_context("/e/acme"):
        fan = fan_profile(brand, create_guest=True)
        assert fan_profile(brand, create_guest=True).id == fan.id  # one guest per request
        db.session.rollback()
        assert SESSION_KEY not in session


def test_a_committed_guest_is_remembered(app):
    brand = make_brand()
    db.session.commit()
    with app.test_request_context("/e/acme"):
        fan = fan_profile(brand, create_guest=True)
        user_id = fan.user_id
        db.session.commit()
        assert session[SESSION_KEY] == user_id
