"""The rollup: closed hours of raw events into analytics_rollup, once, behind a watermark.

Each run locks the one watermark row, replaces the rollup rows of the hours it rolls (so a
re-run never counts twice), and moves the watermark in the same transaction. An hour is
closed GRACE after its end, so steps captured just after their action's commit land before
their hour is rolled. Fraud decisions taken since the last run roll again the hours of the
fans they concern: a later flag takes a fan out of the figures, a clearing puts them back.
Enqueued every minute by the job sweep when Redis is set (schedule.py); run inline by the
figures when the watermark is behind.
"""

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, insert, select, tuple_, update

from app import clock
from app.analytics import aggregate, retention
from app.extensions import db
from app.models import (
    AnalyticsEvent,
    AnalyticsRollup,
    AnalyticsWatermark,
    Brand,
    FraudDecision,
)

GRACE = timedelta(minutes=2)
# Hours rolled per transaction: a long backlog goes in short steps.
CHUNK = timedelta(days=7)
ROLLUP = AnalyticsRollup.__table__
WATERMARK = AnalyticsWatermark.__table__
E = aggregate.E


def closed_until(now: datetime) -> datetime:
    """The end of the last closed hour."""
    return floor_hour(now - GRACE)


def floor_hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def watermark() -> datetime | None:
    return db.session.scalar(select(WATERMARK.c.rolled_until).where(WATERMARK.c.id == 1))


def is_behind(now: datetime | None = None) -> bool:
    """Whether a closed hour, or a fraud decision, is not rolled up yet."""
    row = db.session.execute(
        select(WATERMARK.c.rolled_until, WATERMARK.c.decisions_seen).where(WATERMARK.c.id == 1)
    ).one_or_none()
    if row is None or row.rolled_until is None:
        return True
    if row.rolled_until < closed_until(now or clock.now()):
        return True
    latest = db.session.scalar(select(func.max(FraudDecision.id)))
    return latest is not None and latest > row.decisions_seen


def run(now: datetime | None = None) -> dict:
    """Roll every closed hour not rolled yet, follow new fraud decisions, apply retention;
    commits. Returns what was done."""
    now = now or clock.now()
    until = closed_until(now)
    hours = 0
    while True:
        row = _lock_watermark()
        start = row.rolled_until or _first_hour()
        if start is None or start >= until:
            if row.rolled_until is None:
                # Nothing to roll yet: the first event's hour, or the last closed one.
                _move(min(start or until, until), row.decisions_seen)
            db.session.commit()
            break
        end = min(start + CHUNK, until)
        _replace(and_(E.hour >= start, E.hour < end), ROLLUP.c.hour >= start, ROLLUP.c.hour < end)
        _move(end, row.decisions_seen)
        db.session.commit()
        hours += int((end - start) / timedelta(hours=1))
    refollowed = _follow_decisions()
    deleted = retention.apply(now)
    db.session.commit()
    return {"hours": hours, "fans_refollowed": refollowed, "deleted": deleted}


def run_job() -> None:
    """RQ entry point (app.jobs): idempotent, as every run is."""
    run()


def rebuild(brand_id: int, start: datetime, end: datetime) -> None:
    """Roll one brand's hours in [start, end) again from the raw events (demo data written
    in the past, a repair); flushes, the caller commits."""
    start, end = floor_hour(start), floor_hour(end)
    _replace(
        and_(E.brand_id == brand_id, E.hour >= start, E.hour < end),
        ROLLUP.c.brand_id == brand_id,
        ROLLUP.c.hour >= start,
        ROLLUP.c.hour < end,
    )


def _lock_watermark():
    found = db.session.execute(
        select(WATERMARK.c.rolled_until, WATERMARK.c.decisions_seen)
        .where(WATERMARK.c.id == 1)
        .with_for_update()
    ).one_or_none()
    if found is not None:
        return found
    db.session.execute(insert(WATERMARK).values(id=1, rolled_until=None, decisions_seen=0))
    return _lock_watermark()


def _first_hour() -> datetime | None:
    return db.session.scalar(select(AnalyticsEvent.hour).order_by(AnalyticsEvent.hour).limit(1))


def _move(rolled_until: datetime, decisions_seen: int) -> None:
    db.session.execute(
        update(WATERMARK)
        .where(WATERMARK.c.id == 1)
        .values(rolled_until=rolled_until, decisions_seen=decisions_seen)
    )


def _replace(raw_where, *rollup_where) -> None:
    db.session.execute(delete(ROLLUP).where(*rollup_where))
    rows = aggregate.hourly(raw_where)
    db.session.execute(insert(ROLLUP).from_select([*aggregate.KEYS, *aggregate.COUNTS], rows))


def _follow_decisions() -> int:
    """Roll again the hours holding events of fans flagged or cleared since the last run."""
    row = _lock_watermark()
    decided = db.session.execute(
        select(FraudDecision.id, FraudDecision.brand_id, FraudDecision.fan_id)
        .where(FraudDecision.id > row.decisions_seen)
        .order_by(FraudDecision.id)
        .limit(500)
    ).all()
    if not decided or row.rolled_until is None:
        db.session.commit()
        return 0
    fans = {(brand_id, fan_id) for _id, brand_id, fan_id in decided}
    hours = db.session.execute(
        select(AnalyticsEvent.brand_id, AnalyticsEvent.hour)
        .where(
            tuple_(AnalyticsEvent.brand_id, AnalyticsEvent.fan_id).in_(fans),
            AnalyticsEvent.hour < row.rolled_until,
        )
        .distinct()
    ).all()
    # An hour retention has begun deleting keeps its rollup: rolled again, it would shrink.
    kept = dict(
        db.session.execute(
            select(Brand.id, Brand.analytics_retention_days).where(
                Brand.id.in_({brand_id for brand_id, _hour in hours})
            )
        ).all()
    )
    now = clock.now()
    for brand_id, hour in hours:
        if hour >= now - timedelta(days=kept[brand_id] - 1):
            rebuild(brand_id, hour, hour + timedelta(hours=1))
    _move(row.rolled_until, decided[-1][0])
    db.session.commit()
    return len(fans)
