"""A campaign of some registered kind, and each fan's participation in it."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, UTCDateTime, utcnow
from app.models.brand import Brand

STATUSES = ("draft", "scheduled", "live", "closed", "archived")


class Campaign(Model):
    __tablename__ = "campaign"
    __table_args__ = (
        UniqueConstraint("brand_id", "slug"),
        CheckConstraint(f"status IN {STATUSES!r}", name="status_known"),
        CheckConstraint(
            "ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at", name="dates"
        ),
        CheckConstraint("slug <> '' AND slug = lower(slug)", name="slug_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(64))
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rules_text: Mapped[str] = mapped_column(Text, default="")
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # title and rules_text in the brand's other languages: {"fr": {"title": ...}}.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    brand: Mapped[Brand] = relationship()

    def __repr__(self) -> str:
        return f"<Campaign {self.kind} {self.slug}>"


class CampaignParticipation(Model):
    """A fan's points in one campaign: the per-campaign board and 'campaigns played'."""

    __tablename__ = "campaign_participation"
    __table_args__ = (Index("ix_campaign_participation_board", "campaign_id", "points", "fan_id"),)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    points: Mapped[int] = mapped_column(default=0)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
