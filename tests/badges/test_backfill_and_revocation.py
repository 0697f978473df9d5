"""Back-fill of a rule to existing fans, with progress; revocation kept, logged and counted."""

import pytest
from sqlalchemy import func, select

from app.badges import awarding, backfilling, editing
from app.badges.errors import Invalid
from app.engagement import record
from app.extensions import db
from app.models import Badge, BadgeAward, BadgeLog, FanProfile
from tests.badges.conftest import make_badge
from tests.factories import make_fan


def award_count(badge) -> int:
    return db.session.scalar(select(func.count()).where(BadgeAward.badge_id == badge.id))


def test_a_new_rule_is_backfilled_to_fans_who_already_meet_it(brand, monkeypatch):
    monkeypatch.setattr(backfilling, "BACKFILL_BATCH", 2)  # several batches
    fans = [make_fan(brand) for _ in range(5)]
    for fan in fans[:3]:
        record(fan, "share_visit")
    db.session.commit()
    badge = make_badge(brand, rule=[{"kind": "count", "event_type": "share_visit", "count": 1}])
    db.session.expire_all()
    badge = db.session.get(Badge, badge.id)
    assert award_count(badge) == 3
    assert (badge.backfill_state, badge.backfill_processed, badge.backfill_total) == (
        "done",
        5,
        5,
    )
    for fan in fans:
        db.session.refresh(fan)
    assert [fan.badges_count for fan in fans] == [1, 1, 1, 0, 0]


def test_a_changed_rule_is_backfilled_again_and_never_doubles(brand):
    fans = [make_fan(brand) for _ in range(3)]
    record(fans[0], "share_visit")
    record(fans[1], "share_visit")
    record(fans[1], "share_visit")
    db.session.commit()
    badge = make_badge(brand, rule=[{"kind": "count", "event_type": "share_visit", "count": 2}])
    assert award_count(badge) == 1
    form = editing.BadgeForm.from_badge(badge)
    form.conditions = [{"kind": "count", "event_type": "share_visit", "count": 1}]
    editing.save_badge(brand, badge, form)
    db.session.commit()
    assert award_count(badge) == 2
    assert backfilling.backfill(badge.id) == 0  # a second delivery of the job changes nothing


def test_unchanged_rules_are_not_backfilled_again(brand):
    badge = make_badge(brand)
    badge.backfill_state = "idle"
    db.session.commit()
    form = editing.BadgeForm.from_badge(badge)
    form.description = "New words"
    editing.save_badge(brand, badge, form)
    db.session.commit()
    assert db.session.get(Badge, badge.id).backfill_state == "idle"


def test_revocation_keeps_the_award_logs_it_and_lowers_the_count(brand, fan, app):
    badge = make_badge(brand)
    record(fan, "profile_completed")
    db.session.commit()
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.fan_id == fan.id))
    awarding.revoke(award, "  Bought votes  ")
    db.session.commit()
    db.session.expire_all()
    award = db.session.get(BadgeAward, award.id)
    assert award.revoked_at is not None and award.revoke_reason == "Bought votes"
    assert db.session.get(FanProfile, fan.id).badges_count == 0
    actions = db.session.scalars(
        select(BadgeLog.action).where(BadgeLog.award_id == award.id).order_by(BadgeLog.id)
    ).all()
    assert actions == ["awarded", "revoked"]
    # Revoking twice changes nothing; a revoked badge is not earned again.
    awarding.revoke(award, "again")
    record(fan, "profile_completed")
    db.session.commit()
    assert db.session.get(FanProfile, fan.id).badges_count == 0
    assert award_count(badge) == 1


def test_a_revocation_needs_a_reason(brand, fan):
    make_badge(brand)
    record(fan, "profile_completed")
    db.session.commit()
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.fan_id == fan.id))
    with pytest.raises(Invalid) as error:
        awarding.revoke(award, "   ")
    assert "reason" in error.value.problems


def test_a_deleted_badge_is_not_earned_any_more(brand, fan):
    badge = make_badge(brand)
    editing.delete_badge(badge)
    db.session.commit()
    record(fan, "profile_completed")
    db.session.commit()
    assert award_count(badge) == 0
