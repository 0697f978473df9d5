"""One leaderboard suite for every backend: SQL on SQLite and PostgreSQL, Redis over PostgreSQL."""

import logging
from datetime import timedelta

import pytest
from rq import Queue
from sqlalchemy import update

from app.engagement import boards, leaderboards, record
from app.engagement.rebuild import rebuild
from app.engagement.sql_boards import SQLBoards
from app.extensions import db
from app.models import FanProfile, utcnow
from app.redisclient import get_redis
from tests.conftest import _truncate_all, build_app
from tests.factories import make_brand, make_campaign, make_fan


def ranking(board, limit=100):
    return [(s.fan_id, s.rank, s.value) for s in leaderboards.top(board, limit)]


def play(fan, type_key, times, *, at=None, campaign=None):
    for _ in range(times):
        record(fan, type_key, campaign=campaign, at=at)


@pytest.fixture
def league(board_app):
    """Five fans of one brand with distinct and tied totals, and a fan of another brand."""
    brand = make_brand("acme")
    other = make_brand("other")
    fans = [make_fan(brand, f"Fan {n}") for n in range(5)]
    stranger = make_fan(other)
    spring = make_campaign(brand, "spring")
    # Totals: fan0 60, fan1 40, fan2 40 (tie with fan1), fan3 20, fan4 nothing.
    play(fans[0], "photo_created", 3, campaign=spring)
    play(fans[1], "photo_created", 2)
    play(fans[2], "photo_created", 1, campaign=spring)
    play(fans[2], "game_played", 2, campaign=spring)
    play(fans[3], "photo_created", 1)
    play(stranger, "photo_created", 9)
    db.session.commit()
    return brand, fans, spring


def test_top_orders_by_points_and_breaks_ties_by_fan_id(league):
    brand, fans, _ = league
    ids = [f.id for f in fans]
    assert ranking(boards.all_time(brand)) == [
        (ids[0], 1, 60),
        (ids[1], 2, 40),
        (ids[2], 3, 40),
        (ids[3], 4, 20),
    ]
    assert leaderboards.size(boards.all_time(brand)) == 4


def test_standing_and_neighbourhood(league):
    brand, fans, _ = league
    board = boards.all_time(brand)
    mine = leaderboards.standing(board, fans[2].id)
    assert (mine.rank, mine.value) == (3, 40)
    assert [s.fan_id for s in leaderboards.around(board, fans[2].id, radius=1)] == [
        fans[1].id,
        fans[2].id,
        fans[3].id,
    ]
    assert [s.rank for s in leaderboards.around(board, fans[0].id, radius=2)] == [1, 2, 3]
    assert leaderboards.standing(board, fans[4].id) is None
    assert leaderboards.around(board, fans[4].id) == []


def test_pages_continue_the_ranks(league):
    brand, fans, _ = league
    page = leaderboards.top(boards.all_time(brand), limit=2, offset=2)
    assert [(s.fan_id, s.rank) for s in page] == [(fans[2].id, 3), (fans[3].id, 4)]


def test_campaign_board_counts_only_that_campaign(league):
    _, fans, spring = league
    assert ranking(boards.campaign(spring)) == [(fans[0].id, 1, 60), (fans[2].id, 2, 40)]


def test_engagement_board_favours_recent_activity(board_app):
    brand = make_brand()
    old, recent = make_fan(brand), make_fan(brand)
    record(old, "photo_created", at=utcnow() - timedelta(days=60))
    record(old, "photo_created", at=utcnow() - timedelta(days=60))
    record(recent, "photo_created")
    db.session.commit()
    # 40 points two half-lives ago weigh 10 now; 20 points today weigh 20.
    assert [s.fan_id for s in leaderboards.top(boards.engagement(brand))] == [recent.id, old.id]
    assert [s.fan_id for s in leaderboards.top(boards.all_time(brand))] == [old.id, recent.id]


def test_week_and_month_boards_hold_only_their_period(board_app):
    brand = make_brand()
    now = utcnow()
    regular, lapsed = make_fan(brand), make_fan(brand)
    record(regular, "game_played", at=now)
    record(lapsed, "photo_created", at=now - timedelta(days=70))
    db.session.commit()
    for board in (boards.week(brand, now), boards.month(brand, now)):
        assert ranking(board) == [(regular.id, 1, 10)]
    assert ranking(boards.month(brand, now - timedelta(days=70))) == [(lapsed.id, 1, 20)]


