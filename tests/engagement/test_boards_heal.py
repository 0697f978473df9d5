"""Redis goes away, fills up or freezes while fans play: the boards come back to the event
log's truth by themselves, without anyone running `superfan leaderboards rebuild`.

A Redis server of the test's own, on a spare port, is stopped, restarted (empty, or from an
older copy on disk), filled and frozen, under real HTTP fan actions on PostgreSQL. The jobs
the app queues are then run here the way `superfan worker` runs them (jobs.execute's work:
each in a fresh app context, committed); a real burst worker would do the same.
"""

import pytest
import redis
from rq import Queue
from sqlalchemy import func, select
from werkzeug.utils import import_string

from app.engagement import boards, leaderboards
from app.engagement.healing import heal_stale_boards
from app.extensions import db
from app.models import Brand, EngagementEvent, StaleBoards, utcnow
from tests.conftest import _truncate_all, build_app
from tests.embed.conftest import add_brand
from tests.factories import make_campaign
from tests.fraud.conftest import FanBrowser

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def fault_app(postgres_url, own_redis):
    app = build_app(postgres_url, own_redis.url)
    with app.app_context():
        brand = add_brand("acme", name="Acme Coffee")
        make_campaign(brand, "spring", title="Spring Game")
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()
    _truncate_all(app)


def fan(app) -> FanBrowser:
    app.test_client_class = FanBrowser
    return app.test_client()


def play(browsers) -> None:
    """Each browser plays once: every action must be answered, and stored."""
    for browser in browsers:
        browser.play()  # asserts the 303 that follows a stored play


def run_jobs(app) -> list[str]:
    """Every job queued (and those they queue), as the worker runs them; their names."""
    client = redis.Redis.from_url(app.config["REDIS_URL"])
    queue = Queue("default", connection=client)
    ran = []
    while queue.count:
        job = queue.jobs[0]
        queue.remove(job)
        path, *args = job.args
        with app.app_context():
            import_string(path)(*args)
            db.session.commit()
        ran.append(path.rsplit(".", 1)[1])
    return ran


def assert_boards_are_the_truth(app) -> None:
    """Every board Redis holds equals SQL, read from Redis itself (not the SQL fallback)."""
    db.session.expire_all()
    brand = db.session.scalar(select(Brand).where(Brand.slug == "acme"))
    client = redis.Redis.from_url(app.config["REDIS_URL"])
    now = utcnow()
    for board in (boards.all_time(brand), boards.week(brand, now), boards.month(brand, now)):
        held = client.zrange(board.key, 0, -1, withscores=True)
        truth = [(s.fan_id, s.value) for s in leaderboards.SQLBoards().top(board, 1000)]
        assert [(int(f), -score) for f, score in held] == truth, board.scope
        assert truth
    assert [(s.fan_id, s.value) for s in leaderboards.top(boards.all_time(brand))] == truth
    assert db.session.scalar(select(func.count()).select_from(StaleBoards)) == 0


def plays_stored() -> int:
    return db.session.scalar(select(func.count()).where(EngagementEvent.type == "game_played"))


def stale_marks() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.coalesce(func.sum(StaleBoards.marks), 0)))


def test_redis_stopped_then_back_empty(fault_app, own_redis):
    fans = [fan(fault_app) for _ in range(6)]
    play(fans[:3])
    own_redis.stop()
    play(fans[3:] + fans[:1])  # Redis down: every action still counts, on the database
    assert stale_marks() == 4
    own_redis.start()  # empty: every board and its meta are gone
    assert run_jobs(fault_app) == []  # nothing queued while Redis was down
    play(fans[1:2])  # the first write finds the boards gone and asks for their rebuild
    assert "rebuild_job" in run_jobs(fault_app)
    assert plays_stored() == 8
    assert_boards_are_the_truth(fault_app)


def test_redis_back_from_an_older_copy_on_disk(fault_app, own_redis):
    brand = db.session.scalar(select(Brand).where(Brand.slug == "acme"))
    fans = [fan(fault_app) for _ in range(5)]
    play(fans[:2])
    own_redis.client().save()  # the copy on disk holds these two plays
    play(fans[2:])  # written to Redis after the copy
    own_redis.kill()
    own_redis.start()  # from the copy: three plays short, and a new server run id
    assert own_redis.client().zcard(boards.all_time(brand).key) == 2
    # Meanwhile the board is read from SQL, whole; the read asks for the rebuild.
    assert [s.value for s in leaderboards.top(boards.all_time(brand))] == [10] * 5
    assert "rebuild_job" in run_jobs(fault_app)
    assert_boards_are_the_truth(fault_app)


def test_redis_full_then_freed(fault_app, own_redis):
    fans = [fan(fault_app) for _ in range(4)]
    play(fans[:1])
    client = own_redis.client()
    client.config_set("maxmemory", client.info("memory")["used_memory"])  # full: writes fail
    play(fans[1:3])
    assert stale_marks() == 2
    client.config_set("maxmemory", 0)
    play(fans[3:])  # the first write that succeeds asks for the rebuild of what was missed
    assert "rebuild_job" in run_jobs(fault_app)
    assert plays_stored() == 4
    assert_boards_are_the_truth(fault_app)


def test_redis_frozen_then_thawed(fault_app, own_redis):
    fans = [fan(fault_app) for _ in range(3)]
    play(fans[:1])
    own_redis.freeze()
    play(fans[1:2])  # waits for the socket timeout, then counts on the database
    own_redis.thaw()
    assert stale_marks() == 1
    play(fans[2:])
    assert "rebuild_job" in run_jobs(fault_app)
    assert_boards_are_the_truth(fault_app)


def test_the_sweep_heals_marked_boards_without_any_action(fault_app, own_redis):
    fans = [fan(fault_app) for _ in range(3)]
    play(fans[:1])
    own_redis.stop()
    play(fans[1:])
    own_redis.start()
    # No fan acts any more: the worker's sweep (heal_stale_boards) finds the mark.
    assert heal_stale_boards() == [1]
    assert run_jobs(fault_app) == ["rebuild_job"]
    assert_boards_are_the_truth(fault_app)
