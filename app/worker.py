"""`superfan worker`: RQ's worker, kept alive through Redis outages, with the job sweep.

RQ's own loop quits on a Redis timeout, an out-of-memory answer or a lost connection while
busy, and a worker that lived through a Redis restart was no longer listed. Here a worker
that quits without a signal is started again with back-off, re-registers itself when Redis
forgot it, and a thread sweeps the job table (app/job_sweep.py) every few seconds.
"""

import logging
import signal
import threading

import redis
from flask import Flask
from rq import Worker, worker_registration

from app import jobs
from app.extensions import db
from app.job_sweep import sweep

log = logging.getLogger(__name__)

SWEEP_SECONDS = 20
# Held by the sweep thread while it works and by the worker while it forks a work horse: a
# fork copies every lock as it is at that instant, and a horse forked while the sweep held,
# say, SQLAlchemy's mapper-configuration lock waited on it forever.
_FORK_GUARD = threading.Lock()
# Short: a reconnect attempt costs one refused connection, and jobs wait for it.
MAX_BACKOFF_SECONDS = 10


class _Worker(Worker):
    """RQ's worker, polling its control channel every second rather than every minute,
    re-registering after a Redis restart, and remembering that a signal asked it to stop.

    On shutdown RQ unsubscribes, then stops the polling thread, and redis-py 8 waits for it:
    the thread may first sit out its whole poll, so a worker (a burst one too, after its last
    job) took up to a minute to exit.
    """

    signalled = False
    # RQ's idle loop retries a lost Redis by itself, backing off to a minute by default.
    max_connection_wait_time = MAX_BACKOFF_SECONDS

    def subscribe(self):
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
        )

    def request_stop(self, signum, frame):
        self.signalled = True
        super().request_stop(signum, frame)

    def request_force_stop(self, signum, frame):
        self.signalled = True
        super().request_force_stop(signum, frame)

    def heartbeat(self, timeout=None, pipeline=None):
        # An emptied Redis lost the worker's registration; a heartbeat alone would only
        # recreate its key, unlisted.
        if pipeline is None and not self.connection.sismember(
            worker_registration.REDIS_WORKER_KEYS, self.key
        ):
            log.warning("Worker %s: Redis forgot it; registering again", self.name)
            with self.connection.pipeline() as pipe:
                pipe.hset(self.key, mapping=self.serialize())
                worker_registration.register(self, pipe)
                pipe.execute()
        super().heartbeat(timeout, pipeline)

    def fork_work_horse(self, job, queue):
        with _FORK_GUARD:
            super().fork_work_horse(job, queue)

    def main_work_horse(self, job, queue):
        # The forked horse must not share the parent's database connections (the sweep's).
        if jobs._worker_app is not None:
            with jobs._worker_app.app_context():
                db.engine.dispose(close=False)
        super().main_work_horse(job, queue)


class _Sweeper(threading.Thread):
    """Runs the sweep every few seconds in the worker process, whatever Redis does."""

    def __init__(self, app: Flask, every: float):
        super().__init__(daemon=True, name="job-sweep")
        self.app = app
        self.every = every
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                with _FORK_GUARD, self.app.app_context():
                    sweep()
            except Exception:
                log.exception("job sweep failed")
            self.stopping.wait(self.every)


def work(
    app: Flask,
    queues: tuple[str, ...],
    burst: bool = False,
    sweep_every: float = SWEEP_SECONDS,
    abandoned_after: float | None = None,
) -> None:
    """Serve jobs from Redis until a signal stops it (or the queues are empty, with burst)."""
    client = app.extensions["superfan.redis"]
    if client is None:
        raise RuntimeError(
            "REDIS_URL is not set: without Redis, jobs run inline and need no worker"
        )
    if abandoned_after is not None:
        app.config["JOB_ABANDONED_SECONDS"] = abandoned_after
    jobs._worker_app = app
    queues = queues or jobs.QUEUES
    if burst:
        _Worker(queues, connection=client).work(burst=True, with_scheduler=True)
        return
    sweeper = _Sweeper(app, sweep_every)
    sweeper.start()
    stopping = threading.Event()
    backoff = 1.0
    try:
        while not stopping.is_set():
            worked, signalled = _serve_once(queues, client)
            if signalled or stopping.is_set():
                return
            if worked:
                backoff = 1.0
            log.warning("The worker stopped without a signal; starting again in %.0f s", backoff)
            # RQ's handlers belong to the worker that quit; a signal now must still stop us.
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.set())
            if stopping.wait(backoff):
                return
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
    finally:
        sweeper.stopping.set()


def _serve_once(queues: tuple[str, ...], client: redis.Redis) -> tuple[bool, bool]:
    """One RQ worker's life: whether it did any work, and whether a signal ended it."""
    worker = None
    try:
        # Creating the worker already talks to Redis (it names its connection): inside the try.
        worker = _Worker(queues, connection=client)
        return worker.work(with_scheduler=True), worker.signalled
    except redis.RedisError as error:
        log.error("Worker: Redis failed (%s)", error)
        return False, worker is not None and worker.signalled
    finally:
        if worker is not None:
            _quietly_unsubscribe(worker)


def _quietly_unsubscribe(worker: _Worker) -> None:
    """Stop the control channel's thread of a worker that quit, even with Redis down."""
    thread = getattr(worker, "pubsub_thread", None)
    if thread is not None and thread.is_alive():
        thread.stop()
        thread.join(timeout=5)
