"""What the moderator reads: fans at risk with their reasons, and the log of decisions."""

from dataclasses import dataclass, field, replace

from sqlalchemy import exists, func, or_, select

from app.console.paging import Page, contains_pattern, paginate
from app.extensions import db
from app.models import Brand, FanProfile, FraudDecision, FraudSignal, User

# Each case is a card with its reasons and a form: fewer than a table's rows to a page.
PAGE_SIZE = 20


@dataclass
class Case:
    """One fan under review: who, and their signals (cleared ones too)."""

    fan: FanProfile
    name: str
    signals: list[FraudSignal] = field(default_factory=list)


def cases(brand: Brand, text: str = "", *, emails: bool = False) -> Page:
    """One page of flagged fans and fans with a risk, riskiest first; `text` finds a fan by
    public name, email (only for members who see emails), id, or a reason for the doubt."""
    query = (
        select(FanProfile, User.display_name)
        .join(User, User.id == FanProfile.user_id)
        .where(FanProfile.brand_id == brand.id)
        .where(or_(FanProfile.fraud_risk > 0, FanProfile.fraud_flagged.is_(True)))
    )
    if text:
        query = query.where(_matching(text, emails))
    order = (FanProfile.fraud_flagged.desc(), FanProfile.fraud_risk.desc(), FanProfile.id)
    page = paginate(query.order_by(*order), size=PAGE_SIZE)
    found = {fan.id: Case(fan, name or "") for fan, name in page.items}
    for signal in db.session.scalars(
        select(FraudSignal)
        .where(FraudSignal.fan_id.in_(found))
        .order_by(FraudSignal.created_at, FraudSignal.id)
    ):
        found[signal.fan_id].signals.append(signal)
    return replace(page, items=list(found.values()))


def _matching(text: str, emails: bool):
    pattern = contains_pattern(text)
    matches = [
        User.display_name.ilike(pattern, escape="\\"),
        # A reason is a signal as the page shows it ("shared ip: 5 new fans...") or a decision's.
        exists().where(
            FraudSignal.fan_id == FanProfile.id,
            or_(
                FraudSignal.detail.ilike(pattern, escape="\\"),
                func.replace(FraudSignal.kind, "_", " ").ilike(pattern, escape="\\"),
            ),
        ),
        exists().where(
            FraudDecision.fan_id == FanProfile.id,
            FraudDecision.reason.ilike(pattern, escape="\\"),
        ),
    ]
    if emails:
        matches.append(User.email.ilike(pattern, escape="\\"))
    number = text.removeprefix("#")
    if number.isdigit() and len(number) < 10:
        matches.append(FanProfile.id == int(number))
    return or_(*matches)


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
