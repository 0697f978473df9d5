"""A prize winner's fulfilment record: contact details from the claim, status, deadline, notes.

Kinds decide who wins (a sweepstakes draw, a photo contest's published ranking) and announce
their winners through CampaignKind.winners; the core keeps one record per winner so that
staff can reach them and deliver the prize, whatever the kind.
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, UTCDateTime, utcnow
from app.models.campaign import Campaign
from app.models.people import FanProfile

# pending: drawn, not yet contacted; contacted: the claim link was sent; claimed: the fan
# sent their details; shipped: the prize left; forfeited: no claim in time, or refused.
WINNER_STATUSES = ("pending", "contacted", "claimed", "shipped", "forfeited")


class Winner(Model):
    """One winner of one campaign, as its kind named them (`ref`), and the prize's delivery."""

    __tablename__ = "winner"
    __table_args__ = (
        UniqueConstraint("campaign_id", "ref"),
        CheckConstraint(f"status IN {WINNER_STATUSES!r}", name="status_known"),
        Index("ix_winner_brand_campaign", "brand_id", "campaign_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    fan_id: Mapped[int | None] = mapped_column(ForeignKey("fan_profile.id", ondelete="SET NULL"))
    # The kind's own name for the win (an entrant code, a photo entry id): unique per campaign.
    ref: Mapped[str] = mapped_column(String(64))
    # What the public pages show instead of the winner's name.
    public_code: Mapped[str] = mapped_column(String(64))
    prize: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    claim_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Name, email, phone and postal address, as the winner confirmed them in the claim form.
    contact: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the kind drew someone else in this winner's place.
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    fan: Mapped[FanProfile | None] = relationship()
