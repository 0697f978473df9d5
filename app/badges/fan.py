"""What fan pages show: the badge shelf, the level, and notices of what was newly earned."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.badges import levels, urls
from app.extensions import db
from app.models import Badge, BadgeAward, Brand, FanLevelNotice, FanProfile, utcnow


@dataclass(frozen=True)
class ShelfItem:
    uuid: str
    name: str
    description: str
    image_url: str
    issued_on: datetime
    public: bool
    assertion_url: str
    baked_url: str
    public_url: str


@dataclass(frozen=True)
class Notice:
    kind: str  # "badge" or "level"
    title: str
    text: str
    image_url: str | None


def _awards(fan: FanProfile, *, unseen_only: bool = False):
    query = (
        select(BadgeAward, Badge)
        .join(Badge, Badge.id == BadgeAward.badge_id)
        .where(BadgeAward.fan_id == fan.id, BadgeAward.revoked_at.is_(None))
        .order_by(BadgeAward.issued_on, BadgeAward.id)
    )
    if unseen_only:
        query = query.where(BadgeAward.seen_at.is_(None))
    return db.session.execute(query).all()


def shelf(fan: FanProfile | None) -> list[ShelfItem]:
    """The fan's badges, oldest first; revoked ones are not shown."""
    if fan is None:
        return []
    brand = db.session.get(Brand, fan.brand_id)
    return [
        ShelfItem(
            award.uuid,
            badge.name,
            badge.description,
            urls.badge_image_url(brand, badge),
            award.issued_on,
            award.public,
            urls.assertion_url(award),
            urls.baked_url(award),
            urls.public_page_url(award),
        )
        for award, badge in _awards(fan)
    ]


def level(fan: FanProfile | None) -> levels.LevelProgress | None:
    return levels.level_for(fan) if fan is not None else None


def unseen_notices(fan: FanProfile | None, *, mark_seen: bool = True) -> list[Notice]:
    """Badges and a level the fan has not been told about; marks them seen (flush)."""
    if fan is None:
        return []
    brand = db.session.get(Brand, fan.brand_id)
    now = utcnow()
    notices = []
    for award, badge in _awards(fan, unseen_only=True):
        notices.append(
            Notice("badge", badge.name, badge.description, urls.badge_image_url(brand, badge))
        )
        if mark_seen:
            award.seen_at = now
    reached = db.session.get(FanLevelNotice, fan.id, populate_existing=True)
    if reached is not None and reached.seen_at is None:
        notices.append(Notice("level", reached.name, "", None))
        if mark_seen:
            reached.seen_at = now
    db.session.flush()
    return notices
