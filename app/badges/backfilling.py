"""Back-fill: award a new or changed badge to every fan who already meets its rule."""

from sqlalchemy import func, select

from app import clock, jobs
from app.badges import rules
from app.badges.awarding import award
from app.badges.condition import Context
from app.extensions import db
from app.models import Badge, BadgeAward, Brand, FanProfile

BACKFILL_BATCH = 200


def start_backfill(badge: Badge) -> None:
    """Queue applying the badge's rule to every existing fan; progress starts at 0. Flushes."""
    badge.backfill_state = "queued"
    badge.backfill_processed = 0
    badge.backfill_total = db.session.scalar(
        select(func.count()).where(FanProfile.brand_id == badge.brand_id)
    )
    db.session.flush()
    jobs.enqueue(backfill, badge.id, queue="low")


def backfill(badge_id: int) -> int:
    """Job: award the badge to every fan who already meets it; returns how many got it.

    Commits after each batch, so the console shows progress while it runs; awarding is
    idempotent, so a job delivered twice (or retried after a crash) just finishes the work.
    """
    badge = db.session.get(Badge, badge_id)
    if badge is None or badge.deleted_at is not None:
        return 0
    brand = db.session.get(Brand, badge.brand_id)
    badge.backfill_state, badge.backfill_processed = "running", 0
    badge.backfill_total = db.session.scalar(
        select(func.count()).where(FanProfile.brand_id == badge.brand_id)
    )
    db.session.commit()
    given, after = 0, 0
    while True:
        fans = list(
            db.session.scalars(
                select(FanProfile)
                .where(FanProfile.brand_id == brand.id, FanProfile.id > after)
                .order_by(FanProfile.id)
                .limit(BACKFILL_BATCH)
            )
        )
        if not fans:
            break
        ctx = Context(brand.id, clock.now())
        owned = set(
            db.session.scalars(
                select(BadgeAward.fan_id).where(
                    BadgeAward.badge_id == badge.id,
                    BadgeAward.fan_id.in_([fan.id for fan in fans]),
                )
            )
        )
        for fan in fans:
            if fan.id in owned or fan.fraud_flagged or not badge.active:
                continue
            if rules.met(fan, badge.rule, badge.combinator, ctx) and award(badge, fan):
                given += 1
        after = fans[-1].id
        badge.backfill_processed += len(fans)
        db.session.commit()
    badge.backfill_state = "done"
    badge.backfill_total = max(badge.backfill_total, badge.backfill_processed)
    db.session.flush()
    return given
