"""A rebuild of the Redis boards while fans keep playing loses nothing and counts nothing twice.

Real PostgreSQL and Redis. The interleavings that used to break the boards are forced, not
left to luck: a second session records events at the moment the rebuild has read the
database but not yet swapped its boards in (an engine hook in the rebuild's thread), and an
action's board write is held back until a rebuild that already counted it is done.
"""

import threading
from functools import partial

import pytest
from sqlalchemy import event

from app.aftercommit import after_commit
from app.engagement import boards, record
from app.engagement.rebuild import rebuild
from app.engagement.redis_boards import member
from app.engagement.redis_rebuild import begin
from app.engagement.sql_boards import SQLBoards
from app.extensions import db
from app.models import Brand, Campaign, FanProfile, utcnow
from app.redisclient import get_redis
from tests.factories import make_brand, make_campaign, make_fan

pytestmark = pytest.mark.postgres


@pytest.fixture
def league(redis_app):
    brand = make_brand()
    campaign = make_campaign(brand)
    fans = [make_fan(brand) for _ in range(6)]
    for n, fan in enumerate(fans):
        for _ in range(n % 3 + 1):
            record(fan, "photo_created", campaign=campaign)
    db.session.commit()
    return brand, campaign, [fan.id for fan in fans]


def play(app, brand_id: int, campaign_id: int, fan_ids, *, hold=None) -> None:
    """In another session and thread: each fan creates a photo, one transaction each.

    hold: (committed, release) events; the board write after commit waits for `release`.
    """

    def held_back(committed, release):
        committed.set()
        release.wait(30)

    def run():
        with app.app_context():
            campaign = db.session.get(Campaign, campaign_id)
            for fan_id in fan_ids:
                if hold is not None:
                    # Registered first, so it runs before the board write it holds back.
                    after_commit(db.session(), partial(held_back, *hold))
                record(db.session.get(FanProfile, fan_id), "photo_created", campaign=campaign)
                db.session.commit()
            db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def on_redis(board) -> list[tuple[int, float]]:
    """The board exactly as Redis holds it: (fan id, value), best first."""
    rows = get_redis().zrange(board.key, 0, -1, withscores=True)
    return [(int(fan), -score) for fan, score in rows]


def in_sql(board) -> list[tuple[int, float]]:
    return [(s.fan_id, s.value) for s in SQLBoards().top(board, 10_000)]


def assert_boards_are_the_truth(brand_id: int, campaign_id: int) -> None:
    db.session.expire_all()
    brand = db.session.get(Brand, brand_id)
    now = utcnow()
    for board in (
        boards.all_time(brand),
        boards.week(brand, now),
        boards.month(brand, now),
        boards.Board(brand_id, "campaign", str(campaign_id)),
    ):
        assert on_redis(board) == in_sql(board), board.scope
    # Score sums in another order on each side: equal up to rounding.
    score = boards.engagement(brand)
    assert [f for f, _ in on_redis(score)] == [f for f, _ in in_sql(score)]
    assert [v for _, v in on_redis(score)] == pytest.approx([v for _, v in in_sql(score)])


def hook_after(statement_part: str, action):
    """Run `action` once, in the rebuild's thread, right after a statement of the rebuild."""
    rebuilding = threading.get_ident()
    done = []

    @event.listens_for(db.engine, "after_cursor_execute")
    def after_read(_conn, _cursor, statement, *_args):
        if not done and threading.get_ident() == rebuilding and statement_part in statement:
            done.append(True)
            action()

    return after_read


@pytest.mark.parametrize(
    "moment",
    [
        # The per-fan sums are read: the live writes go to the rebuild's copies too.
        "GROUP BY engagement_event.fan_id",
        # The snapshot is taken but not yet known to Redis: the writes wait in a journal.
        "pg_current_snapshot()",
    ],
)
def test_events_committed_while_the_rebuild_reads_are_kept(league, redis_app, moment):
    brand, campaign, fan_ids = league
    brand_id, campaign_id = brand.id, campaign.id

    def others_play():
        play(redis_app, brand_id, campaign_id, [fan_ids[0], fan_ids[3], fan_ids[3]]).join()

    listener = hook_after(moment, others_play)
    try:
        rebuild(brand)
    finally:
        event.remove(db.engine, "after_cursor_execute", listener)
    db.session.commit()
    # Without the rebuild's help those 60 points went to the old board, which it replaced.
    assert_boards_are_the_truth(brand_id, campaign_id)
    all_time = db.session.get(Brand, brand_id)
    assert dict(on_redis(boards.all_time(all_time)))[fan_ids[3]] == 20 + 40


def test_a_write_held_back_past_the_swap_is_not_counted_twice(league, redis_app):
    brand, campaign, fan_ids = league
    brand_id, campaign_id = brand.id, campaign.id
    committed, release = threading.Event(), threading.Event()
    # A process frozen between its commit and its board write, while a rebuild runs.
    late = play(redis_app, brand_id, campaign_id, [fan_ids[1]], hold=(committed, release))
    assert committed.wait(30)
    rebuild(db.session.get(Brand, brand_id))  # reads the held-back event from the database
    db.session.commit()
    release.set()
    late.join()
    assert_boards_are_the_truth(brand_id, campaign_id)


def test_rebuilds_while_a_fan_plays_on_end_equal_to_the_log(league, redis_app):
    brand, campaign, fan_ids = league
    brand_id, campaign_id = brand.id, campaign.id
    player = play(redis_app, brand_id, campaign_id, [fan_ids[n % 6] for n in range(40)])
    for _ in range(3):
        rebuild(db.session.get(Brand, brand_id))
        db.session.commit()
    player.join()
    assert_boards_are_the_truth(brand_id, campaign_id)


def test_a_rebuild_asked_while_one_runs_runs_once_more_after_it(league, redis_app):
    brand, campaign, fan_ids = league
    brand_id = brand.id
    client = get_redis()
    now = utcnow()
    held = begin(client, brand_id, "w", "m", rerun_if_busy=False)
    assert held is not None
    # A job finds the brand's boards being rebuilt: it asks for one more run and returns.
    assert rebuild(db.session.get(Brand, brand_id), wait=False) == {}
    assert client.hget(f"sf:lbr:{brand_id}", "rerun") == b"1"
    held.release()
    counts = rebuild(db.session.get(Brand, brand_id))
    db.session.commit()
    assert counts["all"] == 6 and counts[f"campaign:{campaign.id}"] == 6
    assert client.zscore(boards.all_time(brand).key, member(fan_ids[2])) == -60
    assert boards.week(brand, now).key in {k.decode() for k in client.keys("sf:lb:*")}
