"""The badges migration matches the models, rules live in the database, the demo is idempotent."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import demo
from app.extensions import db
from app.models import Badge, BadgeAward, FanProfile, Level, utcnow
from tests.badges.conftest import make_badge


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(
            lambda badge, fan: Badge(brand_id=badge.brand_id, slug=badge.slug, name="x"),
            id="slug-twice",
        ),
        pytest.param(
            lambda badge, fan: Badge(brand_id=badge.brand_id, slug="Caps", name="x"), id="slug-case"
        ),
        pytest.param(
            lambda badge, fan: Badge(
                brand_id=badge.brand_id, slug="y", name="x", combinator="most"
            ),
            id="combinator",
        ),
        pytest.param(
            lambda badge, fan: BadgeAward(
                uuid="u1", brand_id=badge.brand_id, badge_id=badge.id, fan_id=fan.id, salt="s"
            ),
            id="award-twice",
        ),
        pytest.param(
            lambda badge, fan: Level(brand_id=badge.brand_id, name="Again", min_points=0),
            id="level-points-twice",
        ),
    ],
)
def test_rules_are_constraints_in_the_database(any_app, bad):
    from app.badges import awarding
    from tests.factories import make_brand, make_fan

    brand = make_brand()
    fan = make_fan(brand)
    badge = make_badge(brand, rule=[{"kind": "points", "threshold": 1}])
    db.session.add(Level(brand_id=brand.id, name="Start", min_points=0))
    awarding.award(badge, fan)
    db.session.commit()
    db.session.add(bad(badge, fan))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_revocation_without_a_reason_is_refused_by_the_database(any_app):
    from app.badges import awarding
    from tests.factories import make_brand, make_fan

    brand = make_brand()
    fan = make_fan(brand)
    award = awarding.award(make_badge(brand, rule=[{"kind": "points", "threshold": 1}]), fan)
    award.revoked_at = utcnow()
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_demo_defines_badges_and_awards_them_once(app, monkeypatch):
    monkeypatch.setattr(demo, "FAN_COUNT", 40)
    demo.load_demo()
    awards = db.session.scalar(select(func.count()).select_from(BadgeAward))
    assert db.session.scalar(select(func.count()).select_from(Badge)) == 5
    assert db.session.scalar(select(func.count()).select_from(Level)) == 4
    assert awards > 0
    # Every fan who completed a profile has "First steps"; counts agree with the awards.
    total = db.session.scalar(select(func.sum(FanProfile.badges_count)))
    assert total == awards
    demo.load_demo()
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == awards
