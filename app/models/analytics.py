"""Analytics: raw funnel events, hourly rollups, the visitor hash's daily salt, the watermark."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime

DEVICES = ("desktop", "mobile", "tablet", "other")
# Why an event is held out of the figures: captured from staff or the bench, or (decided at
# rollup time, so a later flag moves it) from a fan flagged for fraud. "" counts.
EXCLUSIONS = ("", "staff", "bench", "fraud")
STEP_CHECKS = {
    "postgresql": "step ~ '^[a-z][a-z0-9_]{1,31}$'",
    "sqlite": "length(step) BETWEEN 2 AND 32 AND step NOT GLOB '*[^a-z0-9_]*'",
}


class AnalyticsEvent(Model):
    """One funnel step of one visitor, with where the visit came from; never an IP address.

    `visitor` is sha256(day's salt, brand, IP, user agent) cut to 32 hex characters: the
    same browser is one visitor for a day, and nobody can tell who it was once the salt is
    gone. `hour` is `occurred_at` cut to the hour, the rollups' bucket.
    """

    __tablename__ = "analytics_event"
    __table_args__ = (
        CheckConstraint(f"device IN {DEVICES!r}", name="device_known"),
        CheckConstraint(f"excluded IN {EXCLUSIONS[:3]!r}", name="excluded_known"),
        CheckConstraint("length(visitor) = 32", name="visitor_hashed"),
        *(
            CheckConstraint(check, name="step_wellformed").ddl_if(dialect=dialect)
            for dialect, check in STEP_CHECKS.items()
        ),
        # The rollup reads closed hours of every brand; the raw tail and retention, one brand's.
        Index("ix_analytics_event_hour", "hour"),
        Index("ix_analytics_event_brand_hour", "brand_id", "hour"),
        # "First of the visitor's day": one probe per event, the hash is new every day.
        Index("ix_analytics_event_visitor", "visitor", "id"),
        Index("ix_analytics_event_fan_hour", "fan_id", "hour"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hour: Mapped[datetime] = mapped_column(UTCDateTime)
    visitor: Mapped[str] = mapped_column(String(32))
    fan_id: Mapped[int | None] = mapped_column(ForeignKey("fan_profile.id", ondelete="SET NULL"))
    utm_source: Mapped[str] = mapped_column(String(100), default="")
    utm_medium: Mapped[str] = mapped_column(String(100), default="")
    utm_campaign: Mapped[str] = mapped_column(String(100), default="")
    referrer_host: Mapped[str] = mapped_column(String(255), default="")
    embed_origin: Mapped[str] = mapped_column(String(255), default="")
    share_code: Mapped[str] = mapped_column(String(32), default="")
    device: Mapped[str] = mapped_column(String(8), default="other")
    browser: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    excluded: Mapped[str] = mapped_column(String(8), default="")


class AnalyticsRollup(Model):
    """One hour's count of one step in one brand (and campaign), per source and device.

    `events` counts the events; `visitors` those that were the visitor's first of that step
    in that campaign that day, and `day_visitors` their first in the brand that day, so
    sums over hours give each day's distinct visitors (the hash is new every day).
    """

    __tablename__ = "analytics_rollup"
    __table_args__ = (
        CheckConstraint(f"excluded IN {EXCLUSIONS!r}", name="excluded_known"),
        CheckConstraint(
            "events >= visitors AND visitors >= 0 AND day_visitors >= 0", name="counts_sane"
        ),
        Index("ix_analytics_rollup_brand_hour", "brand_id", "hour"),
        # The rollup replaces every brand's rows of the hours it rolls.
        Index("ix_analytics_rollup_hour", "hour"),
        Index("ix_analytics_rollup_campaign_hour", "campaign_id", "hour"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    hour: Mapped[datetime] = mapped_column(UTCDateTime)
    step: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(255))
    medium: Mapped[str] = mapped_column(String(100))
    embed_origin: Mapped[str] = mapped_column(String(255))
    device: Mapped[str] = mapped_column(String(8))
    browser: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(16))
    excluded: Mapped[str] = mapped_column(String(8))
    events: Mapped[int]
    visitors: Mapped[int]
    day_visitors: Mapped[int]


class AnalyticsSalt(Model):
    """The day's random salt of the visitor hash; deleted once the day is over."""

    __tablename__ = "analytics_salt"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class AnalyticsWatermark(Model):
    """The one row saying up to which hour the rollups are complete, and which fraud
    decisions they already follow (a later flag or clearing rolls the fan's hours again)."""

    __tablename__ = "analytics_watermark"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rolled_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decisions_seen: Mapped[int] = mapped_column(default=0)
