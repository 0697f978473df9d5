"""Exactly one award per fan and badge when requests race, on real PostgreSQL."""

import threading

from flask import current_app
from sqlalchemy import func, select

from app.badges import awarding
from app.engagement import record
from app.extensions import db
from app.models import Badge, BadgeAward, EngagementEvent, FanProfile
from tests.badges.conftest import make_badge
from tests.factories import make_brand, make_fan

THREADS = 8


def race(work) -> list:
    """Run work() in THREADS threads at once, each in its own app context (own session)."""
    app = current_app._get_current_object()
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def run():
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(work())
                db.session.commit()
            except Exception as error:  # reported by the assertion below
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def counts(fan_id: int, badge_id: int) -> tuple[int, int, int]:
    db.session.expire_all()
    awards = db.session.scalar(
        select(func.count()).where(BadgeAward.fan_id == fan_id, BadgeAward.badge_id == badge_id)
    )
    earned = db.session.scalar(
        select(func.count()).where(
            EngagementEvent.fan_id == fan_id, EngagementEvent.type == "badge_earned"
        )
    )
    return awards, earned, db.session.get(FanProfile, fan_id).badges_count


def test_racing_awards_give_the_badge_once(pg_app):
    brand = make_brand()
    fan = make_fan(brand)
    badge = make_badge(brand, rule=[{"kind": "points", "threshold": 1}])
    fan_id, badge_id = fan.id, badge.id

    def work():
        return awarding.award(db.session.get(Badge, badge_id), db.session.get(FanProfile, fan_id))

    results = race(work)
    assert sum(result is not None for result in results) == 1
    assert counts(fan_id, badge_id) == (1, 1, 1)


def test_racing_actions_give_the_badge_once(pg_app):
    """Each request's commit runs the listener; all of them find the rule met."""
    brand = make_brand()
    fan = make_fan(brand)
    badge = make_badge(brand, rule=[{"kind": "count", "event_type": "share_visit", "count": 1}])
    fan_id, badge_id = fan.id, badge.id

    race(lambda: record(db.session.get(FanProfile, fan_id), "share_visit"))
    assert counts(fan_id, badge_id) == (1, 1, 1)
