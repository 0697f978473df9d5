"""One fan as the console shows them: identity, consent, score and why, boards, badges, fraud."""

import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app import clock
from app.campaigns import all_kinds
from app.console.paging import Page, paginate
from app.engagement import boards, leaderboards
from app.engagement.scoring import growth
from app.engagement.superfan_columns import HEADERS, neutralise, python_reads, row_maker
from app.engagement.superfan_csv import write_csv
from app.extensions import db
from app.models import (
    AXES,
    Badge,
    BadgeAward,
    Brand,
    Campaign,
    CampaignParticipation,
    ConsentRecord,
    EngagementEvent,
    FanProfile,
    FraudDecision,
    FraudSignal,
    Identity,
    Level,
    User,
)

TIMELINE_PAGE = 25
# The events that add most to the score today, shown as its "why".
WHY_EVENTS = 10


def brand_fan(brand: Brand, fan_id: int) -> FanProfile | None:
    return db.session.scalar(
        select(FanProfile).where(FanProfile.id == fan_id, FanProfile.brand_id == brand.id)
    )


@dataclass(frozen=True)
class Contribution:
    """One event's part of the score now: its points, halved once per half-life since."""

    event: EngagementEvent
    campaign: str | None
    age_days: float
    weight: float
    now_worth: float


def score_now(fan: FanProfile, brand: Brand, now: datetime) -> float:
    return fan.score_base / growth(now, brand.score_epoch, brand.half_life_days)


def why(fan: FanProfile, brand: Brand, now: datetime) -> list[Contribution]:
    """The events worth most to the score now (recent and big ones), with their decay."""
    divisor = growth(now, brand.score_epoch, brand.half_life_days)
    worth = EngagementEvent.points  # the decayed weight is ordered in Python below
    rows = db.session.execute(
        select(EngagementEvent, Campaign.title)
        .outerjoin(Campaign, Campaign.id == EngagementEvent.campaign_id)
        .where(EngagementEvent.fan_id == fan.id, worth > 0)
        .order_by(EngagementEvent.created_at.desc())
        .limit(500)
    ).all()
    made = []
    for event, title in rows:
        weight = growth(event.created_at, brand.score_epoch, brand.half_life_days) / divisor
        made.append(
            Contribution(
                event,
                title,
                (now - event.created_at).total_seconds() / 86400,
                weight,
                event.points * weight,
            )
        )
    made.sort(key=lambda c: -c.now_worth)
    return made[:WHY_EVENTS]


def timeline(fan: FanProfile, number: int) -> Page:
    """One page of the fan's events (and their campaign's title), newest first."""
    return paginate(
        select(EngagementEvent, Campaign.title)
        .outerjoin(Campaign, Campaign.id == EngagementEvent.campaign_id)
        .where(EngagementEvent.fan_id == fan.id)
        .order_by(EngagementEvent.created_at.desc(), EngagementEvent.id.desc()),
        size=TIMELINE_PAGE,
        number=number,
    )


def identities(fan: FanProfile) -> list[Identity]:
    return list(
        db.session.scalars(
            select(Identity).where(Identity.user_id == fan.user_id).order_by(Identity.created_at)
        )
    )


def consent_history(fan: FanProfile) -> list[ConsentRecord]:
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.fan_id == fan.id)
            .order_by(ConsentRecord.created_at.desc(), ConsentRecord.id.desc())
        )
    )


def level(fan: FanProfile) -> str | None:
    return db.session.scalar(
        select(Level.name)
        .where(Level.brand_id == fan.brand_id, Level.min_points <= fan.points)
        .order_by(Level.min_points.desc())
        .limit(1)
    )


def badges(fan: FanProfile) -> list[tuple[str, datetime]]:
    return list(
        db.session.execute(
            select(Badge.name, BadgeAward.issued_on)
            .join(Badge, Badge.id == BadgeAward.badge_id)
            .where(BadgeAward.fan_id == fan.id, BadgeAward.revoked_at.is_(None))
            .order_by(BadgeAward.issued_on.desc())
        ).all()
    )


def campaigns_played(fan: FanProfile) -> list:
    return list(
        db.session.execute(
            select(Campaign, CampaignParticipation)
            .join(CampaignParticipation, CampaignParticipation.campaign_id == Campaign.id)
            .where(CampaignParticipation.fan_id == fan.id)
            .order_by(CampaignParticipation.last_at.desc())
        ).all()
    )


@dataclass(frozen=True)
class BoardRank:
    label: str
    rank: int | None
    of: int


def ranks(fan: FanProfile, brand: Brand, played: list, now: datetime) -> list[BoardRank]:
    """The fan's rank on the brand's boards and on each campaign they played."""
    wanted = [
        ("all", boards.all_time(brand)),
        ("month", boards.month(brand, now)),
        ("week", boards.week(brand, now)),
        ("score", boards.engagement(brand)),
    ]
    wanted += [(campaign.title, boards.campaign(campaign)) for campaign, _ in played]
    made = []
    for label, board in wanted:
        standing = leaderboards.standing(board, fan.id)
        made.append(BoardRank(label, standing.rank if standing else None, leaderboards.size(board)))
    return made


def fraud(fan: FanProfile) -> tuple[list[FraudSignal], list[FraudDecision]]:
    signals = db.session.scalars(
        select(FraudSignal)
        .where(FraudSignal.fan_id == fan.id)
        .order_by(FraudSignal.cleared_at.is_not(None), FraudSignal.weight.desc())
    )
    decisions = db.session.scalars(
        select(FraudDecision)
        .where(FraudDecision.fan_id == fan.id)
        .order_by(FraudDecision.created_at.desc())
    )
    return list(signals), list(decisions)


def kind_activity(fan: FanProfile) -> list:
    """Each kind's own sections: entries, votes, answers."""
    return [section for kind in all_kinds() for section in kind.fan_activity(fan)]


def axes(fan: FanProfile) -> list[tuple[str, int]]:
    return [(axis, getattr(fan, axis)) for axis in AXES]


def row_csv(fan: FanProfile, brand: Brand, *, with_email: bool) -> bytes:
    """The fan's row of the super-fan export (same columns), ranked on the score board."""
    now = clock.now()
    selected = db.session.execute(
        select(*python_reads())
        .select_from(FanProfile)
        .join(User, User.id == FanProfile.user_id)
        .where(FanProfile.id == fan.id)
    ).one()
    standing = leaderboards.standing(boards.engagement(brand), fan.id)
    cells = list(
        row_maker(growth(now, brand.score_epoch, brand.half_life_days), neutralise)(
            tuple(selected), standing.rank if standing else ""
        )
    )
    if not with_email:
        cells[HEADERS.index("email")] = ""
    out = io.BytesIO()
    write_csv([tuple(cells)], out)
    return out.getvalue()
