"""Fan sign-in credentials: one-time login tokens, and the ids of brand tokens already used."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime, utcnow

LOGIN_TOKEN_PURPOSES = ("handoff", "email")


class FanLoginToken(Model):
    """A short-lived credential that signs a fan in once: a popup handoff or an email link.

    Only a SHA-256 of the secret is stored; the row says who it signs in, for which brand,
    until when, and whether it was used.
    """

    __tablename__ = "fan_login_token"
    __table_args__ = (
        CheckConstraint(f"purpose IN {LOGIN_TOKEN_PURPOSES!r}", name="purpose_known"),
        CheckConstraint("user_id IS NOT NULL OR email IS NOT NULL", name="names_someone"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        Index("ix_fan_login_token_expiry", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BrandTokenUse(Model):
    """The unique id (jti) of a brand-signed fan token that was accepted, kept until it expires.

    The unique constraint is what refuses a replay, in every process at once.
    """

    __tablename__ = "brand_token_use"
    __table_args__ = (UniqueConstraint("brand_id", "jti"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    jti: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
