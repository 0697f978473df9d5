"""RQ queues, enqueue() with an inline fallback, and what a worker runs for each job.

Jobs take ids, not ORM objects, run in a fresh app context (so a fresh session), commit
once at the end, and must be idempotent: RQ delivers at least once and retries.
"""

import logging
from functools import partial

import redis
from flask import Flask, current_app
from rq import Queue, Retry, Worker
from werkzeug.utils import import_string

from app.aftercommit import after_commit
from app.extensions import db
from app.redisclient import get_redis

log = logging.getLogger(__name__)

QUEUES = ("default", "low")

# The app a worker process created; forked work horses inherit it.
_worker_app: Flask | None = None


def job_path(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def enqueue(func, *args, queue: str = "default") -> None:
    """Run func(*args) once the current transaction commits: on RQ, or inline without Redis."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    app = current_app._get_current_object()
    after_commit(db.session(), partial(_dispatch, app, job_path(func), args, queue))


def _dispatch(app: Flask, path: str, args: tuple, queue: str) -> None:
    client = get_redis()
    if client is not None:
        # Back-off between attempts, from config: RQ delivers again after each failure.
        intervals = app.config["JOB_RETRY_INTERVALS"]
        retry = Retry(max=len(intervals), interval=intervals) if intervals else None
        try:
            Queue(queue, connection=client).enqueue_call(execute, args=(path, *args), retry=retry)
            return
        except redis.RedisError as error:
            log.warning("Redis unavailable; running job %s inline (%s)", path, error)
    try:
        _run(app, path, args)
    except Exception:
        log.exception("inline job %s failed", path)


def execute(path: str, *args):
    """What the worker runs: the job inside the worker's app, one transaction."""
    if _worker_app is None:
        raise RuntimeError("jobs run under `superfan worker`, which creates the app")
    return _run(_worker_app, path, args)


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


def work(app: Flask, queues: tuple[str, ...], burst: bool = False) -> None:
    """Serve jobs from Redis until stopped (or until the queues are empty, with burst)."""
    global _worker_app
    client = app.extensions["superfan.redis"]
    if client is None:
        raise RuntimeError(
            "REDIS_URL is not set: without Redis, jobs run inline and need no worker"
        )
    _worker_app = app
    Worker(queues or QUEUES, connection=client).work(burst=burst, with_scheduler=True)
