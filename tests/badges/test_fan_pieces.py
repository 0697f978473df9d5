"""What the embed includes: the shelf, the level and the notices, rendered as partials."""

from flask import render_template_string

from app.badges import awarding, level, shelf, unseen_notices
from app.engagement import record
from app.extensions import db
from app.models import Brand
from tests.badges.conftest import make_badge
from tests.factories import make_fan

PAGE = """
{% include "badges/_notice.html" %}
{% include "badges/_level.html" %}
{% include "badges/_shelf.html" %}
"""


def render(app, fan):
    with app.test_request_context("/e/acme"):
        return render_template_string(
            PAGE,
            badge_notices=unseen_notices(fan),
            fan_level=level(fan),
            badge_shelf=shelf(fan),
            brand=db.session.get(Brand, fan.brand_id),
        )


def test_the_partials_show_badges_level_and_a_notice_once(app, brand, fan):
    make_badge(brand, name="Hello <there>", description="Said hi.")
    record(fan, "profile_completed")
    db.session.commit()
    html = render(app, fan)
    assert "New badge: Hello &lt;there&gt;" in html
    assert "Your badges" in html and "Said hi." in html
    assert "Newcomer" in html and "points to Regular" in html
    db.session.commit()
    again = render(app, fan)
    assert "New badge" not in again and "Your badges" in again


def test_revoked_badges_leave_the_shelf(brand, fan):
    make_badge(brand)
    record(fan, "profile_completed")
    db.session.commit()
    (item,) = shelf(fan)
    award = awarding.set_public(fan, item.uuid, True)
    awarding.revoke(award, "Fraud")
    assert shelf(fan) == []


def test_guests_get_nothing(app, brand):
    assert shelf(None) == [] and unseen_notices(None) == [] and level(None) is None
    guest = make_fan(brand, email=None)
    make_badge(brand)
    record(guest, "profile_completed")
    db.session.commit()
    assert len(shelf(guest)) == 1