def test_fans_flagged_for_fraud_are_held_out(board_app):
    brand = make_brand()
    honest = make_fan(brand)
    cheat = make_fan(brand, fraud_flagged=True)
    record(honest, "game_played")
    record(cheat, "photo_created")
    db.session.commit()
    assert [s.fan_id for s in leaderboards.top(boards.all_time(brand))] == [honest.id]


def test_nothing_moves_until_the_action_commits(board_app):
    brand = make_brand()
    fan = make_fan(brand)
    db.session.commit()
    record(fan, "photo_created")
    db.session.rollback()
    assert leaderboards.top(boards.all_time(brand)) == []


def test_rebuild_gives_the_same_boards(league):
    brand, _, spring = league
    board_list = [boards.all_time(brand), boards.campaign(spring), boards.week(brand, utcnow())]
    before = [ranking(b) for b in board_list]
    rebuild(brand)
    db.session.commit()
    assert [ranking(b) for b in board_list] == before


def test_sql_rebuild_repairs_aggregates_from_the_event_log(app):
    brand = make_brand()
    fan = make_fan(brand)
    record(fan, "photo_created")
    db.session.commit()
    db.session.execute(update(FanProfile).values(points=999, creation=0, score_base=0))
    rebuild(brand)
    db.session.commit()
    fan = db.session.get(FanProfile, fan.id)
    assert (fan.points, fan.creation) == (20, 20)
    assert fan.score_base > 0


def test_redis_and_sql_agree_on_every_rank(redis_app):
    brand = make_brand()
    fans = [make_fan(brand) for _ in range(30)]
    campaign = make_campaign(brand)
    for n, fan in enumerate(fans):
        play(fan, "game_played", n % 4, campaign=campaign)
        play(fan, "photo_created", n % 3)
    db.session.commit()
    for board in (boards.all_time(brand), boards.campaign(campaign), boards.month(brand, utcnow())):
        on_redis = [(s.fan_id, s.rank, s.value) for s in leaderboards.top(board, 100)]
        on_sql = [(s.fan_id, s.rank, s.value) for s in SQLBoards().top(board, 100)]
        assert on_redis == on_sql
        assert len(on_redis) > 10


def test_flushdb_midway_reads_sql_until_a_rebuild_restores_identical_ranks(redis_app):
    brand = make_brand()
    fans = [make_fan(brand) for _ in range(12)]
    campaign = make_campaign(brand)
    for n, fan in enumerate(fans[:6]):
        play(fan, "photo_created", n % 3 + 1, campaign=campaign)
    db.session.commit()
    client = get_redis()
    client.flushdb()  # Redis loses everything halfway through the day
    for n, fan in enumerate(fans[6:]):
        play(fan, "game_played", n % 3 + 1, campaign=campaign)
    play(fans[0], "game_played", 1)
    db.session.commit()
    board_list = [boards.all_time(brand), boards.campaign(campaign), boards.engagement(brand)]
    # Redis holds only part of the day: the boards are read from SQL, whole, meanwhile.
    assert leaderboards.size(board_list[0]) == 12
    assert client.zcard(board_list[0].key) == 0
    queued = [job.args for job in Queue("default", connection=client).jobs]
    assert ("app.engagement.rebuild.rebuild_job", brand.id) in queued

    rebuild(brand)
    assert client.zcard(board_list[0].key) == 12
    for board in board_list[:2]:
        assert ranking(board) == [(s.fan_id, s.rank, s.value) for s in SQLBoards().top(board, 100)]
    assert [s.fan_id for s in leaderboards.top(board_list[2])] == [
        s.fan_id for s in SQLBoards().top(board_list[2], 100)
    ]


