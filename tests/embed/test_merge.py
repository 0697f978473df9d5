"""Merging a guest's fan profile into the signed-in fan's: nothing lost, nothing counted twice."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import session
from sqlalchemy import Column, ForeignKey, Integer, Table, UniqueConstraint, func, select

from app.engagement import boards, leaderboards, record
from app.engagement.merge import merge_fans, register_merge_step
from app.engagement.rebuild import rebuild
from app.extensions import db
from app.identity import fan_consent
from app.identity.fan_session import SESSION_KEY
from app.identity.fan_signin import sign_in
from app.models import (
    CampaignParticipation,
    ConsentRecord,
    ConsentText,
    EngagementEvent,
    FanProfile,
    User,
    utcnow,
)
from tests.factories import make_brand, make_campaign, make_fan

PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int = 12) -> datetime:
    """An instant `day` days ago, at noon Paris time."""
    base = utcnow().astimezone(PARIS).replace(hour=hour, minute=0, second=0, microsecond=0)
    return base - timedelta(days=day)


def setup_pair():
    brand = make_brand("acme", timezone="Europe/Paris")
    spring = make_campaign(brand, "spring")
    summer = make_campaign(brand, "summer")
    guest = make_fan(brand, "Guest", email=None, consent=False)
    fan = make_fan(brand, "Alice", consent=False)
    return brand, spring, summer, guest, fan


def aggregates(fan):
    return (
        fan.points,
        fan.participation,
        fan.creation,
        fan.influence,
        fan.loyalty,
        round(fan.score_base, 6),
        fan.campaigns_played,
    )


def test_merge_moves_everything_and_counts_each_event_once(any_app):
    brand, spring, summer, guest, fan = setup_pair()
    record(guest, "game_played", campaign=spring, key="g1", at=at(1))
    record(guest, "photo_created", campaign=summer, key="g2", at=at(1))
    record(fan, "game_played", campaign=spring, key="f1", at=at(0))
    record(fan, "like_received", key="f2", at=at(0))
    db.session.commit()
    expected_points = guest.points + fan.points
    guest_id = guest.id

    target = merge_fans(guest, fan)
    db.session.commit()

    assert target.id == fan.id
    assert db.session.get(FanProfile, guest_id) is None
    assert target.points == expected_points == 10 + 20 + 10 + 4
    events = db.session.scalars(select(EngagementEvent).where(EngagementEvent.brand_id == brand.id))
    assert {e.fan_id for e in events} == {fan.id}
    assert target.creation == 20 and target.influence == 4
    rows = {
        row.campaign_id: row.points
        for row in db.session.scalars(
            select(CampaignParticipation).where(CampaignParticipation.fan_id == fan.id)
        )
    }
    assert rows == {spring.id: 20, summer.id: 20}
    assert target.campaigns_played == 2
    assert (
        db.session.scalar(select(func.count()).where(CampaignParticipation.fan_id == guest_id)) == 0
    )

    # The aggregates are what a rebuild from the event log gives.
    before = aggregates(target)
    rebuild(brand)
    db.session.commit()
    assert aggregates(db.session.get(FanProfile, fan.id)) == before


def test_idempotency_keys_stay_unique_and_a_retried_action_is_not_counted_again(any_app):
    brand, spring, _, guest, fan = setup_pair()
    first = record(guest, "game_played", campaign=spring, key="play:1", at=at(0))
    db.session.commit()
    merge_fans(guest, fan)
    db.session.commit()

    again = record(fan, "game_played", campaign=spring, key="play:1", at=at(0))
    db.session.commit()
    assert again.id == first.id
    assert db.session.get(FanProfile, fan.id).points == 10
    keys = db.session.scalars(
        select(EngagementEvent.idempotency_key).where(EngagementEvent.brand_id == brand.id)
    ).all()
    assert len(keys) == len(set(keys))


def test_daily_caps_see_the_merged_events(any_app):
    _, spring, _, guest, fan = setup_pair()
    for n in range(3):
        record(guest, "game_played", campaign=spring, key=f"g{n}")
    db.session.commit()
    merge_fans(guest, fan)
    db.session.commit()
    capped = record(fan, "game_played", campaign=spring, key="after")
    assert capped.capped and capped.points == 0


def test_streaks_are_recomputed_from_both_histories(any_app):
    _, spring, _, guest, fan = setup_pair()
    record(fan, "game_played", campaign=spring, key="f3", at=at(3))
    record(guest, "game_played", campaign=spring, key="g2", at=at(2))
    record(fan, "game_played", campaign=spring, key="f1", at=at(1))
    record(guest, "game_played", campaign=spring, key="g0", at=at(0))
    db.session.commit()
    assert fan.streak_days == 1  # days 3 and 1 alone are no streak

    target = merge_fans(guest, fan)
    db.session.commit()
    assert (target.streak_days, target.best_streak) == (4, 4)
    assert target.last_active_day == at(0).date()


def test_consent_records_move_and_the_latest_decision_holds(any_app):
    brand, _, _, guest, fan = setup_pair()
    v1 = ConsentText(brand_id=brand.id, version="v1", body="News?")
    db.session.add(v1)
    db.session.flush()
    fan_consent.record_choice(fan, v1, False)
    fan.consent_version = "v1"
    db.session.flush()
    guest_record = fan_consent.record_choice(guest, v1, True)
    guest_record.created_at = utcnow() + timedelta(seconds=1)
    db.session.commit()

    target = merge_fans(guest, fan)
    db.session.commit()
    history = db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.fan_id == fan.id).order_by(ConsentRecord.id)
    ).all()
    assert [r.granted for r in history] == [False, True]
    assert target.marketing_consent and target.consent_version == "v1"


def test_referrals_follow_the_merge_and_the_first_arrival_counts(any_app):
    brand, _, _, guest, fan = setup_pair()
    guest.joined_at = utcnow() - timedelta(days=3)
    guest.utm_source = "instagram"
    friend = make_fan(brand, "Friend", referred_by_id=guest.id)
    db.session.commit()

    target = merge_fans(guest, fan)
    db.session.commit()
    assert db.session.get(FanProfile, friend.id).referred_by_id == fan.id
    assert target.utm_source == "instagram"
    assert target.joined_at == guest.joined_at


def test_fans_of_two_brands_cannot_merge(any_app):
    brand = make_brand("acme")
    other = make_brand("globex")
    with pytest.raises(ValueError):
        merge_fans(make_fan(brand), make_fan(other))


def test_kinds_move_their_own_rows_through_a_merge_step(any_app):
    _, _, _, guest, fan = setup_pair()
    seen = []
    register_merge_step(any_app, lambda source, target: seen.append((source.id, target.id)))
    merge_fans(guest, fan)
    assert seen == [(guest.id, fan.id)]


def test_leaderboards_follow_the_merge(board_app):
    brand, spring, _, guest, fan = setup_pair()
    record(guest, "game_played", campaign=spring, key="g", at=at(0))
    record(fan, "photo_created", campaign=spring, key="f", at=at(0))
    db.session.commit()
    guest_id = guest.id

    merge_fans(guest, fan)
    db.session.commit()

    for board in (boards.all_time(brand), boards.campaign(spring), boards.week(brand, utcnow())):
        assert leaderboards.standing(board, guest_id) is None, board
        assert leaderboards.standing(board, fan.id).value == 30, board


@pytest.fixture
def kind_table(any_app):
    """A kind's own table with one row per fan and slot, made for one test."""
    table = Table(
        "test_kind_entry",
        db.metadata,
        Column("id", Integer, primary_key=True),
        Column("fan_id", ForeignKey("fan_profile.id", ondelete="CASCADE")),
        Column("slot", Integer),
        UniqueConstraint("fan_id", "slot"),
    )
    table.create(db.engine)
    yield table
    db.session.rollback()
    db.metadata.remove(table)
    table.drop(db.engine)


