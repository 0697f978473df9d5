"""enqueue(): inline after commit without Redis, real RQ workers with it."""

import logging

from rq import Queue
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.models import Suppression
from app.redisclient import get_redis
from tests import jobs_support
from tests.conftest import _truncate_all, build_app, run_worker
from tests.factories import make_brand


def done_labels() -> list[str]:
    db.session.expire_all()
    return [e.split("@")[0] for e in db.session.scalars(select(Suppression.email))]


def test_without_redis_a_job_runs_inline_once_the_transaction_commits(app):
    brand = make_brand()
    jobs.enqueue(jobs_support.mark_done, brand.id, "inline")
    assert done_labels() == []
    db.session.commit()
    assert done_labels() == ["inline"]


def test_a_rolled_back_transaction_runs_no_job(app):
    brand = make_brand()
    db.session.commit()
    jobs.enqueue(jobs_support.mark_done, brand.id, "never")
    db.session.rollback()
    db.session.commit()
    assert done_labels() == []


def test_a_failing_inline_job_is_logged_and_the_action_stays(app, caplog):
    brand = make_brand()
    jobs.enqueue(jobs_support.always_fail, brand.id)
    with caplog.at_level(logging.ERROR):
        db.session.commit()
    assert "inline job tests.jobs_support.always_fail failed" in caplog.text
    assert db.session.get(type(brand), brand.id) is not None


def test_unknown_queue_is_refused(app):
    try:
        jobs.enqueue(jobs_support.mark_done, 1, "x", queue="fast")
    except ValueError as error:
        assert "unknown queue 'fast'" in str(error)
    else:
        raise AssertionError("an unknown queue was accepted")


def test_a_real_worker_runs_the_job_after_commit(redis_app, tmp_path):
    brand = make_brand()
    jobs.enqueue(jobs_support.mark_done, brand.id, "queued")
    assert Queue("default", connection=get_redis()).count == 0
    db.session.commit()
    assert Queue("default", connection=get_redis()).count == 1
    assert done_labels() == []

    result = run_worker(
        redis_app.config["SQLALCHEMY_DATABASE_URI"], redis_app.config["REDIS_URL"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert done_labels() == ["queued"]
    assert Queue("default", connection=get_redis()).count == 0


def test_a_failed_job_is_retried_by_the_worker(postgres_url, redis_url, tmp_path):
    app = build_app(postgres_url, redis_url, JOB_RETRY_INTERVALS=[0, 0])
    with app.app_context():
        try:
            brand = make_brand()
            jobs.enqueue(jobs_support.fail_first_time, brand.id, "flaky")
            db.session.commit()
            result = run_worker(postgres_url, redis_url, tmp_path)
            assert result.returncode == 0, result.stderr
            assert "the first attempt fails" in result.stderr
            assert get_redis().get("attempts:flaky") == b"2"
            assert done_labels() == ["flaky"]
        finally:
            db.session.remove()
            db.engine.dispose()
            _truncate_all(app)


def test_redis_down_at_enqueue_runs_the_job_inline(postgres_url, caplog):
    app = build_app(postgres_url, "redis://127.0.0.1:1/0")
    with app.app_context():
        try:
            brand = make_brand()
            jobs.enqueue(jobs_support.mark_done, brand.id, "fallback")
            with caplog.at_level(logging.WARNING):
                db.session.commit()
            assert "running job tests.jobs_support.mark_done inline" in caplog.text
            assert done_labels() == ["fallback"]
        finally:
            db.session.remove()
            db.engine.dispose()
            _truncate_all(app)
