"""Recompute every leaderboard of a brand from the event log (also an RQ job)."""

import logging
from itertools import groupby

from sqlalchemy import case, func, select, text, update

from app.engagement import boards
from app.engagement.leaderboards import backend
from app.engagement.redis_boards import RedisBoards
from app.engagement.sql import weighted_points
from app.engagement.sql_boards import SQLBoards
from app.extensions import db
from app.models import AXES, Brand, CampaignParticipation, EngagementEvent, FanProfile, utcnow

log = logging.getLogger(__name__)

STREAM_ROWS = 20_000
Event = EngagementEvent


def rebuild(brand: Brand) -> dict[str, int]:
    """Rebuild the brand's boards; returns how many fans each board now holds."""
    board_backend = backend()
    if isinstance(board_backend, RedisBoards):
        return _rebuild_redis(brand, board_backend)
    return _rebuild_sql(brand)


def rebuild_job(brand_id: int) -> dict[str, int]:
    """RQ entry point: ids, not ORM objects. Rebuilding twice gives the same boards."""
    return rebuild(db.session.get_one(Brand, brand_id))


def _counted_events(brand: Brand):
    """Events that count on boards: the brand's, from fans not held out for fraud."""
    return (
        select()
        .select_from(Event)
        .join(FanProfile, FanProfile.id == Event.fan_id)
        .where(Event.brand_id == brand.id, FanProfile.fraud_flagged.is_(False))
    )


def _stream(query):
    return db.session.execute(query.execution_options(yield_per=STREAM_ROWS))


def _rebuild_redis(brand: Brand, redis_boards: RedisBoards) -> dict[str, int]:
    if db.session.get_bind().dialect.name == "postgresql":
        # Streaming cursors are planned to return first rows fast; these aggregates need all
        # rows, and the full plan is several times quicker on a large event log.
        db.session.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
    counts = {}
    per_fan = (
        _counted_events(brand)
        .add_columns(
            Event.fan_id,
            func.sum(Event.points),
            func.sum(weighted_points(Event.points, Event.created_at, brand)),
        )
        .group_by(Event.fan_id)
    )
    totals = [(fan_id, points, score) for fan_id, points, score in _stream(per_fan)]
    counts["all"] = redis_boards.replace(boards.all_time(brand), ((f, p) for f, p, _ in totals))
    counts["score"] = redis_boards.replace(boards.engagement(brand), ((f, s) for f, _, s in totals))
    del totals

    now = utcnow()
    for board in (boards.week(brand, now), boards.month(brand, now)):
        start, end = boards.period_bounds(board, brand)
        in_period = (
            _counted_events(brand)
            .add_columns(Event.fan_id, func.sum(Event.points))
            .where(Event.created_at >= start, Event.created_at < end)
            .group_by(Event.fan_id)
        )
        counts[board.scope] = redis_boards.replace(board, _stream(in_period))

    per_campaign = (
        _counted_events(brand)
        .add_columns(Event.campaign_id, Event.fan_id, func.sum(Event.points))
        .where(Event.campaign_id.is_not(None))
        .group_by(Event.campaign_id, Event.fan_id)
        .order_by(Event.campaign_id)
    )
    rebuilt = set()
    for campaign_id, rows in groupby(_stream(per_campaign), key=lambda row: row[0]):
        board = boards.Board(brand.id, "campaign", str(campaign_id))
        counts[f"campaign:{campaign_id}"] = redis_boards.replace(
            board, ((f, p) for _, f, p in rows)
        )
        rebuilt.add(board.key)
    # Boards of campaigns that no longer have counted events (all their fans flagged, say).
    pattern = boards.Board(brand.id, "campaign", "*").key
    for key in redis_boards.client.scan_iter(match=pattern, count=1000):
        if key.decode() not in rebuilt and not key.endswith(b":rebuild"):
            redis_boards.client.delete(key)
    log.info("Rebuilt Redis boards of %s: %s", brand.slug, counts)
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
