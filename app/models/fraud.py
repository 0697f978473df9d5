"""Fraud: the signals that make a fan doubtful, and the moderators' flag and clear decisions."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime, utcnow

SIGNAL_KINDS = ("disposable_email", "shared_ip", "shared_device", "vote_burst", "flagged_entry")
DECISIONS = ("flagged", "cleared")


class FraudSignal(Model):
    """One reason to doubt a fan, with its weight; a moderator's clearing sets it aside."""

    __tablename__ = "fraud_signal"
    __table_args__ = (
        # The same evidence counts once: a cleared signal is not raised again by it.
        UniqueConstraint("fan_id", "kind", "ref"),
        CheckConstraint(f"kind IN {SIGNAL_KINDS!r}", name="kind_known"),
        CheckConstraint("weight > 0 AND weight <= 1", name="weight_range"),
        CheckConstraint("cleared_at IS NOT NULL OR cleared_by_id IS NULL", name="cleared_dated"),
        Index("ix_fraud_signal_brand_time", "brand_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(ForeignKey("fan_profile.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    # What the evidence is about: "ip:203.0.113.7", "campaign:3", a kind's row "<table>:12".
    ref: Mapped[str] = mapped_column(String(120))
    detail: Mapped[str] = mapped_column(Text)
    weight: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class FraudDecision(Model):
    """Append-only log: who flagged or cleared which fan, why, and when."""

    __tablename__ = "fraud_decision"
    __table_args__ = (
        CheckConstraint(f"action IN {DECISIONS!r}", name="action_known"),
        CheckConstraint("reason <> ''", name="reason_given"),
        CheckConstraint("risk >= 0 AND risk <= 1", name="risk_range"),
        Index("ix_fraud_decision_brand_time", "brand_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Who, as shown: the staff member's email, or "automatic" for the risk threshold.
    actor: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(Text)
    # The fan's risk when the decision was taken, as the moderator saw it.
    risk: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
