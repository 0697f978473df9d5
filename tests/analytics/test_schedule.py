"""The rollup runs from the job sweep: inline without Redis, queued once a minute with it."""

from datetime import timedelta

from rq import Queue
from sqlalchemy import func, select

from app import clock as app_clock
from app.analytics import rollup
from app.extensions import db
from app.job_sweep import sweep
from app.models import AnalyticsRollup
from app.redisclient import get_redis
from tests.analytics.events import put
from tests.factories import make_brand


def test_without_redis_the_sweep_rolls_up_inline(app, clock):
    put(make_brand("acme"), "viewed", app_clock.now() - timedelta(hours=3))
    db.session.commit()
    assert sweep()["analytics"] == 1
    assert db.session.scalar(select(func.count()).select_from(AnalyticsRollup)) == 1
    assert rollup.watermark() == rollup.closed_until(app_clock.now())


def test_with_redis_the_sweep_queues_one_rollup_a_minute(redis_app, clock):
    assert sweep()["analytics"] == 1
    assert sweep()["analytics"] == 0  # the same minute: already queued
    queued = Queue("low", connection=get_redis()).jobs
    assert [job.args[0] for job in queued] == ["app.analytics.rollup.run_job"]
