"""An award's life: given once (the unique constraint decides), revoked, shown or hidden."""

import secrets
import uuid

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.badges import urls
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


def revoke(award: BadgeAward, reason: str, user_id: int | None = None) -> None:
    """Revoke an award (fraud, mistake): kept and logged, its assertion answers 410. Flushes."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(
            {"reason": _("Say why the badge is revoked; the fan's verifiers will see it.")}
        )
    if len(reason) > 300:
        raise Invalid({"reason": _("The reason can be at most 300 characters.")})
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


def set_public(fan: FanProfile, award_uuid: str, public: bool) -> BadgeAward | None:
    """The fan shows (or hides) an award's public page; None if it is not theirs. Flushes."""
    found = db.session.scalar(
        select(BadgeAward).where(BadgeAward.uuid == award_uuid, BadgeAward.fan_id == fan.id)
    )
    if found is not None:
        found.public = bool(public)
        db.session.flush()
    return found
