"""When the rollup runs: queued on RQ once a minute by the job sweep, or inline without Redis."""

import logging

import redis
from flask import current_app
from rq import Queue

from app import jobs
from app.analytics import rollup
from app.redisclient import get_redis

log = logging.getLogger(__name__)

# Held for a minute by the sweep that queued the rollup: every sweep in between skips it.
MINUTE_KEY = "sf:analytics:rollup"
EVERY_SECONDS = 60


def tick() -> str:
    """Called by every job sweep: "queued", "ran" (inline), or "" when the minute's is done."""
    client = get_redis()
    if client is None:
        rollup.run()
        return "ran"
    try:
        if not client.set(MINUTE_KEY, 1, nx=True, ex=EVERY_SECONDS):
            return ""
        # Straight to RQ, no job row: a lost one is simply queued again next minute.
        Queue("low", connection=client).enqueue_call(
            jobs.execute, args=(jobs.job_path(rollup.run_job),), timeout=600
        )
    except redis.RedisError as error:
        log.warning("Redis unavailable; the analytics rollup waits (%s)", error)
        return ""
    current_app.logger.debug("analytics rollup queued")
    return "queued"
