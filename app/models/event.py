"""The append-only engagement event log, and the log of super-fan exports."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime, utcnow

AXES = ("participation", "creation", "influence", "loyalty")


class EngagementEvent(Model):
    """One fan action. Points are fixed at write time; corrections are new events."""

    __tablename__ = "engagement_event"
    __table_args__ = (
        UniqueConstraint("brand_id", "idempotency_key"),
        CheckConstraint(f"axis IN {AXES!r}", name="axis_known"),
        Index("ix_engagement_event_fan_type_time", "fan_id", "type", "created_at"),
        Index("ix_engagement_event_brand_time", "brand_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(ForeignKey("fan_profile.id", ondelete="CASCADE"))
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="SET NULL"), index=True
    )
    type: Mapped[str] = mapped_column(String(64))
    axis: Mapped[str] = mapped_column(String(16))
    points: Mapped[int]
    # True when a daily cap turned the action's points to zero.
    capped: Mapped[bool] = mapped_column(default=False)
    ref: Mapped[str | None] = mapped_column(String(200))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExportLog(Model):
    """Who exported which super-fan list, when, with which filters, and how many rows."""

    __tablename__ = "export_log"
    __table_args__ = (CheckConstraint("row_count >= 0", name="row_count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(320))
    format: Mapped[str] = mapped_column(String(8))
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    row_count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
