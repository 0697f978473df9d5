"""/healthz (the process answers) and /readyz (it can serve fans): cheap, open, JSON.

Ready means PostgreSQL answers and its schema is at the migrations' head: otherwise 503, so
a load balancer sends fans elsewhere. Redis, the workers and the boards only make the
answer "degraded" (still 200): fan actions succeed without them (app/ratelimits.py,
app/engagement/leaderboards.py, app/jobs.py), an operator should still look.
"""

import logging
import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import redis
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Flask, jsonify
from rq import Queue, Worker
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from app import ratelimits
from app.extensions import db, limiter
from app.jobs import QUEUES
from app.models import StaleBoards
from app.redisclient import get_redis

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def init_app(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/readyz", "readyz", readyz)


def healthz():
    """The process answers; nothing else is asked."""
    return jsonify(status="ok")


def readyz():
    started = time.monotonic()
    database = _database()
    checks = {"database": database}
    if database["status"] == "ok":
        checks["boards"] = _boards()
    checks["redis"] = _redis()
    rate_limits = ratelimits.status(limiter.storage)
    if rate_limits is not None:
        checks["rate_limits"] = rate_limits
    if database["status"] != "ok":
        status, code = "down", 503
    elif any(check.get("status") == "degraded" for check in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    elapsed_ms = round((time.monotonic() - started) * 1000, 1)
    return jsonify(status=status, checks=checks, elapsed_ms=elapsed_ms), code


@cache
def migration_heads() -> tuple[str, ...]:
    """The revisions the code expects, read once per process from migrations/."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return tuple(sorted(ScriptDirectory.from_config(config).get_heads()))


def _database() -> dict:
    try:
        with db.engine.connect() as connection:
            revisions = connection.execute(text("SELECT version_num FROM alembic_version"))
            current = tuple(sorted(row[0] for row in revisions))
    except SQLAlchemyError as error:
        log.warning("readyz: the database does not answer (%s)", error)
        return {"status": "down", "error": type(error).__name__}
    expected = migration_heads()
    if current != expected:
        return {
            "status": "behind",
            "revision": list(current),
            "expected": list(expected),
            "hint": "run `superfan db upgrade`",
        }
    return {"status": "ok", "revision": list(current)}


def _boards() -> dict:
    """Brands whose Redis boards wait for a rebuild (app/engagement/healing.py)."""
    if get_redis() is None:
        return {"status": "ok", "backend": "sql"}
    try:
        stale, oldest = db.session.execute(select(func.count(), func.min(StaleBoards.since))).one()
    except SQLAlchemyError as error:
        return {"status": "degraded", "error": type(error).__name__}
    finally:
        db.session.rollback()  # a read only: keep no transaction open
    result = {"status": "degraded" if stale else "ok", "stale_brands": stale}
    if oldest is not None:
        result["stale_for_seconds"] = round(_age(oldest))
    return result


def _redis() -> dict:
    client = get_redis()
    if client is None:
        return {"status": "ok", "configured": False}
    try:
        client.ping()
        workers = Worker.count(connection=client)
        queues = {name: Queue(name, connection=client) for name in QUEUES}
        depth = {name: queue.count for name, queue in queues.items()}
        oldest = _oldest_job_age(queues.values())
    except redis.RedisError as error:
        return {"status": "degraded", "configured": True, "error": str(error)}
    result = {
        "status": "ok" if workers else "degraded",
        "configured": True,
        "workers": workers,
        "queued": depth,
    }
    if oldest is not None:
        result["oldest_job_seconds"] = round(oldest)
    if not workers:
        result["hint"] = "no worker is running: start `superfan worker`"
    return result


def _oldest_job_age(queues) -> float | None:
    """Seconds the oldest waiting job has waited, across the queues; None when none waits."""
    ages = []
    for queue in queues:
        first = queue.get_jobs(0, 1)
        if first and first[0].enqueued_at is not None:
            ages.append(_age(first[0].enqueued_at))
    return max(ages) if ages else None


def _age(moment: datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (datetime.now(UTC) - moment).total_seconds()
