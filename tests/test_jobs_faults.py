"""Jobs survive Redis losses and dead workers: the job table, the sweep, the lasting worker.

Real `superfan worker` processes on PostgreSQL and Redis; Redis restarts use a redis-server
of the test's own on a spare port.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from rq import Queue, Worker
from rq.job import Job as RQJob
from sqlalchemy import select

from app import jobs
from app.cli import cli
from app.extensions import db
from app.media import RENDITIONS, get_media, store_image
from app.models.job import Job
from app.redisclient import get_redis
from tests import jobs_support
from tests.conftest import ROOT, _truncate_all, build_app, run_worker
from tests.factories import make_brand
from tests.media.conftest import encoded, gradient, use_storage
from tests.test_jobs import done_labels

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
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


def session_members(session_id: int) -> list[int]:
    """Every live process of a session: RQ's work horses leave the worker's process group
    (and outlive a killed worker), but not its session."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session_id and fields[0] != "Z":
                members.append(int(stat.parent.name))
    return members


class WorkerProcess:
    """`superfan worker` (not burst) in its own session; its output goes to a file."""

    # Start-up only: a loaded machine may take long to import the app; then the test's own
    # bounds apply from the moment the worker is listed.
    READY_SECONDS = 180

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
        STARTED.append(self)

    def output(self) -> str:
        return self.log.read_text()

    def running(self) -> bool:
        assert self.process.poll() is None, f"the worker exited:\n{self.output()[-4000:]}"
        return True

    def listed(self, client: redis.Redis) -> bool:
        workers = Worker.all(connection=client)
        return self.running() and any(w.pid == self.process.pid for w in workers)

    def wait_ready(self, client: redis.Redis) -> None:
        wait_until(lambda: self.listed(client), self.READY_SECONDS, "the worker registered", self)

    def kill(self) -> None:
        """SIGKILL the worker, its scheduler and its work horse, as a crash would."""
        # The worker first: it must not see its horse die and schedule a retry.
        for pid in [self.process.pid, *session_members(self.process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.kill()


STARTED: list[WorkerProcess] = []


@pytest.fixture(autouse=True)
def no_worker_outlives_its_test():
    """A worker or horse left running would serve the next test's jobs, or hold its rows."""
    yield
    leftovers = []
    while STARTED:
        worker = STARTED.pop()
        if session_members(worker.process.pid):
            leftovers.append(worker.output()[-2000:])
        worker.kill()
    assert not leftovers, f"workers still running after the test: {leftovers}"


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


def stalled_worker(app, tmp_path, label: str) -> tuple[WorkerProcess, int]:
    """A worker whose work horse is in the middle of a job (stall_first_time) and its pid."""
    brand = make_brand()
    jobs.enqueue(jobs_support.stall_first_time, brand.id, label)
    db.session.commit()
    client = get_redis()
    worker = WorkerProcess(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["REDIS_URL"], tmp_path, *FAST
    )
    worker.wait_ready(client)
    horse = int(wait_until(lambda: client.get(f"pid:{label}"), 60, "the job started", worker))
    return worker, horse


def finishes_once_under_a_new_worker(app, tmp_path, label: str) -> None:
    [row] = job_rows()
    assert row.state == "started"
    assert done_labels() == [], "the killed run's row was rolled back"
    second = WorkerProcess(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["REDIS_URL"], tmp_path, *FAST
    )
    try:
        second.wait_ready(get_redis())
        wait_until(lambda: done_labels() == [label], 60, "the abandoned job finished", second)
        [row] = job_rows()
        assert (row.state, row.attempts) == ("done", 2)
    finally:
        assert second.stop() == 0, second.output()
    assert done_labels() == [label]
    assert "delivered again" in second.output()


def test_a_worker_killed_mid_job_leaves_it_to_the_next_worker_within_a_minute(
    pg_redis_app, tmp_path
):
    first, _horse = stalled_worker(pg_redis_app, tmp_path, "killed")
    first.kill()  # the worker first, then its horse: a crash of the whole process tree
    finishes_once_under_a_new_worker(pg_redis_app, tmp_path, "killed")


def test_a_retry_whose_scheduler_died_is_delivered_by_the_sweep_within_a_minute(
    pg_redis_app, tmp_path
):
    first, horse = stalled_worker(pg_redis_app, tmp_path, "retried")
    try:
        os.kill(horse, signal.SIGKILL)
        # The worker saw its horse die and scheduled RQ's retry (in 10 s), then dies too:
        # its scheduler's lock outlives it, so RQ alone would wait minutes for the retry.
        rq_status = lambda: RQJob.fetch(only_rq_job_id(), connection=get_redis()).get_status()  # noqa: E731
        wait_until(lambda: rq_status() == "scheduled", 30, "RQ scheduled a retry", first)
    finally:
        first.kill()
    finishes_once_under_a_new_worker(pg_redis_app, tmp_path, "retried")


def only_rq_job_id() -> str:
    [row] = job_rows()
    return jobs.rq_job_id(row.id)


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


def attempts(output: str) -> int:
    return output.count("could not connect") + output.count("Redis failed")


def test_the_worker_survives_a_redis_restart_and_stops_on_a_signal(
    postgres_url, own_redis, tmp_path
):
    app = build_app(postgres_url, own_redis.url)
    with app.app_context():
        try:
            worker = WorkerProcess(postgres_url, own_redis.url, tmp_path, *FAST)
            try:
                worker.wait_ready(own_redis.client())
                own_redis.stop()
                # Two failed attempts (RQ's own idle loop, or ours after RQ gave up): the
                # worker went on trying while Redis stayed down.
                wait_until(
                    lambda: worker.running() and attempts(worker.output()) >= 2,
                    60,
                    "the worker tried again while Redis was down",
                    worker,
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
                wait_until(lambda: worker.listed(own_redis.client()), 30, "listed again", worker)
                assert worker.process.poll() is None
            finally:
                code = worker.stop()
            assert code == 0, worker.output()
        finally:
            db.session.remove()
            db.engine.dispose()
            _truncate_all(app)
