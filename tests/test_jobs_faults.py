"""Jobs survive Redis losses and dead workers: the job table, the sweep, the lasting worker.

Real `superfan worker` processes on PostgreSQL and Redis; Redis restarts use a redis-server
of the test's own on a spare port.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
import redis
from rq import Queue, Worker
from sqlalchemy import select

from app import jobs
from app.cli import cli
from app.extensions import db
from app.media import RENDITIONS, get_media, store_image
from app.models.job import Job
from app.redisclient import get_redis
from tests import jobs_support
from tests.conftest import ROOT, _truncate_all, build_app, missing_service, run_worker
from tests.factories import make_brand
from tests.media.conftest import encoded, gradient, use_storage
from tests.test_jobs import done_labels

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# Short thresholds, so that the tests wait seconds; production runs 20 s and 45 s.
FAST = ["--sweep-every", "0.5", "--abandoned-after", "3"]


def wait_until(predicate, timeout: float, what: str, worker=None):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        seen = f"\nworker output:\n{worker.output()[-4000:]}" if worker is not None else ""
        assert time.monotonic() < deadline, f"{what} within {timeout} s{seen}"
        time.sleep(0.2)


class WorkerProcess:
    """`superfan worker` (not burst) in its own session; its output goes to a file."""

    def __init__(self, database_url: str, redis_url: str, folder, *options: str):
        self.log = folder / f"worker-{time.monotonic_ns()}.log"
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            SUPERFAN_INSTANCE_PATH=str(folder),
            SECRET_KEY="test",
            PYTHONPATH=str(ROOT),
        )
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "worker", *options],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text()

    def kill(self) -> None:
        """SIGKILL the worker and its scheduler (one process group), as a crash would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.kill()


def job_rows() -> list[Job]:
    db.session.expire_all()
    rows = list(db.session.scalars(select(Job)))
    db.session.commit()
    return rows


