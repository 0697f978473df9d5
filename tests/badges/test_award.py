"""Awarding right after an action: exactly once, counted, recorded, with a notice."""

from sqlalchemy import func, select

from app.badges import awarding, unseen_notices
from app.engagement import record
from app.extensions import db
from app.models import BadgeAward, BadgeLog, EngagementEvent
from tests.badges.conftest import make_badge
from tests.factories import make_fan


def awards_of(fan):
    return db.session.scalars(select(BadgeAward).where(BadgeAward.fan_id == fan.id)).all()


def test_an_action_that_meets_the_rule_awards_the_badge_after_commit(brand, fan):
    badge = make_badge(brand)
    record(fan, "profile_completed")
    assert awards_of(fan) == []  # nothing before the action commits
    db.session.commit()

    (award,) = awards_of(fan)
    assert award.badge_id == badge.id
    db.session.refresh(fan)
    assert fan.badges_count == 1
    earned = db.session.scalars(
        select(EngagementEvent).where(
            EngagementEvent.fan_id == fan.id, EngagementEvent.type == "badge_earned"
        )
    ).all()
    assert [e.idempotency_key for e in earned] == [f"badge:{badge.id}:{fan.id}"]
    assert db.session.scalar(select(BadgeLog.action).where(BadgeLog.award_id == award.id)) == (
        "awarded"
    )
    assert award.evidence_ref.startswith("event:")


def test_the_same_badge_is_never_awarded_twice(brand, fan):
    badge = make_badge(brand)
    record(fan, "profile_completed")
    db.session.commit()
    record(fan, "profile_completed")
    db.session.commit()
    assert awarding.award(badge, fan) is None
    db.session.commit()
    assert len(awards_of(fan)) == 1
    db.session.refresh(fan)
    assert fan.badges_count == 1


def test_a_rolled_back_action_awards_nothing(brand, fan):
    make_badge(brand)
    record(fan, "profile_completed")
    db.session.rollback()
    assert awards_of(fan) == []


def test_another_fan_is_not_awarded(brand, fan):
    make_badge(brand)
    other = make_fan(brand)
    record(fan, "profile_completed")
    db.session.commit()
    assert awards_of(other) == []


def test_notices_announce_a_new_badge_once(brand, fan):
    make_badge(brand, name="Hello")
    record(fan, "profile_completed")
    db.session.commit()
    notices = unseen_notices(fan)
    db.session.commit()
    assert [(n.kind, n.title) for n in notices] == [("badge", "Hello")]
    assert unseen_notices(fan) == []


def test_fraud_flagged_fans_earn_no_badges(brand):
    flagged = make_fan(brand, fraud_flagged=True)
    make_badge(brand)
    record(flagged, "profile_completed")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0