def test_rows_of_kinds_tables_follow_the_merge(kind_table):
    _, _, _, guest, fan = setup_pair()
    db.session.execute(kind_table.insert().values(fan_id=guest.id, slot=1))
    db.session.execute(kind_table.insert().values(fan_id=fan.id, slot=2))
    db.session.commit()
    merge_fans(guest, fan)
    db.session.commit()
    rows = db.session.execute(select(kind_table.c.fan_id, kind_table.c.slot)).all()
    assert sorted(rows) == [(fan.id, 1), (fan.id, 2)]


def test_a_clash_no_merge_step_settles_keeps_the_guest_and_still_signs_in(kind_table):
    brand, spring, _, guest, fan = setup_pair()
    record(guest, "game_played", campaign=spring, key="g")
    db.session.execute(kind_table.insert().values(fan_id=guest.id, slot=1))
    db.session.execute(kind_table.insert().values(fan_id=fan.id, slot=1))
    db.session.commit()
    guest_id, guest_user_id, user_id = guest.id, guest.user_id, fan.user_id

    with any_app_request(brand):
        session[SESSION_KEY] = guest_user_id
        profile = sign_in(db.session.get(User, user_id), brand)
        db.session.commit()
        assert session[SESSION_KEY] == user_id

    assert profile.id == fan.id
    kept = db.session.get(FanProfile, guest_id)
    assert kept is not None and kept.points == 10  # nothing lost
    assert db.session.get(FanProfile, fan.id).points == 0


def any_app_request(brand):
    from flask import current_app

    return current_app.test_request_context(f"/e/{brand.slug}")
