"""A job asked for by an action, recorded in the action's transaction so no Redis loss drops it."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, UTCDateTime, utcnow

JOB_STATES = ("queued", "started", "done", "failed")


class Job(Model):
    """One row per enqueue(): the RQ job carries its id. A run marks it started (and beats
    `heartbeat_at` while it works), then done in the job's own transaction, or failed; the
    sweep re-enqueues rows left queued, abandoned or failed whose RQ job is gone."""

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'started', 'done', 'failed')", name="state_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The sweep and /readyz look for the oldest rows of a state.
        Index("ix_job_state_created_at", "state", "created_at"),
    )

    # Made in Python, so enqueue() knows it before the INSERT and reads nothing after commit.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    path: Mapped[str] = mapped_column(String(200))
    args: Mapped[list] = mapped_column(JSON, default=list)
    queue: Mapped[str] = mapped_column(String(20), default="default")
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
