"""A brand: the tenant that runs campaigns, with its engagement settings."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime, utcnow


class Brand(Model):
    __tablename__ = "brand"
    __table_args__ = (
        CheckConstraint("slug <> '' AND slug = lower(slug)", name="slug_lowercase"),
        CheckConstraint("half_life_days > 0", name="half_life_positive"),
        CheckConstraint("analytics_retention_days > 0", name="analytics_retention_positive"),
        CheckConstraint("superfan_score >= 0", name="superfan_score_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(16), default="en")
    # Fan pages speak the brand's language even to browsers that prefer another.
    # A server default only: rows written by code older than this column still insert.
    locale_wins: Mapped[bool] = mapped_column(server_default=false())
    # Languages the brand writes campaign content in besides `locale` (app/campaigns/languages.py).
    # Server defaults only, as locale_wins: rows written by older code still insert.
    content_locales: Mapped[list] = mapped_column(JSON, server_default="[]")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    theme: Mapped[dict] = mapped_column(JSON, default=dict)
    frame_origins: Mapped[list] = mapped_column(JSON, default=list)
    embed_secret: Mapped[str | None] = mapped_column(String(128))
    half_life_days: Mapped[float] = mapped_column(default=30.0)
    # The decayed score is stored as points * 2**((t - score_epoch) / half_life): see scoring.py.
    score_epoch: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    point_overrides: Mapped[dict] = mapped_column(JSON, default=dict)
    daily_cap_overrides: Mapped[dict] = mapped_column(JSON, default=dict)
    # How long raw analytics events are kept (about 13 months); hourly rollups are kept.
    analytics_retention_days: Mapped[int] = mapped_column(server_default="395")
    # The engagement score from which a fan counts as a super fan on the analytics overview.
    # A server default only, as locale_wins: rows written by older code still insert.
    superfan_score: Mapped[int] = mapped_column(server_default="100")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Brand {self.slug}>"


class Suppression(Model):
    """An email address that must never appear in this brand's exports."""

    __tablename__ = "suppression"
    __table_args__ = (
        UniqueConstraint("brand_id", "email"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsentText(Model):
    """One version of a brand's marketing consent text; a fan's consent names the version.

    `body` is in the brand's default language; `translations` maps other language codes
    ("fr") to the same text in that language. A version covers all of them.
    """

    __tablename__ = "consent_text"
    __table_args__ = (UniqueConstraint("brand_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def body_for(self, locale: str | None) -> str:
        """The text in this language, else in the brand's default language."""
        return (self.translations or {}).get((locale or "")[:2].lower()) or self.body
