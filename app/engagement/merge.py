"""Merge one fan profile into another of the same brand: a guest claimed by a signed-in fan.

Events, consent records, campaign participations and referrals move to the target; the
target's aggregates are then recomputed from its event log, so nothing counts twice and a
rebuild gives the same numbers. Events keep their idempotency keys (unique per brand, so
still unique). Rows of other tables that point at the source fan (a kind's own tables)
follow it too; a kind whose rules allow one row per fan (one attempt, one entry
per campaign) registers a merge step that settles duplicates first. The source profile is
deleted. Flushes, never commits.
"""

from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import delete, func, select, update

from app.engagement import boards, leaderboards
from app.engagement.scoring import local_day, weighted
from app.extensions import db
from app.models import (
    AXES,
    Brand,
    CampaignParticipation,
    ConsentRecord,
    EngagementEvent,
    FanProfile,
)

STEPS_KEY = "superfan.merge_steps"
MergeStep = Callable[[FanProfile, FanProfile], None]


def register_merge_step(app: Flask, step: MergeStep) -> None:
    """Let a kind move its own per-fan rows when two profiles merge: step(source, target)."""
    app.extensions.setdefault(STEPS_KEY, []).append(step)


def merge_fans(source: FanProfile, target: FanProfile) -> FanProfile:
    """Move everything of `source` into `target` and delete `source`; returns the target."""
    if source.brand_id != target.brand_id:
        raise ValueError("cannot merge fans of two different brands")
    if source.id == target.id:
        return target
    # Lock both rows, lower id first, so two merges cannot deadlock or interleave.
    locked = {
        fan.id: fan
        for fan in db.session.scalars(
            select(FanProfile)
            .where(FanProfile.id.in_([source.id, target.id]))
            .order_by(FanProfile.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    source, target = locked[source.id], locked[target.id]
    brand = db.session.get(Brand, target.brand_id)
    increments = _board_moves(brand, source, target)
    _merge_join_source(source, target)
    target.fraud_risk = max(target.fraud_risk, source.fraud_risk)
    target.fraud_flagged = target.fraud_flagged or source.fraud_flagged
    target.badges_count = max(target.badges_count, source.badges_count)
    db.session.flush()

    db.session.execute(
        update(EngagementEvent)
        .where(EngagementEvent.fan_id == source.id)
        .values(fan_id=target.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.fan_id == source.id)
        .values(fan_id=target.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(FanProfile)
        .where(FanProfile.referred_by_id == source.id)
        .values(referred_by_id=target.id)
        .execution_options(synchronize_session=False)
    )
    _merge_participations(source, target)
    for step in current_app.extensions.get(STEPS_KEY, []):
        step(source, target)
    _move_other_references(source, target)

    db.session.delete(source)
    db.session.flush()
    db.session.expire_all()
    target = db.session.get(FanProfile, target.id)
    if target.referred_by_id == target.id:  # the guest had followed the fan's own link
        target.referred_by_id = None
    recompute_aggregates(target, brand)
    recompute_consent(target)
    db.session.flush()
    leaderboards.apply_after_commit(increments)
    return target


def _board_moves(brand: Brand, source: FanProfile, target: FanProfile):
    """Redis board increments: the source's events leave its rows and count on the target's."""
    moves = []
    rows = db.session.execute(
        select(EngagementEvent.points, EngagementEvent.created_at, EngagementEvent.campaign_id)
        .where(EngagementEvent.fan_id == source.id)
        .where(EngagementEvent.points != 0)
    )
    for points, at, campaign_id in rows:
        for board in boards.boards_for_event(brand, at, campaign_id):
            amount = weighted(points, at, brand) if board.scope == "score" else points
            if not source.fraud_flagged:
                moves.append((board, source.id, -amount))
            if not (target.fraud_flagged or source.fraud_flagged):
                moves.append((board, target.id, amount))
    return moves


def _merge_participations(source: FanProfile, target: FanProfile) -> None:
    theirs = db.session.scalars(
        select(CampaignParticipation).where(CampaignParticipation.fan_id == source.id)
    ).all()
    for row in theirs:
        mine = db.session.get(CampaignParticipation, (row.campaign_id, target.id))
        if mine is None:
            db.session.add(
                CampaignParticipation(
                    campaign_id=row.campaign_id,
                    fan_id=target.id,
                    points=row.points,
                    first_at=row.first_at,
                    last_at=row.last_at,
                )
            )
        else:
            mine.points += row.points
            mine.first_at = min(mine.first_at, row.first_at)
            mine.last_at = max(mine.last_at, row.last_at)
    db.session.flush()
    db.session.execute(
        delete(CampaignParticipation)
        .where(CampaignParticipation.fan_id == source.id)
        .execution_options(synchronize_session=False)
    )


# Columns pointing at a fan that this module moves itself.
HANDLED = {
    ("engagement_event", "fan_id"),
    ("consent_record", "fan_id"),
    ("campaign_participation", "fan_id"),
    ("fan_profile", "referred_by_id"),
}


def _move_other_references(source: FanProfile, target: FanProfile) -> None:
    """Every other row that points at the source fan (kinds' tables) now points at the target."""
    for table in db.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            column = foreign_key.parent
            if (table.name, column.name) in HANDLED:
                continue
            if foreign_key.column.table.name == "fan_profile" and foreign_key.column.name == "id":
                db.session.execute(
                    update(table)
                    .where(column == source.id)
                    .values({column.name: target.id})
                    .execution_options(synchronize_session=False)
                )


def _merge_join_source(source: FanProfile, target: FanProfile) -> None:
    """The person's first arrival is the one that counts."""
    if source.joined_at < target.joined_at:
        target.joined_at = source.joined_at
        if source.join_source != "direct":
            target.referred_by_id = source.referred_by_id
            target.utm_source = source.utm_source
            target.utm_medium = source.utm_medium
            target.utm_campaign = source.utm_campaign


def recompute_aggregates(fan: FanProfile, brand: Brand) -> None:
    """Points, axes, score, streaks, activity and campaigns played, from the fan's events."""
    rows = db.session.execute(
        select(EngagementEvent.axis, EngagementEvent.points, EngagementEvent.created_at).where(
            EngagementEvent.fan_id == fan.id
        )
    ).all()
    fan.points = sum(points for _, points, _ in rows)
    for axis in AXES:
        setattr(fan, axis, sum(points for a, points, _ in rows if a == axis))
    fan.score_base = sum(weighted(points, at, brand) for _, points, at in rows)
    days = sorted({local_day(at, brand) for _, _, at in rows})
    fan.streak_days, fan.best_streak = _streaks(days)
    fan.last_active_day = days[-1] if days else None
    fan.last_active_at = max((at for _, _, at in rows), default=None)
    fan.campaigns_played = db.session.scalar(
        select(func.count()).where(CampaignParticipation.fan_id == fan.id)
    )


def _streaks(days) -> tuple[int, int]:
    """(the run of consecutive days ending on the last one, the longest run)."""
    best = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return run, best


def recompute_consent(fan: FanProfile) -> None:
    """The fan's current marketing consent is their latest decision on record."""
    latest = db.session.scalar(
        select(ConsentRecord)
        .where(ConsentRecord.fan_id == fan.id, ConsentRecord.purpose == "marketing")
        .order_by(ConsentRecord.created_at.desc(), ConsentRecord.id.desc())
        .limit(1)
    )
    if latest is None:
        return
    fan.marketing_consent = latest.granted
    fan.marketing_consent_at = latest.created_at if latest.granted else None
    fan.consent_version = latest.text_version
