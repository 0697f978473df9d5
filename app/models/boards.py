"""Leaderboards the event log is ahead of: a brand whose Redis boards must be rebuilt."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime, utcnow


class StaleBoards(Model):
    """One row per brand whose Redis boards miss something: increments Redis refused, or a
    change (a fraud flag) that only a rebuild applies. The rebuild deletes the row it read in
    its snapshot; `version` grows with every new mark, so a mark made after that snapshot
    outlives the rebuild and asks for the next one."""

    __tablename__ = "stale_boards"
    __table_args__ = (
        CheckConstraint("version > 0", name="version_positive"),
        CheckConstraint("marks > 0", name="marks_positive"),
    )

    brand_id: Mapped[int] = mapped_column(
        ForeignKey("brand.id", ondelete="CASCADE"), primary_key=True
    )
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # How many times the boards were marked since the last rebuild (failed writes, flags).
    marks: Mapped[int] = mapped_column(default=1)
    version: Mapped[int] = mapped_column(default=1)