def test_redis_down_the_action_still_counts_and_reads_fall_back_to_sql(postgres_url, caplog):
    app = build_app(postgres_url, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    with app.app_context():
        try:
            brand = make_brand()
            fan = make_fan(brand)
            with caplog.at_level(logging.WARNING):
                record(fan, "photo_created")
                db.session.commit()
            assert "leaderboard increments not applied" in caplog.text
            assert db.session.get(FanProfile, fan.id).points == 20

            with caplog.at_level(logging.WARNING):
                standing = leaderboards.standing(boards.all_time(brand), fan.id)
            assert (standing.rank, standing.value) == (1, 20)
            assert "reading from SQL" in caplog.text
            shown = leaderboards.page(boards.all_time(brand), fan.id)
            assert (shown.mine.rank, shown.mine.name) == (1, fan.user.display_name)
        finally:
            db.session.remove()
            db.engine.dispose()
            _truncate_all(app)


def test_rebuild_drops_a_board_whose_fans_are_all_held_out(board_app):
    brand = make_brand()
    cheat = make_fan(brand)
    campaign = make_campaign(brand)
    record(cheat, "photo_created", campaign=campaign)
    db.session.commit()
    assert leaderboards.size(boards.campaign(campaign)) == 1

    db.session.execute(update(FanProfile).values(fraud_flagged=True))
    db.session.commit()  # a rebuild on Redis reads what is committed, in a snapshot of its own
    rebuild(brand)
    db.session.commit()
    assert leaderboards.top(boards.campaign(campaign)) == []


def named(standings):
    return [(s.fan_id, s.rank, s.value, s.name) for s in standings]


def test_a_page_names_the_top_and_the_fan_s_neighbours(league):
    brand, fans, _ = league
    board = boards.all_time(brand)
    shown = leaderboards.page(board, fans[2].id, limit=3, radius=1)
    ids = [f.id for f in fans]
    assert named(shown.top) == [
        (ids[0], 1, 60, "Fan 0"),
        (ids[1], 2, 40, "Fan 1"),
        (ids[2], 3, 40, "Fan 2"),
    ]
    assert named(shown.around) == [
        (ids[1], 2, 40, "Fan 1"),
        (ids[2], 3, 40, "Fan 2"),
        (ids[3], 4, 20, "Fan 3"),
    ]
    assert (shown.mine.rank, shown.mine.name) == (3, "Fan 2")
    # The first fan has nobody above: the neighbourhood starts at the top.
    assert [s.rank for s in leaderboards.page(board, fans[0].id, radius=2).around] == [1, 2, 3]

    absent = leaderboards.page(board, fans[4].id)
    assert (absent.mine, absent.around, len(absent.top)) == (None, [], 4)


def test_a_new_score_shows_on_the_next_page(league):
    brand, fans, _ = league
    board = boards.all_time(brand)
    assert leaderboards.page(board, fans[3].id).mine.rank == 4
    play(fans[3], "photo_created", 3)  # 20 + 60 points: ahead of everyone
    db.session.commit()

    shown = leaderboards.page(board, fans[3].id, limit=2)
    assert named(shown.top)[0] == (fans[3].id, 1, 80, "Fan 3")
    assert (shown.mine.rank, shown.mine.value) == (1, 80)


def test_a_page_reads_the_same_on_redis_as_on_sql(redis_app):
    brand = make_brand()
    fans = [make_fan(brand, f"Player {n}") for n in range(12)]
    for n, fan in enumerate(fans):
        play(fan, "game_played", n % 4 + 1)
    fans[2].user.display_name = ""  # first of the best (capped) players: in every top 5
    db.session.commit()
    board = boards.all_time(brand)
    for fan in fans:
        on_redis = leaderboards.page(board, fan.id, limit=5, radius=2)
        on_sql = SQLBoards().top_and_around(board, fan.id, 5, 2)
        assert [(s.fan_id, s.rank, s.value) for s in on_redis.top] == [
            (s.fan_id, s.rank, s.value) for s in on_sql[0]
        ]
        assert [(s.fan_id, s.rank, s.value) for s in on_redis.around] == [
            (s.fan_id, s.rank, s.value) for s in on_sql[1]
        ]
        names = {s.fan_id: s.name for s in (*on_redis.top, *on_redis.around)}
        assert names.pop(fans[2].id) == ""  # read from SQL once, then from Redis
        assert all(name.startswith("Player ") for name in names.values())
