"""Staff and fans' personal data: who looked at which fan's, and which analysts may see emails."""

from datetime import datetime

from sqlalchemy import (
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

# What a staff member saw: the fan page (with or without the email), the fan's exported row,
# a winner's contact details.
ACCESS_KINDS = ("profile", "email", "export", "contact")


class StaffAccess(Model):
    """Append-only: one staff member saw one fan's personal data, what of it, and when."""

    __tablename__ = "staff_access"
    __table_args__ = (
        CheckConstraint(f"what IN {ACCESS_KINDS!r}", name="what_known"),
        Index("ix_staff_access_brand_time", "brand_id", "created_at"),
        Index("ix_staff_access_fan_time", "fan_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    # The fan's row may go (erasure); the log keeps that someone looked.
    fan_id: Mapped[int | None] = mapped_column(ForeignKey("fan_profile.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Who, as shown: the staff member's email when the access happened.
    actor: Mapped[str] = mapped_column(String(320))
    what: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmailGrant(Model):
    """An owner's leave for one analyst to see fans' emails in this brand."""

    __tablename__ = "email_grant"
    __table_args__ = (UniqueConstraint("brand_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
