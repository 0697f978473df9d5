"""Badges a brand defines, the awards fans earn (Open Badges assertions), levels, and their log."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, UTCDateTime, utcnow

COMBINATORS = ("all", "any")
BACKFILL_STATES = ("idle", "queued", "running", "done")
LOG_ACTIONS = ("awarded", "revoked")
NOTICE_KINDS = ("badge", "level")


class Badge(Model):
    """A badge of one brand: what it looks like and the rule that awards it (a BadgeClass)."""

    __tablename__ = "badge"
    __table_args__ = (
        UniqueConstraint("brand_id", "slug"),
        CheckConstraint("slug <> '' AND slug = lower(slug)", name="slug_lowercase"),
        CheckConstraint(f"combinator IN {COMBINATORS!r}", name="combinator_known"),
        CheckConstraint(f"backfill_state IN {BACKFILL_STATES!r}", name="backfill_state_known"),
        CheckConstraint(
            "backfill_processed >= 0 AND backfill_total >= 0", name="backfill_counts_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[int | None] = mapped_column(ForeignKey("media_file.id", ondelete="SET NULL"))
    # What a person reads as the criteria; `rule` is what the engine checks.
    criteria: Mapped[str] = mapped_column(Text, default="")
    rule: Mapped[list] = mapped_column(JSON, default=list)
    combinator: Mapped[str] = mapped_column(String(8), default="all")
    active: Mapped[bool] = mapped_column(default=True)
    # Progress of applying the rule to fans who already exist (see services.backfill).
    backfill_state: Mapped[str] = mapped_column(String(16), default="idle")
    backfill_processed: Mapped[int] = mapped_column(default=0)
    backfill_total: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Soft delete: issued awards must stay verifiable, so the BadgeClass keeps answering.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Badge {self.slug}>"


class BadgeAward(Model):
    """One badge issued to one fan: an Open Badges assertion, revoked but never deleted."""

    __tablename__ = "badge_award"
    __table_args__ = (
        # Exactly one award per fan and badge, however many requests race to give it.
        UniqueConstraint("badge_id", "fan_id"),
        CheckConstraint("revoked_at IS NULL OR revoke_reason <> ''", name="revocation_has_reason"),
        Index("ix_badge_award_fan_issued", "fan_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    badge_id: Mapped[int] = mapped_column(ForeignKey("badge.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(ForeignKey("fan_profile.id", ondelete="CASCADE"))
    issued_on: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The event that completed the rule, as "event:<id>", and where a person can see it.
    evidence_ref: Mapped[str | None] = mapped_column(String(200))
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    salt: Mapped[str] = mapped_column(String(64))
    public: Mapped[bool] = mapped_column(default=False)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(String(300), default="")

    badge: Mapped[Badge] = relationship()


class Level(Model):
    """A named tier of a brand, reached at min_points."""

    __tablename__ = "badge_level"
    __table_args__ = (
        UniqueConstraint("brand_id", "min_points"),
        CheckConstraint("min_points >= 0", name="min_points_positive"),
        CheckConstraint("name <> ''", name="name_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    min_points: Mapped[int]


class BadgeLog(Model):
    """Append-only: every award and revocation, who did it and why."""

    __tablename__ = "badge_log"
    __table_args__ = (CheckConstraint(f"action IN {LOG_ACTIONS!r}", name="action_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    award_id: Mapped[int] = mapped_column(
        ForeignKey("badge_award.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    # None when the engine acted (a rule was met); a staff user for revocations.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FanLevelNotice(Model):
    """The highest level a fan was told about, so each new level is announced once."""

    __tablename__ = "fan_level_notice"
    __table_args__ = (CheckConstraint("min_points >= 0", name="min_points_positive"),)

    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(60))
    min_points: Mapped[int]
    reached_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
