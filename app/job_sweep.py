"""The sweep: deliver again the recorded jobs Redis lost or a dead worker abandoned.

A row is due when it is still queued, started without a heartbeat, or failed, for longer
than the abandonment threshold, and its RQ job is missing, failed, stuck in "started", or
scheduled (a retry) but overdue by that threshold: the scheduler that held it died, and
RQ's next scheduler takes its lock only minutes later. A queued or deferred RQ job, or a
retry not yet overdue, is left to RQ. Without
Redis the due jobs run here, inline. `superfan worker` sweeps every few seconds; so does
`superfan jobs sweep`, once. It also heals the leaderboards, forgets old done rows,
deletes the files of expired exports and queues the minute's analytics rollup
(app/analytics/schedule.py).
"""

import importlib
import logging
from contextlib import suppress
from datetime import timedelta

import redis
from flask import current_app
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.registry import ScheduledJobRegistry
from rq.utils import utcparse
from sqlalchemy import and_, delete, or_, select, update

from app import analytics, jobs
from app.exports import files as export_files
from app.extensions import db
from app.models import utcnow
from app.models.job import Job
from app.redisclient import get_redis

log = logging.getLogger(__name__)

BATCH = 500
MAX_ATTEMPTS = 10
KEEP_DONE_DAYS = 7
LEFT_TO_RQ = {"queued", "deferred"}


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
    return {
        "requeued": requeued,
        "pruned": _prune(now),
        "boards": _heal_boards(),
        "exports": _expire_exports(),
        "analytics": _analytics(),
    }


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
                rq_id = jobs.rq_job_id(row.id)
                pipe.hmget(RQJob.key_for(rq_id), "status", "started_at")
                pipe.zscore(ScheduledJobRegistry(row.queue, connection=client).key, rq_id)
            seen = pipe.execute()
    except redis.RedisError as error:
        log.warning("Redis unavailable; the job sweep waits (%s)", error)
        return []
    pairs = zip(seen[::2], seen[1::2], strict=True)
    return [row for row, (rq, due) in zip(rows, pairs, strict=True) if _lost(rq, due, cutoff)]


def _lost(rq: list, due: float | None, cutoff) -> bool:
    """Whether RQ lost the job (missing, failed), holds it started by a process long dead,
    or holds a retry its dead scheduler should have enqueued long ago."""
    status, started_at = (value.decode() if value else None for value in rq)
    if status in LEFT_TO_RQ:
        return False
    if status == "scheduled":
        return due is None or due < cutoff.timestamp()
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


def _expire_exports() -> int:
    """Delete the files of exports past their expiry (app/exports/files.py)."""
    try:
        expired = export_files.expire_due()
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("expiring old exports failed")
        return 0
    return expired


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


def _analytics() -> int:
    """Queue the minute's analytics rollup (inline without Redis): 1 when it was queued or ran."""
    try:
        return int(bool(analytics.schedule.tick()))
    except Exception:
        db.session.rollback()
        log.exception("the analytics rollup failed")
        return 0
