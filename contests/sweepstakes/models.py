"""Sweepstakes tables: the published seal, entrants and their entries, the draw and its log.

Rows of a draw are written once: the seal when the sweepstakes goes live, the draw with its
frozen list and revealed seed, picks and redraws only ever appended. Anyone can recompute
the winners from them (see draw.py), so an edit made behind the platform's back shows.
"""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models import Model
from app.models.base import UTCDateTime, utcnow

SHA256_HEX = "length({column}) = 64"


class SweepstakesSeal(Model):
    """What was published when the sweepstakes went live: rules hash and seed commitment."""

    __tablename__ = "sweepstakes_seal"
    __table_args__ = (
        CheckConstraint(SHA256_HEX.format(column="rules_hash"), name="rules_hash_sha256"),
        CheckConstraint(SHA256_HEX.format(column="commitment"), name="commitment_sha256"),
    )

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    # The official rules exactly as published: the text the rules hash covers, written in
    # `rules_locale`; the same rules in the brand's other languages are published beside it
    # (`rules_translations`, language code -> text) and are not what the hash covers.
    rules_text: Mapped[str] = mapped_column(Text)
    rules_hash: Mapped[str] = mapped_column(String(64))
    rules_locale: Mapped[str] = mapped_column(String(8), default="en")
    rules_translations: Mapped[dict] = mapped_column(JSON, default=dict)
    commitment: Mapped[str] = mapped_column(String(64))
    # The seed, encrypted with a key derived from SECRET_KEY; revealed only by the draw.
    sealed_seed: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SweepstakesEntrant(Model):
    """A fan who entered: their public pseudonym, the details checked, the rules agreed to."""

    __tablename__ = "sweepstakes_entrant"
    __table_args__ = (
        UniqueConstraint("campaign_id", "fan_id"),
        UniqueConstraint("campaign_id", "code"),
        CheckConstraint("length(country) = 2 AND country = upper(country)", name="country_code"),
        CheckConstraint(SHA256_HEX.format(column="rules_hash"), name="rules_hash_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    fan_id: Mapped[int] = mapped_column(
        ForeignKey("fan_profile.id", ondelete="CASCADE"), index=True
    )
    # Shown in the published list instead of anything that names the fan.
    code: Mapped[str] = mapped_column(String(16))
    date_of_birth: Mapped[date] = mapped_column(Date)
    country: Mapped[str] = mapped_column(String(2))
    rules_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SweepstakesEntry(Model):
    """One entry: `period` is 'once', or the brand's local day for once-a-day sweepstakes."""

    __tablename__ = "sweepstakes_entry"
    __table_args__ = (UniqueConstraint("entrant_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entrant_id: Mapped[int] = mapped_column(
        ForeignKey("sweepstakes_entrant.id", ondelete="CASCADE")
    )
    period: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entrant: Mapped[SweepstakesEntrant] = relationship()


class SweepstakesDraw(Model):
    """The one draw of a sweepstakes: the revealed seed and the frozen, hashed entry list."""

    __tablename__ = "sweepstakes_draw"
    __table_args__ = (
        # One draw per sweepstakes, even when two are asked for at the same instant.
        UniqueConstraint("campaign_id"),
        CheckConstraint(SHA256_HEX.format(column="seed_hex"), name="seed_hex_length"),
        CheckConstraint(SHA256_HEX.format(column="list_hash"), name="list_hash_sha256"),
        CheckConstraint("winners >= 1 AND alternates >= 0", name="counts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    seed_hex: Mapped[str] = mapped_column(String(64))
    list_text: Mapped[str] = mapped_column(Text)
    list_hash: Mapped[str] = mapped_column(String(64))
    winners: Mapped[int]
    alternates: Mapped[int]
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class SweepstakesPick(Model):
    """The n-th entrant the draw's stream picked; winners and alternates follow from the order."""

    __tablename__ = "sweepstakes_pick"
    __table_args__ = (
        UniqueConstraint("draw_id", "entrant_code"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    draw_id: Mapped[int] = mapped_column(
        ForeignKey("sweepstakes_draw.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entrant_code: Mapped[str] = mapped_column(String(16))


class SweepstakesRedraw(Model):
    """A winner disqualified after the draw, and why; the stream's next pick takes the place."""

    __tablename__ = "sweepstakes_redraw"
    __table_args__ = (
        UniqueConstraint("draw_id", "entrant_code"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("reason <> ''", name="reason_given"),
    )

    draw_id: Mapped[int] = mapped_column(
        ForeignKey("sweepstakes_draw.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entrant_code: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
