"""The badge checks after each action, cheap ones at once and heavy ones in a job."""

import logging

from sqlalchemy import and_, bindparam, func, select, true

from app import clock, jobs
from app.badges import counting, levels, rules
from app.badges.awarding import award
from app.badges.condition import Context
from app.extensions import db
from app.models import Badge, BadgeAward, Brand, EngagementEvent, FanProfile

log = logging.getLogger(__name__)


def _fan_and_candidates_statement():
    """What the checks after an action read, in one statement (built once: see below).

    The fan's totals, what scoring reads of their brand, their level, how many events of
    the action's type they have (what a count rule on that type asks, so it needs no second
    statement), and one row per live badge of the brand they do not have yet (id and rule
    only); a single row with no badge when there is none. Plain rows: no ORM object is built
    unless a badge is earned.
    """
    owned = (
        select(BadgeAward.id)
        .where(BadgeAward.badge_id == Badge.id, BadgeAward.fan_id == FanProfile.id)
        .exists()
    )
    live = and_(
        Badge.brand_id == FanProfile.brand_id,
        Badge.active.is_(True),
        Badge.deleted_at.is_(None),
        ~owned,
    )
    # Joined, not a column: a subquery in the select list would run again on every badge row.
    of_type = (
        select(func.count().label("events_of_type"))
        .where(
            EngagementEvent.fan_id == bindparam("fan_id"),
            EngagementEvent.type == bindparam("event_type"),
        )
        .subquery()
    )
    return (
        select(
            FanProfile.id,
            FanProfile.brand_id,
            FanProfile.fraud_flagged,
            FanProfile.points,
            FanProfile.best_streak,
            FanProfile.score_base,
            Brand.score_epoch,
            Brand.half_life_days,
            levels.floor_reached(FanProfile.brand_id, FanProfile.points).label("level_reached"),
            levels.floor_noticed(FanProfile.id).label("level_noticed"),
            Badge.id.label("badge_id"),
            Badge.rule,
            Badge.combinator,
            of_type.c.events_of_type,
        )
        .join(Brand, Brand.id == FanProfile.brand_id)
        .join(of_type, true())
        .outerjoin(Badge, live)
        .where(FanProfile.id == bindparam("fan_id"))
        .order_by(Badge.id)
    )


# It runs after every action: building it, and its cache key, once saves a good part of
# the check's CPU.
FAN_AND_CANDIDATES = _fan_and_candidates_statement()


def check_after_action(fan_id: int, event_id: int, event_type: str) -> list[BadgeAward]:
    """The cheap checks for one fan after an action; heavy ones go to a job. Flushes.

    One statement reads everything, with the count of the action's event type; one more
    counts events only when a rule the event can move counts others (a campaign's, between
    dates); nothing is written unless a badge or a new level is earned.
    """
    rows = db.session.execute(
        FAN_AND_CANDIDATES, {"fan_id": fan_id, "event_type": event_type}
    ).all()
    if not rows or rows[0].fraud_flagged:
        return []
    fan = rows[0]  # the fan's columns are the same on every row
    ctx = Context(fan.brand_id, clock.now(), brand=fan)
    counting.know_count(fan.id, event_type, fan.events_of_type, ctx)
    moved = [
        row for row in rows if row.badge_id is not None and rules.could_change(row.rule, event_type)
    ]
    rules.count_at_once(fan.id, [c for row in moved for c in row.rule], ctx)
    given = []
    for row in moved:
        if rules.met(fan, row.rule, row.combinator, ctx, heavy=False):
            # Whole rows are loaded only for the (rare) badge actually earned. From then on
            # the fan is the profile, whose totals award() keeps current: a badge's points
            # may complete the rules after it, or a level.
            fan = db.session.get(FanProfile, fan.id)
            awarded = award(db.session.get(Badge, row.badge_id), fan, event_id=event_id)
            if awarded is not None:
                given.append(awarded)
        elif rules.worth_a_job(fan, row.rule, row.combinator, ctx, event_type):
            jobs.enqueue(check_fan_for_badge, row.badge_id, fan.id, event_id)
    if given:
        levels.note_level(fan)
    else:
        levels.note_level_if_higher(fan, rows[0].level_reached, rows[0].level_noticed)
    return given


def check_fan_for_badge(badge_id: int, fan_id: int, event_id: int | None = None) -> bool:
    """Job: every condition, heavy ones included, for one fan and one badge."""
    badge = db.session.get(Badge, badge_id)
    fan = db.session.get(FanProfile, fan_id)
    if badge is None or fan is None or not badge.active or badge.deleted_at is not None:
        return False
    ctx = Context(badge.brand_id, clock.now())
    if fan.fraud_flagged or not rules.met(fan, badge.rule, badge.combinator, ctx):
        return False
    return award(badge, fan, event_id=event_id) is not None


def on_event_recorded(app, event) -> None:
    """Listener on event_recorded (after the action's commit): its own transaction."""
    # Our own badge_earned events would only re-run the checks that just ran.
    if event.type == "badge_earned":
        return
    try:
        check_after_action(event.fan_id, event.id, event.type)
        db.session.commit()
    except Exception:
        # The fan's action is already committed; a failed badge check must not surface.
        db.session.rollback()
        log.exception("badge checks failed for fan %s after event %s", event.fan_id, event.id)
