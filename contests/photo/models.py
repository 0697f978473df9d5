"""Photo contest tables: entries, votes, reports, moderation decisions and watched words.

An entry's status is the moderation state fans see; `vote_count` is kept in the same
transaction as each vote row, so galleries sort by it without counting.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import FanProfile, MediaFile, Model
from app.models.base import UTCDateTime, utcnow

ENTRY_STATUSES = ("pending", "approved", "rejected", "disqualified")
DECISIONS = ("approve", "reject", "disqualify", "hold", "flag", "report")
WORD_ACTIONS = ("block", "mask", "hold", "flag")


class PhotoEntry(Model):
    """One photo a fan submitted to a contest, with its caption and moderation state."""

    __tablename__ = "photo_entry"
    __table_args__ = (
        CheckConstraint(f"status IN {ENTRY_STATUSES!r}", name="status_known"),
        CheckConstraint("vote_count >= 0", name="vote_count_positive"),
        CheckConstraint("report_count >= 0", name="report_count_positive"),
        # Votes and jury scores name (entry, campaign) together, so they cannot cross contests.
        UniqueConstraint("id", "campaign_id"),
        Index("ix_photo_entry_gallery_newest", "campaign_id", "status", "created_at"),
        Index("ix_photo_entry_gallery_votes", "campaign_id", "status", "vote_count"),
        Index("ix_photo_entry_fan", "fan_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(ForeignKey("fan_profile.id", ondelete="CASCADE"))
    media_id: Mapped[int] = mapped_column(ForeignKey("media_file.id", ondelete="RESTRICT"))
    caption: Mapped[str] = mapped_column(Text, default="")
    # Answers to the optional fields the brand defines in the contest's settings.
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # What the fan is told when a moderator rejects or disqualifies the entry.
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    # The earlier entry this photo nearly duplicates (perceptual hash), for moderators.
    near_duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("photo_entry.id", ondelete="SET NULL")
    )
    # Something (a watched word, a near duplicate, a fan's report) wants a moderator's look.
    flagged: Mapped[bool] = mapped_column(default=False)
    vote_count: Mapped[int] = mapped_column(default=0)
    report_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    fan: Mapped[FanProfile] = relationship()
    media: Mapped[MediaFile] = relationship()


class PhotoVote(Model):
    """One fan's vote for one entry in one period: the unique row is the whole rule.

    `period` is "ever" when the contest allows one vote per entry, else the brand-local day;
    `day` is always that day, so a fan's votes of the day can be counted.

    A guest's vote is provisional (counted nowhere) until the guest signs in; it carries the
    browser's device id and a keyed hash of its network, which cap guest votes per entry
    (contests.photo.guest_votes), and loses both once confirmed.
    """

    __tablename__ = "photo_vote"
    __table_args__ = (
        UniqueConstraint("entry_id", "fan_id", "period"),
        ForeignKeyConstraint(
            ["entry_id", "campaign_id"],
            ["photo_entry.id", "photo_entry.campaign_id"],
            ondelete="CASCADE",
        ),
        CheckConstraint("period <> ''", name="period_known"),
        CheckConstraint(
            "(provisional AND device_id IS NOT NULL AND network_key IS NOT NULL)"
            " OR (NOT provisional AND device_id IS NULL AND network_key IS NULL)",
            name="guest_keys_while_provisional",
        ),
        Index("ix_photo_vote_fan_day", "campaign_id", "fan_id", "day"),
        Index("ix_photo_vote_guest_device", "entry_id", "period", "device_id"),
        Index("ix_photo_vote_guest_network", "entry_id", "period", "network_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int]
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(ForeignKey("fan_profile.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    day: Mapped[date] = mapped_column(Date)
    provisional: Mapped[bool] = mapped_column(default=False)
    device_id: Mapped[str | None] = mapped_column(String(32))
    network_key: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PhotoReport(Model):
    """A fan's report of an entry; one per fan and entry."""

    __tablename__ = "photo_report"
    __table_args__ = (UniqueConstraint("entry_id", "fan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("photo_entry.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(ForeignKey("fan_profile.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PhotoDecision(Model):
    """The moderation log: who (a staff user, or nobody for automatic rules) did what, and why."""

    __tablename__ = "photo_decision"
    __table_args__ = (
        CheckConstraint(f"action IN {DECISIONS!r}", name="action_known"),
        Index("ix_photo_decision_entry", "entry_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("photo_entry.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WatchedWord(Model):
    """A word a brand watches for in captions and fields, and what to do when it appears."""

    __tablename__ = "watched_word"
    __table_args__ = (
        UniqueConstraint("brand_id", "word"),
        CheckConstraint(f"action IN {WORD_ACTIONS!r}", name="action_known"),
        CheckConstraint("word <> '' AND word = lower(word)", name="word_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    word: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
