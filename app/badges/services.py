"""Awarding badges: after each action, by back-fill, exactly once; revocation; badge editing."""

import logging
import re
import secrets
import uuid
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, func, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from app import clock, jobs
from app.badges import levels, rules, urls
from app.badges.errors import Invalid
from app.engagement import record
from app.extensions import db
from app.models import (
    Badge,
    BadgeAward,
    BadgeLog,
    Brand,
    Campaign,
    EngagementEvent,
    FanProfile,
    utcnow,
)

log = logging.getLogger(__name__)

BACKFILL_BATCH = 200
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Paths under /badges/<brand>/ that a badge slug would shadow.
RESERVED_SLUGS = frozenset({"issuer", "assertions", "shared"})


# -- awarding -------------------------------------------------------------------------------


def _insert_award(badge: Badge, fan: FanProfile, evidence_ref, evidence_url) -> int | None:
    """Insert the award unless the fan has it: the unique constraint decides, in one statement."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(BadgeAward)
        .values(
            uuid=str(uuid.uuid4()),
            brand_id=badge.brand_id,
            badge_id=badge.id,
            fan_id=fan.id,
            issued_on=clock.now(),
            evidence_ref=evidence_ref,
            evidence_url=evidence_url,
            salt=secrets.token_hex(16),
            public=False,
            revoke_reason="",
        )
        .on_conflict_do_nothing(index_elements=["badge_id", "fan_id"])
        .returning(BadgeAward.id)
    )
    return db.session.scalar(statement)


def award(badge: Badge, fan: FanProfile, *, event_id: int | None = None) -> BadgeAward | None:
    """Give the fan the badge once; None if they already have it (or had it revoked). Flushes."""
    evidence_ref, evidence_url = _evidence(badge, event_id)
    award_id = _insert_award(badge, fan, evidence_ref, evidence_url)
    if award_id is None:
        return None
    record(fan, "badge_earned", ref=f"badge:{badge.id}", key=f"badge:{badge.id}:{fan.id}")
    # An UPDATE, not fan.badges_count += 1: other transactions may be counting too.
    db.session.execute(
        update(FanProfile)
        .where(FanProfile.id == fan.id)
        .values(badges_count=FanProfile.badges_count + 1)
    )
    db.session.add(BadgeLog(brand_id=badge.brand_id, award_id=award_id, action="awarded"))
    db.session.flush()
    return db.session.get(BadgeAward, award_id)


def _evidence(badge: Badge, event_id: int | None) -> tuple[str | None, str | None]:
    """What the fan did: the event that completed the rule, and the page where they did it."""
    if event_id is None:
        return None, None
    row = db.session.execute(
        select(Brand, Campaign.slug)
        .select_from(EngagementEvent)
        .join(Brand, Brand.id == EngagementEvent.brand_id)
        .outerjoin(Campaign, Campaign.id == EngagementEvent.campaign_id)
        .where(EngagementEvent.id == event_id)
    ).first()
    if row is None:
        return f"event:{event_id}", None
    brand, campaign_slug = row
    url = urls.campaign_url(brand, campaign_slug) if campaign_slug else urls.brand_home_url(brand)
    return f"event:{event_id}", url


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
    ctx = rules.Context(fan.brand_id, clock.now(), brand=fan)
    rules.know_count(fan.id, event_type, fan.events_of_type, ctx)
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
    ctx = rules.Context(badge.brand_id, clock.now())
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


# -- back-fill ------------------------------------------------------------------------------


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
        ctx = rules.Context(brand.id, clock.now())
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


# -- revocation -----------------------------------------------------------------------------


def revoke(award: BadgeAward, reason: str, user_id: int | None = None) -> None:
    """Revoke an award (fraud, mistake): kept and logged, its assertion answers 410. Flushes."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": "Say why the badge is revoked; the fan's verifiers will see it."})
    if len(reason) > 300:
        raise Invalid({"reason": "The reason can be at most 300 characters."})
    if award.revoked_at is not None:
        return
    award.revoked_at, award.revoke_reason = utcnow(), reason
    db.session.execute(
        update(FanProfile)
        .where(FanProfile.id == award.fan_id, FanProfile.badges_count > 0)
        .values(badges_count=FanProfile.badges_count - 1)
    )
    db.session.add(
        BadgeLog(
            brand_id=award.brand_id,
            award_id=award.id,
            action="revoked",
            user_id=user_id,
            reason=reason,
        )
    )
    db.session.flush()


# -- editing --------------------------------------------------------------------------------


@dataclass
class BadgeForm:
    """The badge editor's fields, as typed; conditions come from the rule builder's rows."""

    name: str = ""
    slug: str = ""
    description: str = ""
    criteria: str = ""
    combinator: str = "all"
    active: bool = True
    conditions: list[dict] = field(default_factory=list)

    @classmethod
    def from_badge(cls, badge: Badge) -> "BadgeForm":
        return cls(
            badge.name,
            badge.slug,
            badge.description,
            badge.criteria,
            badge.combinator,
            badge.active,
            [dict(c) for c in badge.rule],
        )


def save_badge(brand: Brand, badge: Badge | None, form: BadgeForm, image=None) -> Badge:
    """Create or change a badge; a new or changed rule is back-filled by a job. Flushes."""
    problems: dict[str, str] = {}
    name, slug = form.name.strip(), form.slug.strip().lower()
    if not name:
        problems["name"] = "Give the badge a name fans will see."
    elif len(name) > 120:
        problems["name"] = "A name can be at most 120 characters."
    if not SLUG.match(slug):
        problems["slug"] = "Use lowercase letters, digits and dashes (up to 64)."
    elif slug in RESERVED_SLUGS:
        problems["slug"] = f"{slug!r} is reserved; choose another."
    else:
        taken = db.session.scalar(
            select(Badge.id).where(Badge.brand_id == brand.id, Badge.slug == slug)
        )
        if taken is not None and (badge is None or taken != badge.id):
            problems["slug"] = "Another badge of this brand already uses this address."
    if not form.description.strip():
        problems["description"] = "Describe the badge in a sentence."
    try:
        conditions = rules.validate(brand, form.conditions, form.combinator)
    except rules.RuleInvalid as error:
        problems.update(error.problems)
        conditions = []
    if problems:
        raise Invalid(problems)
    rule_changed = badge is None or (conditions, form.combinator) != (badge.rule, badge.combinator)
    if badge is None:
        badge = Badge(brand_id=brand.id, created_at=utcnow())
        db.session.add(badge)
    badge.name, badge.slug = name, slug
    badge.description, badge.criteria = form.description.strip(), form.criteria.strip()
    badge.rule, badge.combinator, badge.active = conditions, form.combinator, form.active
    badge.updated_at = utcnow()
    if image is not None:
        from app.media import store_image

        badge.image_id = store_image(image, brand_id=brand.id, purpose="badge_image").id
    db.session.flush()
    if rule_changed and badge.active:
        start_backfill(badge)
    return badge


def delete_badge(badge: Badge) -> None:
    """Soft delete: nobody earns it any more; issued awards stay verifiable. Flushes."""
    badge.deleted_at = badge.deleted_at or utcnow()
    badge.active = False
    db.session.flush()


def set_public(fan: FanProfile, award_uuid: str, public: bool) -> BadgeAward | None:
    """The fan shows (or hides) an award's public page; None if it is not theirs. Flushes."""
    found = db.session.scalar(
        select(BadgeAward).where(BadgeAward.uuid == award_uuid, BadgeAward.fan_id == fan.id)
    )
    if found is not None:
        found.public = bool(public)
        db.session.flush()
    return found
