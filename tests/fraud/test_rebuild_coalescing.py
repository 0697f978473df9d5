"""Automatic fraud flags of many fans in one brand, close together, queue one board rebuild.

PostgreSQL and Redis: the rebuilds are RQ jobs. Each flag marks the brand's boards stale in
its own transaction; the one queued rebuild reads them all and clears the mark.
"""

import pytest
import redis
from rq import Queue
from rq.registry import ScheduledJobRegistry
from sqlalchemy import func, select
from werkzeug.utils import import_string

from app.engagement import boards, leaderboards, record
from app.extensions import db
from app.fraud import decisions
from app.models import FanProfile, StaleBoards
from app.redisclient import get_redis
from tests.factories import make_brand, make_fan

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
REBUILD = "app.engagement.rebuild.rebuild_job"


@pytest.fixture
def crowd(redis_app):
    brand = make_brand()
    fans = [make_fan(brand) for _ in range(12)]
    for n, fan in enumerate(fans):
        for _ in range(n % 3 + 1):
            record(fan, "photo_created")
    db.session.commit()
    return brand, [fan.id for fan in fans]


def flag(fan_ids) -> None:
    """The automatic rule flags these fans, in one transaction."""
    for fan_id in fan_ids:
        decisions.flag(db.session.get(FanProfile, fan_id), None, "Risk 60% reached 60%.")
    db.session.commit()


def queued_rebuilds() -> list:
    return [job for job in Queue("default", connection=get_redis()).jobs if job.args[0] == REBUILD]


def run(job, app) -> None:
    """As the worker runs a job: in a fresh app context, committed."""
    Queue("default", connection=get_redis()).remove(job)
    path, *args = job.args
    with app.app_context():
        import_string(path)(*args)
        db.session.commit()


def test_many_flags_in_a_window_queue_one_rebuild(crowd, redis_app):
    brand, fan_ids = crowd
    for fan_id in fan_ids[:6]:
        flag([fan_id])  # six fraud checks, one flag each
    flag(fan_ids[6:9])  # one check flagging three fans
    (job,) = queued_rebuilds()
    assert job.args[1] == brand.id
    assert db.session.scalar(select(StaleBoards.marks)) == 7  # one per flagging transaction

    run(job, redis_app)
    db.session.expire_all()
    shown = {s.fan_id for s in leaderboards.top(boards.all_time(brand))}
    assert shown == set(fan_ids[9:])
    assert db.session.scalar(select(func.count()).select_from(StaleBoards)) == 0

    # A flag right after that rebuild started waits for the end of the window; more flags
    # meanwhile join it.
    flag(fan_ids[9:10])
    flag(fan_ids[10:11])
    assert queued_rebuilds() == []
    scheduled = ScheduledJobRegistry("default", connection=get_redis())
    assert len(scheduled.get_job_ids()) == 1


def test_without_redis_to_queue_on_the_flag_is_still_marked(crowd, redis_app, monkeypatch):
    brand, fan_ids = crowd
    gone = redis.Redis(port=1, socket_connect_timeout=0.2)  # nothing listens on port 1
    monkeypatch.setitem(redis_app.extensions, "superfan.redis", gone)
    flag(fan_ids[:1])  # Redis went away: the flag counts, the boards are marked for later
    assert db.session.scalar(select(StaleBoards.brand_id)) == brand.id
    assert db.session.get(FanProfile, fan_ids[0]).fraud_flagged
