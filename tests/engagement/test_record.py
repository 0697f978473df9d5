"""record(): points, caps, idempotency, aggregates, streaks, decay, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.engagement import record
from app.engagement.scoring import decayed
from app.engagement.signals import event_recorded
from app.extensions import db
from app.models import CampaignParticipation, EngagementEvent, FanProfile
from tests.factories import make_brand, make_campaign, make_fan

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def events_of(fan):
    return db.session.scalars(
        select(EngagementEvent).where(EngagementEvent.fan_id == fan.id).order_by(EngagementEvent.id)
    ).all()


def test_points_come_from_the_kind_and_feed_the_axis(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    campaign = make_campaign(brand)
    record(fan, "game_played", campaign=campaign, key="a", at=NOON)
    record(fan, "photo_created", campaign=campaign, key="b", at=NOON)
    db.session.commit()

    fan = db.session.get(FanProfile, fan.id)
    assert (fan.points, fan.participation, fan.creation, fan.influence, fan.loyalty) == (
        30,
        10,
        20,
        0,
        0,
    )
    assert [(e.type, e.axis, e.points) for e in events_of(fan)] == [
        ("game_played", "participation", 10),
        ("photo_created", "creation", 20),
    ]


def test_brand_overrides_default_points_and_caps(any_app):
    brand = make_brand(point_overrides={"game_played": 7}, daily_cap_overrides={"game_played": 1})
    fan = make_fan(brand)
    record(fan, "game_played", key="a", at=NOON)
    record(fan, "game_played", key="b", at=NOON + timedelta(minutes=1))
    db.session.commit()
    assert [(e.points, e.capped) for e in events_of(fan)] == [(7, False), (0, True)]
    assert db.session.get(FanProfile, fan.id).points == 7


def test_daily_cap_keeps_the_action_but_not_its_points_and_resets_next_day(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    for n in range(5):
        record(fan, "game_played", key=f"day1-{n}", at=NOON + timedelta(minutes=n))
    record(fan, "game_played", key="day2", at=NOON + timedelta(days=1))
    db.session.commit()

    played = [e for e in events_of(fan) if e.type == "game_played"]
    assert [e.points for e in played] == [10, 10, 10, 0, 0, 10]
    assert [e.capped for e in played] == [False, False, False, True, True, False]
    assert db.session.get(FanProfile, fan.id).participation == 40


def test_the_daily_cap_follows_the_brand_time_zone(any_app):
    brand = make_brand(timezone="Pacific/Auckland", daily_cap_overrides={"game_played": 1})
    fan = make_fan(brand)
    # 10:30 and 11:30 UTC are either side of midnight in Auckland (UTC+13 in November).
    record(fan, "game_played", key="a", at=datetime(2026, 11, 20, 10, 30, tzinfo=UTC))
    record(fan, "game_played", key="b", at=datetime(2026, 11, 20, 11, 30, tzinfo=UTC))
    db.session.commit()
    assert [e.points for e in events_of(fan) if e.type == "game_played"] == [10, 10]


def test_same_idempotency_key_counts_once(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    first = record(fan, "game_played", key="vote:42", at=NOON)
    db.session.commit()
    again = record(fan, "game_played", key="vote:42", at=NOON + timedelta(seconds=3))
    db.session.commit()

    assert again.id == first.id
    assert len(events_of(fan)) == 1
    assert db.session.get(FanProfile, fan.id).points == 10


def test_without_a_key_each_call_is_a_new_action(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    record(fan, "photo_created", at=NOON)
    record(fan, "photo_created", at=NOON)
    db.session.commit()
    assert db.session.get(FanProfile, fan.id).creation == 40


def test_record_never_commits_so_a_failed_action_leaves_nothing(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    db.session.commit()
    record(fan, "game_played", key="a", at=NOON)
    db.session.rollback()

    assert events_of(fan) == []
    assert db.session.get(FanProfile, fan.id).points == 0


def test_streak_counts_consecutive_days_and_a_missed_day_resets_it(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    for day in (0, 1, 2, 4, 5):
        record(fan, "photo_created", key=f"d{day}", at=NOON + timedelta(days=day))
    db.session.commit()

    fan = db.session.get(FanProfile, fan.id)
    assert (fan.streak_days, fan.best_streak) == (2, 3)
    assert fan.last_active_at == NOON + timedelta(days=5)


def test_coming_back_on_a_new_day_earns_loyalty_once_per_day(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    record(fan, "photo_created", key="a", at=NOON)
    record(fan, "photo_created", key="b", at=NOON + timedelta(days=1))
    record(fan, "photo_created", key="c", at=NOON + timedelta(days=1, hours=2))
    db.session.commit()

    types = [e.type for e in events_of(fan)]
    assert types == ["photo_created", "photo_created", "return_visit", "photo_created"]
    assert db.session.get(FanProfile, fan.id).loyalty == 3


def test_campaign_participation_and_campaigns_played(any_app):
    brand = make_brand()
    fan = make_fan(brand)
    spring, summer = make_campaign(brand, "spring"), make_campaign(brand, "summer")
    record(fan, "game_played", campaign=spring, key="a", at=NOON)
    record(fan, "photo_created", campaign=spring, key="b", at=NOON)
    record(fan, "game_played", campaign=summer, key="c", at=NOON)
    record(fan, "photo_created", key="d", at=NOON)
    db.session.commit()

    assert db.session.get(FanProfile, fan.id).campaigns_played == 2
    points = dict(
        db.session.execute(
            select(CampaignParticipation.campaign_id, CampaignParticipation.points).where(
                CampaignParticipation.fan_id == fan.id
            )
        ).all()
    )
    assert points == {spring.id: 30, summer.id: 10}


def test_engagement_score_halves_every_half_life(any_app):
    brand = make_brand(half_life_days=30)
    old, recent = make_fan(brand), make_fan(brand)
    record(old, "photo_created", key="a", at=NOON - timedelta(days=30))
    record(recent, "photo_created", key="b", at=NOON)
    db.session.commit()

    assert decayed(db.session.get(FanProfile, recent.id).score_base, brand, NOON) == pytest.approx(
        20
    )
    assert decayed(db.session.get(FanProfile, old.id).score_base, brand, NOON) == pytest.approx(10)


def test_unknown_event_type_and_foreign_campaign_are_refused(any_app):
    acme, other = make_brand("acme"), make_brand("other")
    fan = make_fan(acme)
    with pytest.raises(ValueError, match="unknown event type 'purchase'"):
        record(fan, "purchase")
    with pytest.raises(ValueError, match="another brand"):
        record(fan, "game_played", campaign=make_campaign(other))
    assert db.session.scalar(select(func.count()).select_from(EngagementEvent)) == 0


def test_listeners_hear_of_each_event_once_it_is_committed(any_app):
    heard = []

    def listener(sender, event):
        heard.append((event.type, event.points))

    brand = make_brand()
    fan = make_fan(brand)
    with event_recorded.connected_to(listener):
        record(fan, "game_played", key="a", at=NOON)
        record(fan, "game_played", key="a", at=NOON)  # the same action again: no new event
        assert heard == []
        db.session.commit()
        assert heard == [("game_played", 10)]
        record(fan, "photo_created", at=NOON)
        db.session.rollback()
        assert heard == [("game_played", 10)]
