"""A fan's fraud risk: independent signal weights combined as 1 - prod(1 - weight)."""

from math import prod

from sqlalchemy import select

from app.extensions import db
from app.models import FanProfile, FraudSignal


def combine(weights) -> float:
    """The chance that at least one signal is right, if each were right on its own."""
    return round(1 - prod(1 - weight for weight in weights), 6)


def lock(fan: FanProfile) -> FanProfile:
    """The fan's row, locked and fresh: risk and flag change one decision at a time."""
    return db.session.scalars(
        select(FanProfile)
        .where(FanProfile.id == fan.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def refresh(fan: FanProfile) -> float:
    """Set the fan's risk from the signals no moderator has cleared; returns it."""
    weights = db.session.scalars(
        select(FraudSignal.weight).where(
            FraudSignal.fan_id == fan.id, FraudSignal.cleared_at.is_(None)
        )
    )
    fan.fraud_risk = combine(weights)
    return fan.fraud_risk
