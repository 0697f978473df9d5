"""record(): one append-only event per fan action, and the fan's aggregates, in one transaction."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from uuid import uuid4
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import String, bindparam, case, cast, func, null, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import attributes

from app import clock
from app.aftercommit import after_commit
from app.engagement import boards, leaderboards, signals
from app.engagement.scoring import local_day, weighted
from app.engagement.types import EventType, event_type
from app.extensions import db
from app.models import AXES, Brand, CampaignParticipation, EngagementEvent, FanProfile

FAN = FanProfile.__table__
BRAND = Brand.__table__
EVENT = EngagementEvent.__table__
PARTICIPATION = CampaignParticipation.__table__


@dataclass(frozen=True)
class RecordedEvent:
    """One recorded event as plain values: what record() returns and listeners hear."""

    id: int
    brand_id: int
    fan_id: int
    campaign_id: int | None
    type: str
    points: int
    capped: bool
    created_at: datetime

    @classmethod
    def load(cls, event_id: int) -> "RecordedEvent | None":
        """The stored event as listeners heard it, for a job that checks it again."""
        row = db.session.execute(RECORDED.where(EVENT.c.id == event_id)).one_or_none()
        return cls(*row) if row is not None else None


# A RecordedEvent's fields, in its order, read back from the log.
RECORDED = select(*(EVENT.c[name] for name in RecordedEvent.__dataclass_fields__))


@dataclass
class _Moves:
    """What this call adds to the fan's aggregates, summed over its events."""

    points: int = 0
    score: float = 0.0
    axes: dict = field(default_factory=lambda: dict.fromkeys(AXES, 0))
    # The transaction's id (PostgreSQL): the boards tell from it whether a rebuild counted it.
    tag: str | None = None

    def add(self, axis: str, points: int, score: float) -> None:
        self.points += points
        self.score += score
        self.axes[axis] += points


def record(
    fan: FanProfile,
    type_key: str,
    *,
    campaign=None,
    ref: str | None = None,
    key: str | None = None,
    at: datetime | None = None,
) -> RecordedEvent:
    """Record one fan action; writes in the session's transaction, never commits.

    `key` makes the call idempotent: a second call with the same key (a retried request
    or a job delivered twice) returns the first event and changes nothing. Without a key
    every call is a new action.
    """
    kind = event_type(type_key)
    if campaign is not None and campaign.brand_id != fan.brand_id:
        raise ValueError("the campaign belongs to another brand than the fan")
    at = at or clock.now()
    key = key or uuid4().hex
    # The statements below are Core: they would not flush the caller's pending ORM changes.
    db.session.flush()

    # Serialise one fan's actions so caps, streaks and aggregates stay exact.
    locked = db.session.execute(LOCK_FAN, {"fan_id": fan.id}).one()
    campaign_id = campaign.id if campaign is not None else None
    moves, increments = _Moves(), []
    event = _write(fan.id, locked, kind, campaign_id, ref, key, at, moves, increments)
    if event is None:
        return _existing(locked.brand_id, key)
    day = local_day(at, locked)
    back = locked.last_active_day is not None and day > locked.last_active_day
    if back and kind.key != "return_visit":
        returning = event_type("return_visit")
        visit_key = f"return_visit:{fan.id}:{day}"
        _write(fan.id, locked, returning, None, None, visit_key, at, moves, increments)
    _update_fan(fan, locked, moves, day, at, campaign_id)
    if not locked.fraud_flagged:
        leaderboards.apply_after_commit(increments, moves.tag)
    _announce_after_commit(event)
    return event


def _lock_fan_statement():
    # The brand's columns are labelled as the Brand's attributes, so the row stands in for
    # the brand wherever scoring and boards read one (id, timezone, epoch, half-life).
    return (
        select(
            BRAND.c.id,
            BRAND.c.timezone,
            BRAND.c.score_epoch,
            BRAND.c.half_life_days,
            BRAND.c.point_overrides,
            BRAND.c.daily_cap_overrides,
            FAN.c.brand_id,
            FAN.c.fraud_flagged,
            FAN.c.streak_days,
            FAN.c.best_streak,
            FAN.c.last_active_day,
            FAN.c.last_active_at,
        )
        .join(BRAND, BRAND.c.id == FAN.c.brand_id)
        .where(FAN.c.id == bindparam("fan_id"))
        .with_for_update(of=FAN)
    )


def _update_fan_statement(in_campaign: bool):
    values = {
        "points": FAN.c.points + bindparam("add_points"),
        "score_base": FAN.c.score_base + bindparam("add_score"),
        "streak_days": bindparam("streak_days"),
        "best_streak": bindparam("best_streak"),
        "last_active_day": bindparam("last_active_day"),
        "last_active_at": bindparam("last_active_at"),
    } | {axis: FAN.c[axis] + bindparam(f"add_{axis}") for axis in AXES}
    if in_campaign:
        # Under the fan's lock every participation of theirs is settled: counting them is exact.
        values["campaigns_played"] = (
            select(func.count()).where(PARTICIPATION.c.fan_id == FAN.c.id).scalar_subquery()
        )
    returning = (*values, "campaigns_played")
    return (
        update(FAN)
        .where(FAN.c.id == bindparam("fan_id"))
        .values(values)
        .returning(*(FAN.c[name] for name in dict.fromkeys(returning)))
    )


