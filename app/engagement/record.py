"""record(): one append-only event per fan action, and the fan's aggregates, in one transaction."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial
from uuid import uuid4
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from app.aftercommit import after_commit
from app.engagement import boards, leaderboards, signals
from app.engagement.scoring import local_day, weighted
from app.engagement.types import EventType, event_type
from app.extensions import db
from app.models import Brand, CampaignParticipation, EngagementEvent, FanProfile, utcnow


def record(
    fan: FanProfile,
    type_key: str,
    *,
    campaign=None,
    ref: str | None = None,
    key: str | None = None,
    at: datetime | None = None,
) -> EngagementEvent:
    """Record one fan action; flushes, never commits.

    `key` makes the call idempotent: a second call with the same key (a retried request
    or a job delivered twice) returns the first event and changes nothing. Without a key
    every call is a new action.
    """
    kind = event_type(type_key)
    if campaign is not None and campaign.brand_id != fan.brand_id:
        raise ValueError("the campaign belongs to another brand than the fan")
    at = at or utcnow()
    key = key or uuid4().hex

    # Serialise one fan's actions so caps, streaks and aggregates stay exact.
    fan, brand = db.session.execute(
        select(FanProfile, Brand)
        .join(Brand, Brand.id == FanProfile.brand_id)
        .where(FanProfile.id == fan.id)
        .with_for_update(of=FanProfile)
        .execution_options(populate_existing=True)
    ).one()
    previous_day = fan.last_active_day
    increments = []
    campaign_id = campaign.id if campaign is not None else None
    event = _write(fan, brand, kind, campaign_id, ref, key, at, increments)
    if event is None:
        return _existing(fan.brand_id, key)
    day = local_day(at, brand)
    if previous_day is not None and day > previous_day and kind.key != "return_visit":
        returning = event_type("return_visit")
        _write(fan, brand, returning, None, None, f"return_visit:{fan.id}:{day}", at, increments)
    if not fan.fraud_flagged:
        leaderboards.apply_after_commit(increments)
    _announce_after_commit(event)
    return event


@dataclass(frozen=True)
class RecordedEvent:
    """What listeners learn of a committed event: plain values, safe outside the session."""

    id: int
    brand_id: int
    fan_id: int
    campaign_id: int | None
    type: str
    points: int
    created_at: datetime


def _announce_after_commit(event: EngagementEvent) -> None:
    if not signals.event_recorded.receivers:
        return
    app = current_app._get_current_object()
    recorded = RecordedEvent(
        event.id,
        event.brand_id,
        event.fan_id,
        event.campaign_id,
        event.type,
        event.points,
        event.created_at,
    )
    after_commit(db.session(), partial(signals.event_recorded.send, app, event=recorded))


def _existing(brand_id: int, key: str) -> EngagementEvent:
    return db.session.scalars(
        select(EngagementEvent).where(
            EngagementEvent.brand_id == brand_id, EngagementEvent.idempotency_key == key
        )
    ).one()


def _insert_new(**values) -> EngagementEvent | None:
    """Insert an event unless its idempotency key is taken: one statement, no savepoint."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(EngagementEvent)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["brand_id", "idempotency_key"])
        .returning(EngagementEvent)
    )
    return db.session.scalars(statement).one_or_none()


def _write(fan, brand, kind: EventType, campaign_id, ref, key, at, increments):
    """Insert one event and move the fan's aggregates; None if the key was already used."""
    points = int(brand.point_overrides.get(kind.key, kind.points))
    cap = brand.daily_cap_overrides.get(kind.key, kind.daily_cap)
    capped = cap is not None and points > 0 and _paid_today(fan, kind.key, at, brand) >= cap
    if capped:
        points = 0
    event = _insert_new(
        brand_id=fan.brand_id,
        fan_id=fan.id,
        campaign_id=campaign_id,
        type=kind.key,
        axis=kind.axis,
        points=points,
        capped=capped,
        ref=ref,
        idempotency_key=key,
        created_at=at,
    )
    if event is None:
        return None

    score = weighted(points, at, brand)
    fan.points += points
    setattr(fan, kind.axis, getattr(fan, kind.axis) + points)
    fan.score_base += score
    _mark_active(fan, local_day(at, brand), at)
    if campaign_id is not None:
        _participate(fan, campaign_id, points, at)
    for board in boards.boards_for_event(brand, at, campaign_id):
        increments.append((board, fan.id, score if board.scope == "score" else points))
    return event


def _paid_today(fan, type_key: str, at: datetime, brand) -> int:
    """How many events of this type earned the fan points on the brand's calendar day."""
    zone = ZoneInfo(brand.timezone)
    start = datetime.combine(local_day(at, brand), time(), zone).astimezone(UTC)
    end = datetime.combine(local_day(at, brand) + timedelta(days=1), time(), zone).astimezone(UTC)
    return db.session.scalar(
        select(func.count()).where(
            EngagementEvent.fan_id == fan.id,
            EngagementEvent.type == type_key,
            EngagementEvent.created_at >= start,
            EngagementEvent.created_at < end,
            EngagementEvent.capped.is_(False),
        )
    )


def _mark_active(fan, day, at: datetime) -> None:
    if fan.last_active_day is None or day > fan.last_active_day:
        consecutive = fan.last_active_day == day - timedelta(days=1)
        fan.streak_days = fan.streak_days + 1 if consecutive else 1
        fan.best_streak = max(fan.best_streak, fan.streak_days)
        fan.last_active_day = day
    if fan.last_active_at is None or at > fan.last_active_at:
        fan.last_active_at = at


def _participate(fan, campaign_id: int, points: int, at: datetime) -> None:
    row = db.session.get(CampaignParticipation, (campaign_id, fan.id))
    if row is None:
        row = CampaignParticipation(
            campaign_id=campaign_id, fan_id=fan.id, points=0, first_at=at, last_at=at
        )
        db.session.add(row)
        fan.campaigns_played += 1
    row.points += points
    row.last_at = max(row.last_at, at)
