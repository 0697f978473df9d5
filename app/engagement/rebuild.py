"""Recompute every leaderboard of a brand from the event log (also an RQ job).

On Redis the rebuild reads one snapshot of the database (REPEATABLE READ on PostgreSQL)
into copies of the boards while fans keep playing: writes of transactions that snapshot
does not hold are added to the copies too, and one Lua script swaps them all in
(redis_rebuild.py). Rebuilding twice gives the same boards; a rebuild loses nothing.
"""

import logging
import time
from contextlib import contextmanager
from itertools import groupby

from sqlalchemy import case, delete, func, select, text, update

from app import clock
from app.engagement import boards, healing
from app.engagement import redis_rebuild as claims
from app.engagement.redis_boards import REBUILD_TTL_SECONDS
from app.engagement.sql import weighted_points
from app.engagement.sql_boards import SQLBoards
from app.extensions import db
from app.models import (
    AXES,
    Brand,
    CampaignParticipation,
    EngagementEvent,
    FanProfile,
    StaleBoards,
)
from app.redisclient import get_redis

log = logging.getLogger(__name__)

STREAM_ROWS = 20_000
WAIT_SECONDS = 0.2
Event = EngagementEvent


def rebuild(brand: Brand, *, wait: bool = True) -> dict[str, int]:
    """Rebuild the brand's boards; returns how many fans each board now holds.

    On Redis, while another rebuild of the brand runs, wait for it (the command line), or
    with wait=False ask it for one more run and return {} (a job: no worker waits idle).
    """
    client = get_redis()
    if client is None:
        return _rebuild_sql(brand)
    return _rebuild_redis(brand, client, wait)


def rebuild_job(brand_id: int) -> dict[str, int]:
    """RQ entry point: ids, not ORM objects. Rebuilding twice gives the same boards."""
    healing.started(brand_id)
    brand = db.session.get(Brand, brand_id)
    return rebuild(brand, wait=False) if brand is not None else {}


def _counted_events(brand: Brand):
    """Events that count on boards: the brand's, from fans not held out for fraud."""
    return (
        select()
        .select_from(Event)
        .join(FanProfile, FanProfile.id == Event.fan_id)
        .where(Event.brand_id == brand.id, FanProfile.fraud_flagged.is_(False))
    )


def _rebuild_redis(brand: Brand, client, wait: bool) -> dict[str, int]:
    now = clock.now()
    week, month = boards.week(brand, now), boards.month(brand, now)
    deadline = time.monotonic() + REBUILD_TTL_SECONDS
    while (
        claim := claims.begin(client, brand.id, week.key, month.key, rerun_if_busy=not wait)
    ) is None:
        if not wait or time.monotonic() > deadline:
            log.info("A rebuild of %s is running; it runs once more when done", brand.slug)
            return {}
        time.sleep(WAIT_SECONDS)
    try:
        with _snapshot() as (connection, snapshot):
            claim.snapshot(*snapshot)
            marked = connection.scalar(
                select(StaleBoards.version).where(StaleBoards.brand_id == brand.id)
            )
            campaign_keys = _fill(connection, brand, claim, week, month)
            others = [boards.all_time(brand).key, boards.engagement(brand).key]
            rerun, sizes = claim.swap([*others, week.key, month.key, *campaign_keys])
    except BaseException:
        claim.release()
        raise
    _forget_mark(brand.id, marked)
    if rerun:
        healing.request_quietly(brand.id)
    counts = _named(sizes, brand, week, month)
    log.info("Rebuilt Redis boards of %s: %s", brand.slug, counts)
    return counts