def _paid_today_statement():
    return select(func.count()).where(
        EVENT.c.fan_id == bindparam("fan_id"),
        EVENT.c.type == bindparam("type"),
        EVENT.c.created_at >= bindparam("start"),
        EVENT.c.created_at < bindparam("end"),
        EVENT.c.capped.is_(False),
    )


def _insert_event_statement(insert, tag):
    """Insert an event unless its idempotency key is taken: one statement, no savepoint."""
    return (
        insert(EVENT)
        .on_conflict_do_nothing(index_elements=["brand_id", "idempotency_key"])
        .returning(EVENT.c.id, tag)
    )


def _participate_statement(insert):
    new = insert(PARTICIPATION)
    later = case(
        (new.excluded.last_at > PARTICIPATION.c.last_at, new.excluded.last_at),
        else_=PARTICIPATION.c.last_at,
    )
    return new.on_conflict_do_update(
        index_elements=["campaign_id", "fan_id"],
        set_={"points": PARTICIPATION.c.points + new.excluded.points, "last_at": later},
    )


# record() runs on every fan action: building its statements (and their cache keys) once
# saves more CPU than executing them costs.
LOCK_FAN = _lock_fan_statement()
PAID_TODAY = _paid_today_statement()
UPDATE_FAN = {False: _update_fan_statement(False), True: _update_fan_statement(True)}
INSERT_EVENT = {
    "postgresql": _insert_event_statement(
        postgresql.insert, cast(func.pg_current_xact_id(), String)
    ),
    "sqlite": _insert_event_statement(sqlite.insert, null()),
}
PARTICIPATE = {
    "postgresql": _participate_statement(postgresql.insert),
    "sqlite": _participate_statement(sqlite.insert),
}


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _write(fan_id, brand, kind: EventType, campaign_id, ref, key, at, moves, increments):
    """Insert one event and note what it adds; None if the key was already used."""
    points = int(brand.point_overrides.get(kind.key, kind.points))
    cap = brand.daily_cap_overrides.get(kind.key, kind.daily_cap)
    capped = cap is not None and points > 0 and _paid_today(fan_id, kind.key, at, brand) >= cap
    if capped:
        points = 0
    inserted = db.session.execute(
        INSERT_EVENT[_dialect()],
        {
            "brand_id": brand.id,
            "fan_id": fan_id,
            "campaign_id": campaign_id,
            "type": kind.key,
            "axis": kind.axis,
            "points": points,
            "capped": capped,
            "ref": ref,
            "idempotency_key": key,
            "created_at": at,
        },
    ).one_or_none()
    if inserted is None:
        return None
    event_id, moves.tag = inserted
    score = weighted(points, at, brand)
    moves.add(kind.axis, points, score)
    if campaign_id is not None:
        db.session.execute(
            PARTICIPATE[_dialect()],
            {
                "campaign_id": campaign_id,
                "fan_id": fan_id,
                "points": points,
                "first_at": at,
                "last_at": at,
            },
        )
    for board in boards.boards_for_event(brand, at, campaign_id):
        increments.append((board, fan_id, score if board.scope == "score" else points))
    return RecordedEvent(event_id, brand.id, fan_id, campaign_id, kind.key, points, capped, at)


def _paid_today(fan_id: int, type_key: str, at: datetime, brand) -> int:
    """How many events of this type earned the fan points on the brand's calendar day."""
    zone = ZoneInfo(brand.timezone)
    day = local_day(at, brand)
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return db.session.execute(
        PAID_TODAY, {"fan_id": fan_id, "type": type_key, "start": start, "end": end}
    ).scalar_one()


def _update_fan(fan: FanProfile, locked, moves: _Moves, day: date, at: datetime, campaign_id):
    """One UPDATE moves every aggregate; the caller's fan object gets the new values too."""
    streak, best, last_day = locked.streak_days, locked.best_streak, locked.last_active_day
    if last_day is None or day > last_day:
        streak = streak + 1 if last_day == day - timedelta(days=1) else 1
        best, last_day = max(best, streak), day
    last_at = locked.last_active_at
    row = db.session.execute(
        UPDATE_FAN[campaign_id is not None],
        {
            "fan_id": fan.id,
            "add_points": moves.points,
            "add_score": moves.score,
            "streak_days": streak,
            "best_streak": best,
            "last_active_day": last_day,
            "last_active_at": at if last_at is None or at > last_at else last_at,
        }
        | {f"add_{axis}": value for axis, value in moves.axes.items()},
    ).one()
    # Without marking the object dirty: the database already holds these values.
    for name, value in row._mapping.items():
        attributes.set_committed_value(fan, name, value)


def _announce_after_commit(event: RecordedEvent) -> None:
    if not signals.event_recorded.receivers:
        return
    app = current_app._get_current_object()
    after_commit(db.session(), partial(signals.event_recorded.send, app, event=event))


def _existing(brand_id: int, key: str) -> RecordedEvent:
    row = db.session.execute(
        RECORDED.where(EVENT.c.brand_id == brand_id, EVENT.c.idempotency_key == key)
    ).one()
    return RecordedEvent(*row)
