"""Boards that miss something are marked in the database and rebuilt by a job, by themselves.

A brand's Redis boards miss increments when Redis refused a write (down, full, frozen), and
miss a change that only a rebuild applies (a fraud flag). Either way the brand gets a row in
`stale_boards`: in the action's own transaction when it asks for a rebuild, in a short one of
its own when a write after commit failed. A rebuild deletes the row it saw in its snapshot.

Rebuilds are coalesced: at most one queued and not yet started per brand (`sf:lbq:<brand>`),
and at most one started per window (`LEADERBOARD_REBUILD_WINDOW` seconds, `sf:lbw:<brand>`);
a request inside the window is delayed to its end (RQ's scheduler, in `superfan worker`).
heal_stale_boards() asks for a rebuild of every brand marked stale or whose boards Redis
lost; the boards call it at most once a minute after a write, a worker's sweep may too.
"""

import logging
import threading
from datetime import timedelta
from functools import partial

import redis
from flask import current_app
from rq import Queue, Retry
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import jobs
from app.aftercommit import after_commit
from app.engagement.redis_boards import RedisBoards
from app.extensions import db
from app.models import Brand, StaleBoards, utcnow
from app.redisclient import get_redis

log = logging.getLogger(__name__)

DEFAULT_WINDOW_SECONDS = 10
QUEUED_TTL_SECONDS = 3600  # should a queued rebuild be lost, the next request queues again
MARKS = "superfan.stale_boards"
# Per app: brands whose writes failed in this process. The next write that succeeds asks for
# their rebuild at once, without waiting for a sweep (which finds them by their mark anyway).
MISSED = "superfan.boards_missed"
_missed_lock = threading.Lock()


def _missed() -> set[int]:
    return current_app.extensions.setdefault(MISSED, set())


def queued_key(brand_id: int) -> str:
    return f"sf:lbq:{brand_id}"


def window_key(brand_id: int) -> str:
    return f"sf:lbw:{brand_id}"


def _upsert(dialect: str):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    new = insert(StaleBoards)
    return new.on_conflict_do_update(
        index_elements=["brand_id"],
        set_={
            "marked_at": new.excluded.marked_at,
            "marks": StaleBoards.marks + 1,
            "version": StaleBoards.version + 1,
        },
    )


def _mark_rows(brand_ids) -> list[dict]:
    now = utcnow()
    return [
        {"brand_id": brand_id, "since": now, "marked_at": now, "marks": 1, "version": 1}
        for brand_id in sorted(brand_ids)
    ]


def rebuild_after_commit(brand_id: int) -> None:
    """The brand's Redis boards must be rebuilt once this transaction commits.

    The mark is written at commit, the transaction's last statement (so it holds its row
    lock for no time); the rebuild is queued after commit, once per transaction and savepoint.
    Without Redis there is nothing to do: SQL boards read every change as it is.
    """
    if get_redis() is None:
        return
    session = db.session()
    root = session.get_transaction()
    marks = session.info.get(MARKS)
    if marks is None or marks[0] is not root:
        marks = session.info[MARKS] = (root, set(), set())
    marks[1].add(brand_id)
    # Once per savepoint too: a savepoint that rolls back takes its after-commit work with it.
    requested = (session.get_nested_transaction(), brand_id)
    if requested not in marks[2]:
        marks[2].add(requested)
        after_commit(session, partial(request_quietly, brand_id))


@event.listens_for(Session, "before_commit")
def _write_marks(session: Session) -> None:
    if session.in_nested_transaction():
        return
    marks = session.info.pop(MARKS, None)
    if marks is None or marks[0] is not session.get_transaction() or not marks[1]:
        return
    dialect = session.get_bind().dialect.name
    session.execute(_upsert(dialect), _mark_rows(marks[1]))


