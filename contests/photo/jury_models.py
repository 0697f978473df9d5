"""Jury tables: who sits on a contest's jury, whom they live with, their scores, the winners.

Every score names its juror and its entry together with the campaign, so the composite
foreign keys keep a juror from scoring another contest's entries.
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import Model, User
from app.models.base import UTCDateTime, utcnow

SCORE_MIN, SCORE_MAX = 1, 5
WINNER_METHODS = ("votes", "jury", "blend")


class Juror(Model):
    """A brand member who scores one contest's entries."""

    __tablename__ = "photo_juror"
    __table_args__ = (
        UniqueConstraint("campaign_id", "user_id"),
        UniqueConstraint("id", "campaign_id"),
        Index("ix_photo_juror_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class HouseholdMember(Model):
    """Someone a juror lives with, by email: the juror never scores their entries."""

    __tablename__ = "photo_juror_household"
    __table_args__ = (
        UniqueConstraint("juror_id", "email"),
        CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name="email_normalised"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("photo_juror.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JuryScore(Model):
    """One juror's score of one entry, 1 to 5; changeable until the winners are published."""

    __tablename__ = "photo_jury_score"
    __table_args__ = (
        UniqueConstraint("juror_id", "entry_id"),
        CheckConstraint(f"score BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name="score_range"),
        ForeignKeyConstraint(
            ["juror_id", "campaign_id"],
            ["photo_juror.id", "photo_juror.campaign_id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["entry_id", "campaign_id"],
            ["photo_entry.id", "photo_entry.campaign_id"],
            ondelete="CASCADE",
        ),
        Index("ix_photo_jury_score_entry", "entry_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    juror_id: Mapped[int]
    entry_id: Mapped[int]
    score: Mapped[int]
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContestWinner(Model):
    """A published winner: rows exist only once the winners are published, then never change."""

    __tablename__ = "photo_winner"
    __table_args__ = (
        UniqueConstraint("campaign_id", "rank"),
        UniqueConstraint("campaign_id", "entry_id"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        CheckConstraint(f"method IN {WINNER_METHODS!r}", name="method_known"),
        ForeignKeyConstraint(
            ["entry_id", "campaign_id"],
            ["photo_entry.id", "photo_entry.campaign_id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    entry_id: Mapped[int]
    rank: Mapped[int]
    method: Mapped[str] = mapped_column(String(8))
    # The score the entry was ranked by, as shown on the winners page when published.
    score: Mapped[str] = mapped_column(String(32))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
