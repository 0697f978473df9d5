"""The brand overview: visitors, plays, new and returning fans, active fans, opt-in rate, top
campaigns. Visitors and plays come from the analytics totals; fans from their profiles and
engagement events, staff and flagged fans left out."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select

from app import clock
from app.analytics import steps
from app.analytics.totals import totals
from app.extensions import db
from app.models import Campaign, EngagementEvent, FanProfile, Membership


@dataclass(frozen=True)
class TopCampaign:
    campaign_id: int
    title: str
    viewed: int
    plays: int


@dataclass(frozen=True)
class Overview:
    visitors: int
    plays: int
    new_fans: int
    returning_fans: int
    active_fans: int
    # Of the fans active in the range, the share who agree to marketing now (0..1).
    opt_in_rate: float
    opted_in: int
    active_today: int
    active_week: int
    active_month: int
    top_campaigns: list[TopCampaign]
    excluded: dict[str, int]


def counted_fans(brand_id: int):
    """The brand's fans the figures count: neither flagged nor a member of the brand's staff."""
    staff = exists().where(
        Membership.brand_id == brand_id, Membership.user_id == FanProfile.user_id
    )
    return (FanProfile.brand_id == brand_id) & FanProfile.fraud_flagged.is_(False) & ~staff


def plays_by_campaign(found) -> dict[int, int]:
    """A campaign's plays: visitors of its widest playing step (a quiz's started, a
    sweepstakes' entries, a photo contest's uploads or votes)."""
    plays: dict[int, int] = {}
    for (campaign_id, step), counts in found.rows.items():
        if campaign_id is None or step in steps.NOT_PLAYING:
            continue
        plays[campaign_id] = max(plays.get(campaign_id, 0), counts["visitors"])
    return plays


def active_fan_ids(brand_id: int, start: datetime, end: datetime):
    """The ids of the brand's fans with an engagement event in [start, end), as a subquery."""
    return (
        select(EngagementEvent.fan_id)
        .where(
            EngagementEvent.brand_id == brand_id,
            EngagementEvent.created_at >= start,
            EngagementEvent.created_at < end,
        )
        .distinct()
        .scalar_subquery()
    )


def overview(brand, start: datetime, end: datetime, *, top: int = 5) -> Overview:
    found = totals(brand.id, start, end, ("campaign_id", "step"))
    visitors = sum(counts["day_visitors"] for counts in found.rows.values())
    plays = plays_by_campaign(found)
    viewed = {c: n["visitors"] for (c, s), n in found.rows.items() if s == steps.VIEWED}
    opted_in = sum(n["visitors"] for (_c, s), n in found.rows.items() if s == steps.OPTED_IN)
    fans = counted_fans(brand.id)
    new_fans = _count(fans & (FanProfile.joined_at >= start) & (FanProfile.joined_at < end))
    active = active_fan_ids(brand.id, start, end)
    active_fans = _count(fans & FanProfile.id.in_(active))
    returning = _count(fans & FanProfile.id.in_(active) & (FanProfile.joined_at < start))
    consenting = _count(fans & FanProfile.id.in_(active) & FanProfile.marketing_consent)
    now = clock.now()
    ranked = sorted(plays.items(), key=lambda item: (-item[1], item[0]))[:top]
    titles = dict(
        db.session.execute(
            select(Campaign.id, Campaign.title).where(Campaign.id.in_([c for c, _ in ranked]))
        ).all()
    )
    return Overview(
        visitors=visitors,
        plays=sum(plays.values()),
        new_fans=new_fans,
        returning_fans=returning,
        active_fans=active_fans,
        opt_in_rate=round(consenting / active_fans, 4) if active_fans else 0.0,
        opted_in=opted_in,
        active_today=_active_since(fans, now - timedelta(days=1)),
        active_week=_active_since(fans, now - timedelta(days=7)),
        active_month=_active_since(fans, now - timedelta(days=30)),
        top_campaigns=[TopCampaign(c, titles.get(c, ""), viewed.get(c, 0), n) for c, n in ranked],
        excluded=dict(found.excluded),
    )


def _count(where) -> int:
    return db.session.scalar(select(func.count()).select_from(FanProfile).where(where)) or 0


def _active_since(fans, since: datetime) -> int:
    return _count(fans & (FanProfile.last_active_at >= since))
