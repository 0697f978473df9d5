"""Jobs: enqueue() records a row in the caller's transaction, runs it on RQ after commit (or
inline without Redis), and a run marks the row started, done or failed.

Jobs take ids, not ORM objects, run in a fresh app context (so a fresh session), commit
once at the end, and must be idempotent: RQ delivers at least once and retries, and the
sweep (app/job_sweep.py) delivers again what a Redis loss or a killed worker dropped. The
`job` row is the truth: a run whose row is already done does nothing, and the row is marked
done in the job's own transaction, so a job's writes land at most once.
"""

import json
import logging
import threading
import uuid
from functools import partial

import redis
from flask import Flask, current_app
from rq import Queue, Retry, get_current_job
from sqlalchemy import update
from sqlalchemy.engine import Engine
from werkzeug.utils import import_string

from app.aftercommit import after_commit
from app.extensions import db
from app.models import utcnow
from app.models.job import Job
from app.redisclient import get_redis

log = logging.getLogger(__name__)

QUEUES = ("default", "low")
# A started job whose heartbeat is older than this is abandoned (its process died).
ABANDONED_SECONDS = 45
ROW_META = "superfan_job"

# The app a worker process created; forked work horses inherit it.
_worker_app: Flask | None = None


def job_path(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def enqueue(func, *args, queue: str = "default") -> uuid.UUID:
    """Record func(*args) in the current transaction; run it once that commits: on RQ, or
    inline without Redis. Returns the job row's id."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    path = job_path(func)
    # Fail here, at the caller, rather than at the commit's flush.
    json.dumps(args)
    job_id = uuid.uuid4()
    session = db.session()
    session.add(Job(id=job_id, path=path, args=list(args), queue=queue))
    app = current_app._get_current_object()
    after_commit(session, partial(dispatch, app, job_id, path, tuple(args), queue))
    return job_id


def rq_job_id(job_id: uuid.UUID) -> str:
    return str(job_id)


def dispatch(app: Flask, job_id: uuid.UUID, path: str, args: tuple, queue: str) -> None:
    """Hand a committed job row to RQ; run it here when Redis is absent or unreachable."""
    client = get_redis()
    if client is not None:
        try:
            push(app, client, job_id, path, args, queue)
            return
        except redis.RedisError as error:
            log.warning("Redis unavailable; running job %s inline (%s)", path, error)
    try:
        run_recorded(app, job_id, path, args, heartbeat=False)
    except Exception:
        log.exception("inline job %s failed", path)


def push(app: Flask, client: redis.Redis, job_id, path: str, args: tuple, queue: str) -> None:
    """Put the job on its RQ queue, under the row's id; raises redis.RedisError."""
    # Back-off between attempts, from config: RQ delivers again after each failure.
    intervals = app.config["JOB_RETRY_INTERVALS"]
    retry = Retry(max=len(intervals), interval=intervals) if intervals else None
    Queue(queue, connection=client).enqueue_call(
        execute,
        args=(path, *args),
        job_id=rq_job_id(job_id),
        meta={ROW_META: str(job_id)},
        retry=retry,
    )


def execute(path: str, *args):
    """What the worker runs: the job inside the worker's app, one transaction."""
    if _worker_app is None:
        raise RuntimeError("jobs run under `superfan worker`, which creates the app")
    current = get_current_job()
    row = current.meta.get(ROW_META) if current is not None else None
    if row is None:
        # Queued straight on RQ (the boards' coalesced rebuilds) or before rows existed.
        return _run(_worker_app, path, args)
    return run_recorded(_worker_app, uuid.UUID(row), path, args, heartbeat=True)


def _run(app: Flask, path: str, args: tuple):
    func = import_string(path)
    with app.app_context():
        try:
            result = func(*args)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return result


def _not_done(job_id: uuid.UUID):
    return (
        update(Job)
        .where(Job.id == job_id, Job.state != "done")
        .execution_options(synchronize_session=False)
    )


def run_recorded(app: Flask, job_id: uuid.UUID, path: str, args: tuple, heartbeat: bool):
    """Run a recorded job once: skip it if its row is done, mark it done with its work."""
    func = import_string(path)
    with app.app_context():
        now = utcnow()
        started = db.session.execute(
            _not_done(job_id).values(
                state="started",
                attempts=Job.attempts + 1,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
            )
        )
        db.session.commit()
        if started.rowcount == 0:
            log.info("job %s (%s) is done already or unknown; skipped", job_id, path)
            return None
        beat = _Heartbeat(db.engine, job_id, app) if heartbeat else None
        try:
            result = func(*args)
            if beat is not None:
                beat.stop()
            # Concurrent runs of one job: the row lock makes the second wait, then find it done.
            done = db.session.execute(
                _not_done(job_id).values(state="done", finished_at=utcnow(), last_error=None)
            )
            if done.rowcount == 0:
                db.session.rollback()
                log.info("job %s (%s) was finished by another run; rolled back", job_id, path)
                return None
            db.session.commit()
        except Exception as error:
            if beat is not None:
                beat.stop()
            db.session.rollback()
            _mark_failed(job_id, f"{type(error).__name__}: {error}"[:2000])
            raise
    return result


def _mark_failed(job_id: uuid.UUID, message: str) -> None:
    try:
        db.session.execute(
            _not_done(job_id).values(state="failed", finished_at=utcnow(), last_error=message)
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not mark job %s failed", job_id)


def heartbeat_seconds(app: Flask) -> float:
    return max(app.config.get("JOB_ABANDONED_SECONDS", ABANDONED_SECONDS) / 4, 0.5)


class _Heartbeat:
    """Beats `heartbeat_at` from a thread while a job runs, in short transactions of its own:
    a job whose process dies stops beating, and the sweep delivers it again."""

    def __init__(self, engine: Engine, job_id: uuid.UUID, app: Flask):
        self._engine = engine
        self._job_id = job_id
        self._every = heartbeat_seconds(app)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True, name="job-heartbeat")
        self._thread.start()

    def _beat(self) -> None:
        while not self._stopping.wait(self._every):
            try:
                with self._engine.begin() as connection:
                    connection.execute(
                        update(Job)
                        .where(Job.id == self._job_id, Job.state == "started")
                        .values(heartbeat_at=utcnow())
                    )
            except Exception as error:
                log.warning("job %s: heartbeat failed (%s)", self._job_id, error)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
