"""Fan actions while Redis is full, frozen or down, and while PostgreSQL does not answer.

The Redis here is a server of this test's own on a spare port, so stopping, freezing
(SIGSTOP) and filling it never touches the shared one.
"""

import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from sqlalchemy import func, select

from app.extensions import db
from app.models import EngagementEvent
from contests.photo.models import PhotoVote
from tests.conftest import _truncate_all, build_app, missing_service
from tests.contests.conftest import Fan, make_contest, photo
from tests.factories import make_brand

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

REDIS_SERVER = "/usr/bin/redis-server"
# Generous: the Redis timeouts are 0.5 s to connect and 1 s per call, with no retries.
REQUEST_BOUND_SECONDS = 5.0
VOTERS = 6


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server process on a spare port, with nothing kept on disk."""

    def __init__(self, workdir):
        self.port = _spare_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def fill(self) -> None:
        client = self.client()
        client.config_set("maxmemory-policy", "noeviction")
        client.config_set("maxmemory", "1mb")
        chunk = "x" * 10_000
        try:
            for n in range(10_000):
                client.set(f"filler:{n}", chunk)
        except redis.ResponseError as error:
            assert "maxmemory" in str(error)
        else:
            raise AssertionError("Redis never filled up")

    def empty(self) -> None:
        client = self.client()
        client.flushall()
        client.config_set("maxmemory", "0")


@pytest.fixture
def own_redis(tmp_path):
    if not os.path.exists(REDIS_SERVER):
        missing_service(f"{REDIS_SERVER} is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()  # resumes it first if a test left it frozen


@pytest.fixture
def fault_app(request, own_redis):
    """PostgreSQL and the test's own Redis."""
    url = request.getfixturevalue("postgres_url")
    app = build_app(url, own_redis.url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    _truncate_all(app)


def _browser(app, *, signed_in: bool, subject: str | None = None) -> Fan:
    app.test_client_class = Fan
    browser = app.test_client()
    browser.visit()
    if signed_in:
        browser.sign_in(subject)
    return browser


def _timed_vote(voter: Fan, entry_id: int):
    started = time.monotonic()
    with voter.application.app_context():  # a thread of its own, as a server's would be
        response = voter.post(
            f"{voter.base}entries/{entry_id}/vote", json={}, headers={"X-CSRFToken": voter.token}
        )
    return response.status_code, time.monotonic() - started, response.get_data(as_text=True)


def _burst(voters, entry_id):
    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(lambda voter: _timed_vote(voter, entry_id), voters))


def test_votes_succeed_once_while_redis_is_full_frozen_or_down(fault_app, own_redis):
    brand = make_brand("acme", name="Acme Coffee")
    db.session.commit()
    make_contest(brand, moderation="post", max_entries_per_fan=5)
    authors = [_browser(fault_app, signed_in=False) for _ in range(3)]
    entries = [author.upload(photo(n))["entry"]["id"] for n, author in enumerate(authors)]
    voters = [_browser(fault_app, signed_in=True, subject=f"voter-{n}") for n in range(VOTERS)]

    faults = {
        "full": (own_redis.fill, own_redis.empty),
        "frozen": (own_redis.freeze, own_redis.thaw),
        "down": (own_redis.stop, lambda: None),
    }
    timings = {}
    for (name, (break_it, mend_it)), entry_id in zip(faults.items(), entries, strict=True):
        break_it()
        try:
            results = _burst(voters, entry_id)
        finally:
            mend_it()
        for status, _, body in results:
            assert status == 200, f"Redis {name}: {status} {body[:300]}"
        timings[name] = max(seconds for _, seconds, _ in results)

    print("slowest vote per fault (s):", {k: round(v, 2) for k, v in timings.items()})
    for name, seconds in timings.items():
        assert seconds < REQUEST_BOUND_SECONDS, f"Redis {name}: a vote took {seconds:.1f} s"
    db.session.rollback()
    per_entry = dict(
        db.session.execute(
            select(PhotoVote.entry_id, func.count()).group_by(PhotoVote.entry_id)
        ).all()
    )
    assert per_entry == dict.fromkeys(entries, VOTERS)
    cast = db.session.scalar(
        select(func.count()).where(EngagementEvent.type == "vote_cast").select_from(EngagementEvent)
    )
    assert cast == VOTERS * len(entries)


def test_the_limits_still_hold_in_memory_while_redis_is_down(fault_app, own_redis):
    """The vote's own limit keeps counting per fan while Redis is away: not simply off."""
    brand = make_brand("acme", name="Acme Coffee")
    db.session.commit()
    make_contest(brand, moderation="post", max_entries_per_fan=5)
    voter = _browser(fault_app, signed_in=True)
    own_redis.stop()
    statuses = [_timed_vote(voter, 999_999)[0] for _ in range(61)]
    # 60 per minute: the unknown entry is refused 60 times (404), then the limit answers.
    assert statuses[:60] == [404] * 60
    assert statuses[60] == 429
