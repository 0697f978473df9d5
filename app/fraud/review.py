"""What the moderator reads: fans at risk with their reasons, and the log of decisions."""

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from app.extensions import db
from app.models import Brand, FanProfile, FraudDecision, FraudSignal, User

LIMIT = 200


@dataclass
class Case:
    """One fan under review: who, and their signals (cleared ones too)."""

    fan: FanProfile
    name: str
    signals: list[FraudSignal] = field(default_factory=list)


def cases(brand: Brand) -> list[Case]:
    """Flagged fans and fans with a risk, riskiest first."""
    rows = db.session.execute(
        select(FanProfile, User.display_name)
        .join(User, User.id == FanProfile.user_id)
        .where(FanProfile.brand_id == brand.id)
        .where(or_(FanProfile.fraud_risk > 0, FanProfile.fraud_flagged.is_(True)))
        .order_by(FanProfile.fraud_flagged.desc(), FanProfile.fraud_risk.desc(), FanProfile.id)
        .limit(LIMIT)
    ).all()
    found = {fan.id: Case(fan, name or "(no name)") for fan, name in rows}
    for signal in db.session.scalars(
        select(FraudSignal)
        .where(FraudSignal.fan_id.in_(found))
        .order_by(FraudSignal.created_at, FraudSignal.id)
    ):
        found[signal.fan_id].signals.append(signal)
    return list(found.values())


def recent_decisions(brand: Brand, limit: int = 50) -> list[tuple[FraudDecision, str]]:
    """The brand's latest decisions, with the fan's display name."""
    return db.session.execute(
        select(FraudDecision, User.display_name)
        .join(FanProfile, FanProfile.id == FraudDecision.fan_id)
        .join(User, User.id == FanProfile.user_id)
        .where(FraudDecision.brand_id == brand.id)
        .order_by(FraudDecision.created_at.desc(), FraudDecision.id.desc())
        .limit(limit)
    ).all()


def fan_of(brand: Brand, fan_id: int) -> FanProfile | None:
    return db.session.scalar(
        select(FanProfile).where(FanProfile.id == fan_id, FanProfile.brand_id == brand.id)
    )
