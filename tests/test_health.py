"""/healthz (the process) and /readyz (PostgreSQL and migrations; Redis, workers and boards
only degrade it): open, JSON, cheap."""

import pytest
from sqlalchemy import text

from app.extensions import db
from app.models import StaleBoards
from tests.conftest import build_app
from tests.factories import make_brand

CLOSED = "postgresql+psycopg://postgres@127.0.0.1:1/superfan"
CLOSED_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_answers_without_the_database():
    app = build_app(CLOSED)
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_ready_on_the_embedded_default(app):
    response = app.test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"] == {"status": "ok", "configured": False}


@pytest.mark.postgres
def test_not_ready_while_postgresql_is_down():
    app = build_app(CLOSED)
    response = app.test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"status": "down", "error": "OperationalError"}


@pytest.mark.postgres
def test_not_ready_while_migrations_are_behind(pg_app):
    with db.engine.begin() as connection:
        (current,) = connection.execute(text("SELECT version_num FROM alembic_version")).one()
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        response = pg_app.test_client().get("/readyz")
    finally:
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": current})
    body = response.get_json()
    assert response.status_code == 503
    assert body["checks"]["database"]["status"] == "behind"
    assert body["checks"]["database"]["expected"] == [current]


@pytest.mark.postgres
def test_redis_down_is_degraded_not_down(pg_app):
    app = build_app(pg_app.config["SQLALCHEMY_DATABASE_URI"], CLOSED_REDIS)
    response = app.test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.postgres
@pytest.mark.redis
def test_no_worker_queued_jobs_and_stale_boards_are_reported(redis_app):
    from rq import Queue

    from app.redisclient import get_redis

    brand = make_brand("acme")
    db.session.add(StaleBoards(brand_id=brand.id))
    db.session.commit()
    Queue("default", connection=get_redis()).enqueue("builtins.print", "waiting")
    body = redis_app.test_client().get("/readyz").get_json()
    assert body["status"] == "degraded"
    redis_check = body["checks"]["redis"]
    assert redis_check["workers"] == 0
    assert redis_check["queued"] == {"default": 1, "low": 0}
    assert redis_check["oldest_job_seconds"] >= 0
    assert body["checks"]["boards"]["stale_brands"] == 1
    assert body["checks"]["rate_limits"]["counting_in"] == "redis"
