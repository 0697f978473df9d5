"""People: users, their login identities, staff memberships and fan profiles."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, UTCDateTime, utcnow

ROLES = ("owner", "manager", "moderator", "analyst")


class User(Model):
    """One person, fan or staff; guests have no email yet."""

    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("locale IN ('en', 'fr')", name="locale_supported"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str | None] = mapped_column(String(256))
    # A guest's browser (the random key its fan session got with its first page): unique,
    # so a browser's concurrent first actions all find one guest (app.identity.fan_session).
    guest_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The console's language this staff member chose; None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(8))

    identities: Mapped[list["Identity"]] = relationship(back_populates="user")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email or 'guest'}>"


class Identity(Model):
    """A way to log in: a provider and the subject it vouches for."""

    __tablename__ = "identity"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="identities")


class Membership(Model):
    """A staff role in a brand."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("brand_id", "user_id"),
        CheckConstraint(f"role IN {ROLES!r}", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FanProfile(Model):
    """One fan in one brand: join source, consent, engagement aggregates, fraud risk."""

    __tablename__ = "fan_profile"
    __table_args__ = (
        UniqueConstraint("brand_id", "user_id"),
        CheckConstraint(
            "NOT marketing_consent OR marketing_consent_at IS NOT NULL", name="consent_dated"
        ),
        CheckConstraint("fraud_risk >= 0 AND fraud_risk <= 1", name="fraud_risk_range"),
        CheckConstraint("streak_days >= 0 AND best_streak >= streak_days", name="streak_sane"),
        CheckConstraint("campaigns_played >= 0 AND badges_count >= 0", name="counts_positive"),
        # The super-fan ranking reads fans of a brand by decayed score.
        Index("ix_fan_profile_brand_score", "brand_id", "score_base", "id"),
        # Fraud checks count a brand's new fans from one IP or one device.
        Index("ix_fan_profile_brand_ip", "brand_id", "created_ip", "joined_at"),
        Index("ix_fan_profile_brand_device", "brand_id", "device_id", "joined_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    referral_code: Mapped[str] = mapped_column(String(16), unique=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Join source: who referred the fan and the UTM tags of the first visit.
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="SET NULL")
    )
    utm_source: Mapped[str | None] = mapped_column(String(100))
    utm_medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(100))

    # Current marketing consent; the history lives in ConsentRecord.
    marketing_consent: Mapped[bool] = mapped_column(default=False)
    marketing_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_version: Mapped[str | None] = mapped_column(String(32))

    # Aggregates, maintained by app.engagement.record in the action's transaction.
    points: Mapped[int] = mapped_column(default=0)
    participation: Mapped[int] = mapped_column(default=0)
    creation: Mapped[int] = mapped_column(default=0)
    influence: Mapped[int] = mapped_column(default=0)
    loyalty: Mapped[int] = mapped_column(default=0)
    score_base: Mapped[float] = mapped_column(default=0.0)
    streak_days: Mapped[int] = mapped_column(default=0)
    best_streak: Mapped[int] = mapped_column(default=0)
    last_active_day: Mapped[date | None] = mapped_column(Date)
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    campaigns_played: Mapped[int] = mapped_column(default=0)
    badges_count: Mapped[int] = mapped_column(default=0)

    fraud_risk: Mapped[float] = mapped_column(default=0.0)
    fraud_flagged: Mapped[bool] = mapped_column(default=False)
    # Where the profile was created: the client IP and the fan cookie's device id.
    created_ip: Mapped[str | None] = mapped_column(String(45))
    device_id: Mapped[str | None] = mapped_column(String(32))

    user: Mapped[User] = relationship()

    @property
    def join_source(self) -> str:
        return describe_join_source(
            self.referred_by_id, self.utm_source, self.utm_medium, self.utm_campaign
        )


def describe_join_source(referred_by_id, utm_source, utm_medium, utm_campaign) -> str:
    """How a fan arrived, in a few words: referral, utm:source/medium/campaign or direct."""
    if referred_by_id:
        return "referral"
    tags = [t for t in (utm_source, utm_medium, utm_campaign) if t]
    return "utm:" + "/".join(tags) if tags else "direct"


class ConsentRecord(Model):
    """Append-only history of what a fan agreed to, which text version, and when."""

    __tablename__ = "consent_record"
    __table_args__ = (CheckConstraint("purpose IN ('marketing', 'rules')", name="purpose_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(16))
    text_version: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