def mark_stale(brand_ids) -> None:
    """Record, in a transaction of its own, that these brands' boards missed increments."""
    if not brand_ids:
        return
    with _missed_lock:
        _missed().update(brand_ids)
    try:
        with db.engine.begin() as connection:
            connection.execute(_upsert(connection.dialect.name), _mark_rows(brand_ids))
    except SQLAlchemyError:
        log.exception("could not mark the boards of brands %s stale", sorted(brand_ids))


def after_good_write() -> None:
    """Redis answers again: rebuild at once the brands whose writes failed in this process."""
    if not _missed():
        return
    with _missed_lock:
        brand_ids = sorted(_missed())
        _missed().clear()
    for brand_id in brand_ids:
        if not request_quietly(brand_id):
            with _missed_lock:
                _missed().add(brand_id)


def request_quietly(brand_id: int) -> bool:
    """request_rebuild(); a Redis that fails leaves the mark for the next sweep."""
    try:
        request_rebuild(brand_id)
        return True
    except redis.RedisError as error:
        log.warning("Redis unavailable; the rebuild of brand %s waits (%s)", brand_id, error)
        mark_stale([brand_id])
        return False


def request_rebuild(brand_id: int) -> None:
    """Queue a rebuild of the brand's boards unless one is queued and has not started yet.

    That one starts after this call, so it reads everything committed before it.
    """
    client = get_redis()
    if client is None or not client.set(queued_key(brand_id), 1, nx=True, ex=QUEUED_TTL_SECONDS):
        return
    from app.engagement.rebuild import rebuild_job  # the rebuild asks for reruns through here

    window = current_app.config.get("LEADERBOARD_REBUILD_WINDOW", DEFAULT_WINDOW_SECONDS)
    window_ms = int(window * 1000)
    wait_ms = 0
    if window_ms > 0:
        wait_ms = max(client.pttl(window_key(brand_id)), 0)
        # The next rebuild may start one window after this one does.
        client.set(window_key(brand_id), 1, px=wait_ms + window_ms)
    try:
        _enqueue(client, rebuild_job, brand_id, delay_ms=wait_ms)
    except redis.RedisError:
        client.delete(queued_key(brand_id))
        raise


def started(brand_id: int) -> None:
    """A queued rebuild starts: the next request queues a new one."""
    client = get_redis()
    if client is not None:
        client.delete(queued_key(brand_id))


def _enqueue(client: redis.Redis, func, *args, delay_ms: int = 0) -> None:
    # Straight to RQ: without Redis there is no board to rebuild, so no inline fallback.
    intervals = current_app.config["JOB_RETRY_INTERVALS"]
    retry = Retry(max=len(intervals), interval=intervals) if intervals else None
    queue = Queue("default", connection=client)
    call = (jobs.execute, jobs.job_path(func), *args)
    if delay_ms:
        queue.enqueue_in(timedelta(milliseconds=delay_ms), *call, retry=retry)
    else:
        queue.enqueue_call(call[0], args=call[1:], retry=retry)


def heal_stale_boards() -> list[int]:
    """Ask for a rebuild of every brand marked stale or whose boards Redis lost; their ids.

    Cheap enough for a sweep every minute: one query, and one Redis round trip per 500 brands.
    """
    client = get_redis()
    if client is None:
        return []
    marked = set(db.session.scalars(select(StaleBoards.brand_id)))
    brand_ids = list(db.session.scalars(select(Brand.id).order_by(Brand.id)))
    due = sorted(marked | RedisBoards(client).invalid(brand_ids))
    for brand_id in due:
        request_rebuild(brand_id)
    if due:
        log.info("Leaderboards of brands %s are being rebuilt", due)
    return due


def heal_job() -> list[int]:
    """RQ entry point of heal_stale_boards()."""
    return heal_stale_boards()


def enqueue_sweep_quietly() -> None:
    """Queue heal_job now: a write found the minute's sweep due."""
    try:
        _enqueue(get_redis(), heal_job)
    except redis.RedisError as error:
        log.warning("Redis unavailable; the boards' sweep waits (%s)", error)