@contextmanager
def _snapshot():
    """A connection reading one snapshot, and that snapshot as (xmin, xmax, ids in progress).

    SQLite has no snapshot to name: the caller's transaction holds the write lock, so no
    action commits while the rebuild reads and swaps.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        yield db.session.connection(), ("", "", [])
        return
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            # The first statement fixes the transaction's snapshot: this one names it.
            xmin, xmax, in_progress = connection.scalar(
                text("SELECT pg_current_snapshot()::text")
            ).split(":")
            # Streaming cursors are planned to return first rows fast; these aggregates need
            # all rows, and the full plan is several times quicker on a large event log.
            connection.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
            yield connection, (xmin, xmax, [x for x in in_progress.split(",") if x])


def _stream(connection, query):
    return connection.execute(query.execution_options(yield_per=STREAM_ROWS))


def _fill(connection, brand: Brand, claim, week, month) -> list[str]:
    """Copy every board the snapshot holds; returns the campaign boards Redis has now."""
    per_fan = (
        _counted_events(brand)
        .add_columns(
            Event.fan_id,
            func.sum(Event.points),
            func.sum(weighted_points(Event.points, Event.created_at, brand)),
        )
        .group_by(Event.fan_id)
    )
    all_key, score_key = boards.all_time(brand).key, boards.engagement(brand).key
    claim.stage(
        entry
        for fan_id, points, score in _stream(connection, per_fan)
        for entry in ((all_key, fan_id, points), (score_key, fan_id, score))
    )
    for board in (week, month):
        start, end = boards.period_bounds(board, brand)
        in_period = (
            _counted_events(brand)
            .add_columns(Event.fan_id, func.sum(Event.points))
            .where(Event.created_at >= start, Event.created_at < end)
            .group_by(Event.fan_id)
        )
        claim.stage((board.key, f, p) for f, p in _stream(connection, in_period))

    per_campaign = (
        _counted_events(brand)
        .add_columns(Event.campaign_id, Event.fan_id, func.sum(Event.points))
        .where(Event.campaign_id.is_not(None))
        .group_by(Event.campaign_id, Event.fan_id)
        .order_by(Event.campaign_id)
    )
    for campaign_id, rows in groupby(_stream(connection, per_campaign), key=lambda row: row[0]):
        key = boards.Board(brand.id, "campaign", str(campaign_id)).key
        claim.stage((key, f, p) for _, f, p in rows)
    # Boards of campaigns that no longer have counted events (all their fans flagged, say)
    # are deleted by the swap.
    pattern = boards.Board(brand.id, "campaign", "*").key
    return [
        key.decode()
        for key in claim.client.scan_iter(match=pattern, count=1000)
        if b":rebuild:" not in key
    ]


def _forget_mark(brand_id: int, version: int | None) -> None:
    """The stale mark the snapshot held is healed; a mark made since stays for the next run."""
    if version is None:
        return
    forget = delete(StaleBoards).where(
        StaleBoards.brand_id == brand_id, StaleBoards.version == version
    )
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(forget)
        return
    with db.engine.begin() as connection:
        connection.execute(forget)


def _named(sizes: dict[str, int], brand: Brand, week, month) -> dict[str, int]:
    names = {
        boards.all_time(brand).key: "all",
        boards.engagement(brand).key: "score",
        week.key: "week",
        month.key: "month",
    }
    counts = {name: sizes.get(key, 0) for key, name in names.items()}
    for key, size in sorted(sizes.items()):
        if key not in names:
            counts[f"campaign:{key.rsplit(':', 1)[1]}"] = size
    return counts


def _rebuild_sql(brand: Brand) -> dict[str, int]:
    """The SQL boards read the fans' aggregates: recompute those from the log."""
    fan_events = select().select_from(Event).where(Event.fan_id == FanProfile.id)

    def total(expression):
        return func.coalesce(fan_events.add_columns(func.sum(expression)).scalar_subquery(), 0)

    axis_totals = {axis: total(case((Event.axis == axis, Event.points), else_=0)) for axis in AXES}
    db.session.execute(
        update(FanProfile)
        .where(FanProfile.brand_id == brand.id)
        .values(
            points=total(Event.points),
            score_base=total(weighted_points(Event.points, Event.created_at, brand)),
            **axis_totals,
        )
        .execution_options(synchronize_session=False)
    )
    campaign_events = select(func.coalesce(func.sum(Event.points), 0)).where(
        Event.fan_id == CampaignParticipation.fan_id,
        Event.campaign_id == CampaignParticipation.campaign_id,
    )
    db.session.execute(
        update(CampaignParticipation)
        .where(
            CampaignParticipation.fan_id.in_(
                select(FanProfile.id).where(FanProfile.brand_id == brand.id)
            )
        )
        .values(points=campaign_events.scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    sql_boards = SQLBoards()
    return {
        "all": sql_boards.size(boards.all_time(brand)),
        "score": sql_boards.size(boards.engagement(brand)),
    }
