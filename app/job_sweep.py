"""The sweep: deliver again the recorded jobs Redis lost or a dead worker abandoned.

A row is due when it is still queued, started without a heartbeat, or failed, for longer
than the abandonment threshold, and its RQ job is missing, failed or stuck in "started".
An RQ job that is queued, scheduled (a retry waiting) or deferred is left to RQ. Without
Redis the due jobs run here, inline. `superfan worker` sweeps every few seconds; so does
`superfan jobs sweep`, once. It also heals the leaderboards and forgets old done rows.
"""

import importlib
import logging
from contextlib import suppress
from datetime import timedelta

import redis
from flask import current_app
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.utils import utcparse
from sqlalchemy import and_, delete, or_, select, update

from app import jobs
from app.extensions import db
from app.models import utcnow
from app.models.job import Job
from app.redisclient import get_redis

log = logging.getLogger(__name__)

BATCH = 500
MAX_ATTEMPTS = 10
KEEP_DONE_DAYS = 7
LEFT_TO_RQ = {"queued", "scheduled", "deferred"}


def sweep(abandoned_after: float | None = None) -> dict[str, int]:
    """Re-enqueue what is due (see the module's docstring); the counts of what was done."""
    app = current_app._get_current_object()
    if abandoned_after is None:
        abandoned_after = app.config.get("JOB_ABANDONED_SECONDS", jobs.ABANDONED_SECONDS)
    now = utcnow()
    cutoff = now - timedelta(seconds=abandoned_after)
    client = get_redis()
    due = _due_rows(cutoff, client)
    requeued = 0
    for row in due:
        # Guarded by what was seen: a run that just started or beat keeps its row.
        claimed = db.session.execute(
            update(Job)
            .where(Job.id == row.id, Job.state == row.state, _stale(row.state, cutoff))
            .values(state="queued")
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if claimed.rowcount == 0:
            continue
        if client is None:
            with suppress(Exception):
                jobs.run_recorded(app, row.id, row.path, tuple(row.args), heartbeat=False)
            requeued += 1
            continue
        try:
            with suppress(NoSuchJobError):
                RQJob.fetch(jobs.rq_job_id(row.id), connection=client).delete()
            jobs.push(app, client, row.id, row.path, tuple(row.args), row.queue)
        except redis.RedisError as error:
            log.warning("Redis unavailable; the job sweep stops (%s)", error)
            break
        requeued += 1
    if requeued:
        log.warning("job sweep: %d lost or abandoned jobs delivered again", requeued)
    return {"requeued": requeued, "pruned": _prune(now), "boards": _heal_boards()}


def _stale(state: str, cutoff):
    if state == "started":
        return or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff)
    if state == "failed":
        return Job.finished_at < cutoff
    return Job.created_at < cutoff


def _due_rows(cutoff, client: redis.Redis | None) -> list:
    max_attempts = current_app.config.get("JOB_MAX_ATTEMPTS", MAX_ATTEMPTS)
    rows = db.session.execute(
        select(Job.id, Job.path, Job.args, Job.queue, Job.state)
        .where(
            Job.attempts < max_attempts,
            or_(
                *(and_(Job.state == s, _stale(s, cutoff)) for s in ("queued", "started", "failed"))
            ),
        )
        .order_by(Job.created_at)
        .limit(BATCH)
    ).all()
    db.session.commit()
    if client is None or not rows:
        return rows
    try:
        with client.pipeline(transaction=False) as pipe:
            for row in rows:
                pipe.hmget(RQJob.key_for(jobs.rq_job_id(row.id)), "status", "started_at")
            seen = pipe.execute()
    except redis.RedisError as error:
        log.warning("Redis unavailable; the job sweep waits (%s)", error)
        return []
    return [row for row, rq in zip(rows, seen, strict=True) if _lost(rq, cutoff)]


def _lost(rq: list, cutoff) -> bool:
    """Whether RQ lost the job (missing, failed) or holds it started by a process long dead."""
    status, started_at = (value.decode() if value else None for value in rq)
    if status in LEFT_TO_RQ:
        return False
    if status == "started":
        # The row was seen stale, so nothing beats for this run: dead unless it just began.
        return started_at is None or utcparse(started_at).replace(tzinfo=cutoff.tzinfo) < cutoff
    return True


def _prune(now) -> int:
    keep = now - timedelta(days=current_app.config.get("JOB_KEEP_DONE_DAYS", KEEP_DONE_DAYS))
    old = (
        select(Job.id)
        .where(Job.state == "done", Job.created_at < keep)
        .order_by(Job.created_at)
        .limit(BATCH * 10)
    )
    pruned = db.session.execute(
        delete(Job).where(Job.id.in_(old)).execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return pruned


def _heal_boards() -> int:
    """Ask for the rebuild of stale leaderboards, where the platform has that healing."""
    try:
        healing = importlib.import_module("app.engagement.healing")
    except ImportError:
        return 0
    heal = getattr(healing, "heal_stale_boards", None)
    if heal is None:
        return 0
    try:
        healed = heal()
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("healing the leaderboards failed")
        return 0
    return len(healed or ())
