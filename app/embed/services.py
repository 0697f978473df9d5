"""What a fan page shows: live campaigns, the fan's points, rank, streak and badges."""

from datetime import timedelta

from sqlalchemy import or_, select

from app.engagement import boards, leaderboards
from app.engagement.scoring import local_day
from app.extensions import db
from app.models import Brand, Campaign, FanProfile, utcnow


def is_live(campaign: Campaign, now=None) -> bool:
    now = now or utcnow()
    return (
        campaign.status == "live"
        and (campaign.starts_at is None or campaign.starts_at <= now)
        and (campaign.ends_at is None or campaign.ends_at > now)
    )


def live_campaigns(brand: Brand) -> list[Campaign]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.brand_id == brand.id, Campaign.status == "live")
            .where(or_(Campaign.starts_at.is_(None), Campaign.starts_at <= now))
            .where(or_(Campaign.ends_at.is_(None), Campaign.ends_at > now))
            .order_by(Campaign.starts_at.desc().nulls_last(), Campaign.id.desc())
        )
    )


def find_campaign(brand: Brand, slug: str) -> Campaign | None:
    return db.session.scalar(
        select(Campaign).where(Campaign.brand_id == brand.id, Campaign.slug == slug.lower())
    )


def current_streak(brand: Brand, fan: FanProfile) -> int:
    """Consecutive active days, still alive today or yesterday in the brand's time zone."""
    if fan.last_active_day is None:
        return 0
    today = local_day(utcnow(), brand)
    return fan.streak_days if fan.last_active_day >= today - timedelta(days=1) else 0


def fan_summary(brand: Brand, fan: FanProfile | None) -> dict:
    """Points, rank on the brand's all-time board, streak and badges; zeros for a newcomer."""
    if fan is None:
        return {"points": 0, "rank": None, "streak": 0, "badges": 0}
    standing = leaderboards.standing(boards.all_time(brand), fan.id)
    return {
        "points": fan.points,
        "rank": standing.rank if standing is not None else None,
        "streak": current_streak(brand, fan),
        "badges": fan.badges_count,
    }