@pytest.fixture
def pg_redis_app(postgres_url, redis_url):
    app = build_app(postgres_url, redis_url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    _truncate_all(app)


def lose_redis_jobs(client: redis.Redis) -> None:
    """What a Redis restart without a copy on disk does to RQ's queues and jobs."""
    for key in client.scan_iter("rq:*"):
        client.delete(key)


def test_a_job_killed_mid_run_finishes_exactly_once_through_the_sweep(pg_redis_app, tmp_path):
    app = pg_redis_app
    brand = make_brand()
    jobs.enqueue(jobs_support.stall_first_time, brand.id, "killed")
    db.session.commit()
    database_url, redis_url = app.config["SQLALCHEMY_DATABASE_URI"], app.config["REDIS_URL"]
    client = get_redis()

    first = WorkerProcess(database_url, redis_url, tmp_path, *FAST)
    try:
        horse = int(wait_until(lambda: client.get("pid:killed"), 30, "the job started"))
        os.kill(horse, signal.SIGKILL)
    finally:
        first.kill()
    [row] = job_rows()
    assert row.state == "started"
    assert done_labels() == [], "the killed run's row was rolled back"

    second = WorkerProcess(database_url, redis_url, tmp_path, *FAST)
    try:
        wait_until(lambda: done_labels() == ["killed"], 60, "the abandoned job finished")
        [row] = job_rows()
        assert (row.state, row.attempts) == ("done", 2)
    finally:
        assert second.stop() == 0, second.output()
    assert done_labels() == ["killed"]
    assert "delivered again" in second.output()


def test_a_job_redis_lost_is_delivered_again_by_the_sweep(pg_redis_app, tmp_path):
    app = pg_redis_app
    brand = make_brand()
    jobs.enqueue(jobs_support.mark_done, brand.id, "lost")
    db.session.commit()
    lose_redis_jobs(get_redis())
    database_url, redis_url = app.config["SQLALCHEMY_DATABASE_URI"], app.config["REDIS_URL"]
    assert run_worker(database_url, redis_url, tmp_path).returncode == 0
    assert done_labels() == [], "Redis lost the job"

    result = app.test_cli_runner().invoke(cli, ["jobs", "sweep", "--abandoned-after", "0"])
    assert result.exit_code == 0, result.output
    assert "1 jobs delivered again" in result.output
    assert Queue("default", connection=get_redis()).count == 1

    worker = run_worker(database_url, redis_url, tmp_path)
    assert worker.returncode == 0, worker.stderr
    assert done_labels() == ["lost"]
    [row] = job_rows()
    assert (row.state, row.attempts) == ("done", 1)

    again = app.test_cli_runner().invoke(cli, ["jobs", "sweep", "--abandoned-after", "0"])
    assert "0 jobs delivered again" in again.output


def test_a_photo_whose_renditions_job_was_lost_gets_them_after_the_sweep(pg_redis_app, tmp_path):
    app = pg_redis_app
    use_storage(tmp_path / "instance" / "media")
    brand = make_brand()
    media = store_image(
        encoded(gradient((1200, 900)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    db.session.commit()
    lose_redis_jobs(get_redis())
    database_url, redis_url = app.config["SQLALCHEMY_DATABASE_URI"], app.config["REDIS_URL"]

    result = app.test_cli_runner().invoke(cli, ["jobs", "sweep", "--abandoned-after", "0"])
    assert "1 jobs delivered again" in result.output, result.output
    worker = run_worker(database_url, redis_url, tmp_path / "instance")
    assert worker.returncode == 0, worker.stderr

    db.session.expire_all()
    assert set(get_media(media.key).renditions) == set(RENDITIONS)


def test_without_redis_the_sweep_runs_a_lost_job_inline(app):
    brand = make_brand()
    db.session.commit()
    # An inline run that never happened: the process died between the commit and the run.
    db.session.add(
        Job(path="tests.jobs_support.mark_done", args=[brand.id, "orphan"], queue="default")
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(cli, ["jobs", "sweep", "--abandoned-after", "0"])
    assert "1 jobs delivered again" in result.output, result.output
    assert done_labels() == ["orphan"]
    assert [row.state for row in job_rows()] == ["done"]


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of this test; it keeps nothing on disk, so a restart empties it."""

    def __init__(self, folder):
        self.folder, self.port, self.process = folder, spare_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> None:
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            [REDIS_SERVER, *options, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )

        def answers():
            with contextlib.suppress(redis.ConnectionError):
                return self.client().ping()

        wait_until(answers, 10, "redis-server answered")

    def stop(self) -> None:
        with contextlib.suppress(redis.ConnectionError):
            self.client().shutdown(nosave=True)
        self.process.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    if not os.access(REDIS_SERVER, os.X_OK):
        missing_service(f"redis-server is not installed at {REDIS_SERVER}")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait(10)


def test_the_worker_survives_a_redis_restart_and_stops_on_a_signal(
    postgres_url, own_redis, tmp_path
):
    app = build_app(postgres_url, own_redis.url)
    with app.app_context():
        try:
            worker = WorkerProcess(postgres_url, own_redis.url, tmp_path, *FAST)
            try:
                listed = lambda: len(Worker.all(connection=own_redis.client())) == 1  # noqa: E731
                wait_until(listed, 30, "the worker registered")
                own_redis.stop()
                wait_until(
                    lambda: (
                        "could not connect" in worker.output() or "Redis failed" in worker.output()
                    ),
                    30,
                    "the worker saw Redis go",
                )
                own_redis.start()

                brand = make_brand()
                jobs.enqueue(jobs_support.mark_done, brand.id, "after-restart")
                db.session.commit()
                wait_until(
                    lambda: done_labels() == ["after-restart"],
                    90,
                    "the job ran after the restart",
                    worker,
                )
                wait_until(listed, 30, "the worker was listed again")
                assert worker.process.poll() is None
            finally:
                code = worker.stop()
            assert code == 0, worker.output()
        finally:
            db.session.remove()
            db.engine.dispose()
            _truncate_all(app)
