"""note(): record one reason to doubt a fan, recompute the risk, flag at the threshold."""

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from app.extensions import db
from app.fraud import decisions, risk
from app.models import FanProfile, FraudSignal, utcnow


def note(fan: FanProfile, kind: str, ref: str, detail: str) -> FraudSignal | None:
    """Record the signal once per fan, kind and ref (None if already there); flushes.

    The fan's risk becomes 1 - prod(1 - weight) of their uncleared signals, and reaching
    FRAUD_FLAG_AT flags them, logged as an automatic decision.
    """
    weight = current_app.config["FRAUD_WEIGHTS"][kind]
    signal_id = _insert(fan, kind, ref[:120], detail, weight)
    if signal_id is None:
        return None
    fan = risk.lock(fan)
    threshold = current_app.config["FRAUD_FLAG_AT"]
    if risk.refresh(fan) >= threshold and not fan.fraud_flagged:
        decisions.flag(fan, None, f"Risk {fan.fraud_risk:.0%} reached {threshold:.0%}.")
    db.session.flush()
    return db.session.get(FraudSignal, signal_id)


def _insert(fan: FanProfile, kind: str, ref: str, detail: str, weight: float) -> int | None:
    """One statement: the unique constraint decides whether this evidence is new."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(FraudSignal)
        .values(
            brand_id=fan.brand_id,
            fan_id=fan.id,
            kind=kind,
            ref=ref,
            detail=detail,
            weight=weight,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["fan_id", "kind", "ref"])
        .returning(FraudSignal.id)
    )
    return db.session.scalar(statement)


def merge_signals(source: FanProfile, target: FanProfile) -> None:
    """Merge step: the guest's signals follow it, less the evidence the fan already has."""
    mine = aliased(FraudSignal)
    db.session.execute(
        delete(FraudSignal)
        .where(FraudSignal.fan_id == source.id)
        .where(
            select(mine.id)
            .where(
                mine.fan_id == target.id, mine.kind == FraudSignal.kind, mine.ref == FraudSignal.ref
            )
            .exists()
        )
        .execution_options(synchronize_session=False)
    )
    weights = db.session.scalars(
        select(FraudSignal.weight).where(
            FraudSignal.fan_id.in_([source.id, target.id]), FraudSignal.cleared_at.is_(None)
        )
    )
    # The person's risk is that of all their signals, not the larger of two profiles'.
    target.fraud_risk = risk.combine(weights)
    db.session.flush()
