"""The append-only engagement event log, and the log of exports (super fans, winners...)."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, UTCDateTime, utcnow
from app.models.campaign import Campaign

AXES = ("participation", "creation", "influence", "loyalty")
EXPORT_STATES = ("sent", "queued", "running", "ready", "failed", "expired")
# Datasets are registered by the core and by kinds (app/exports/datasets.py); the database
# checks only a key's shape. A regular expression on PostgreSQL; SQLite's GLOB has no
# repetition, so there it checks the length, the first character and the alphabet.
DATASET_CHECKS = {
    "postgresql": "dataset ~ '^[a-z][a-z0-9_]{1,31}$'",
    "sqlite": (
        "length(dataset) BETWEEN 2 AND 32 AND dataset GLOB '[a-z]*' "
        "AND dataset NOT GLOB '*[^a-z0-9_]*'"
    ),
}


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
    """Who exported which list (`dataset`, of `campaign_id` when it is a campaign's), when,
    with which filters, and how it went.

    A small export is sent at once ("sent"); a long one is a job: "queued", "running" (the
    job writes `row_count` as rows are written, out of `rows_expected`), then "ready" with
    its file under the instance folder until `expires_at`, "failed" with the error, or
    "expired" once the sweep deleted the file.
    """

    __tablename__ = "export_log"
    __table_args__ = (
        CheckConstraint("row_count >= 0", name="row_count_positive"),
        CheckConstraint(f"state IN {EXPORT_STATES!r}", name="state_known"),
        CheckConstraint(
            "state <> 'ready' OR (file_path IS NOT NULL AND expires_at IS NOT NULL)",
            name="ready_has_file",
        ),
        # The sweep looks for ready files past their expiry.
        Index("ix_export_log_state_expires_at", "state", "expires_at"),
        *(
            CheckConstraint(check, name="dataset_wellformed").ddl_if(dialect=dialect)
            for dialect, check in DATASET_CHECKS.items()
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(320))
    format: Mapped[str] = mapped_column(String(8))
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    # Rows written so far while a job runs; every row once it is sent or ready.
    row_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(10), default="sent", server_default="sent")
    rows_expected: Mapped[int | None]
    # Relative to the instance's exports folder; never served from the web root.
    file_path: Mapped[str | None] = mapped_column(String(200))
    download_name: Mapped[str | None] = mapped_column(String(200))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    # Rows made before datasets existed were all super-fan exports.
    dataset: Mapped[str] = mapped_column(
        String(32), default="superfans", server_default="superfans"
    )
    # SET NULL, not CASCADE: the log is the record of who took which personal data out, and
    # it must outlive the campaign (its title stays in `filters["campaign"]`).
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="SET NULL"), index=True
    )
    campaign: Mapped[Campaign | None] = relationship()
