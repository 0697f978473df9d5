"""Fixtures: an app on a freshly migrated SQLite or PostgreSQL database, and real Redis.

Tests that need PostgreSQL or Redis skip with a reason when the service is absent, except
under CI=true, where a missing service fails the run.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url

_instance = tempfile.mkdtemp(prefix="superfan-test-instance-")
os.environ["SUPERFAN_INSTANCE_PATH"] = _instance
for key in ("DATABASE_URL", "REDIS_URL"):
    os.environ.pop(key, None)

from app import create_app  # noqa: E402 - after the environment is set for the tests
from app.extensions import db  # noqa: E402
from tests import redis_server  # noqa: E402

IN_CI = os.environ.get("CI") == "true"
POSTGRES_URL = os.environ.get(
    "SUPERFAN_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/superfan_test"
)
REDIS_URL = os.environ.get("SUPERFAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TEST_KIND_PACKAGES = ("games", "contests", "tests.kinds")
SHARED = Path(__file__).resolve().parents[2] / "shared"
# Debian's Chromium, never a downloaded browser; these flags keep it off the closed network.
CHROMIUM = os.environ.get("SUPERFAN_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def missing_service(reason: str):
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


class IsolatedClient(FlaskClient):
    """A browser: each request in its own app context, as in production (fresh `g`, session).

    Fixtures keep one app context open for the whole test and Flask would reuse it for every
    request, leaking `g` between requests. The test's own rows are committed first, so the
    request sees them and SQLite is not locked by the test's open transaction.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def build_app(database_url: str, redis_url: str | None = None, **config):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": redis_url,
            "KIND_PACKAGES": TEST_KIND_PACKAGES,
            **config,
        }
    )
    app.test_client_class = IsolatedClient
    return app


ROOT = Path(__file__).resolve().parents[1]


def run_worker(database_url: str, redis_url: str, instance_path) -> subprocess.CompletedProcess:
    """A real `superfan worker --burst` process: it serves the queued jobs, then exits."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SUPERFAN_INSTANCE_PATH=str(instance_path),
        SECRET_KEY="test",
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "worker", "--burst"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def migrate(database_url: str) -> None:
    app = build_app(database_url)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "superfan.db"
    migrate(f"sqlite:///{path}")
    return path


def _admin_connection(url: str):
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        dbname="postgres",
        autocommit=True,
        connect_timeout=2,
    )


@pytest.fixture(scope="session")
def postgres_url():
    """A database of this test run's own, migrated from empty, dropped at the end.

    Its own, so that several runs at once (developers, CI) never reset each other's tables.
    """
    url = make_url(POSTGRES_URL)
    url = url.set(database=f"{url.database}_{os.getpid()}")
    try:
        admin = _admin_connection(POSTGRES_URL)
    except psycopg.OperationalError as error:
        missing_service(f"PostgreSQL is not reachable at {url.host}:{url.port} ({error})")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.database}"')
        admin.execute(f'CREATE DATABASE "{url.database}"')
    rendered = url.render_as_string(hide_password=False)
    migrate(rendered)
    yield rendered
    with _admin_connection(POSTGRES_URL) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


OWNER_KEY = "superfan:test-run"
# Refreshed by every test; a killed run frees its database within this time.
CLAIM_SECONDS = 600


def _claim_redis_db(base_url: str) -> redis.Redis:
    """A Redis database number that no other running test session holds."""
    for number in range(1, 14):  # 14 and 15 are left to `make bench`
        # The number goes in the URL: from_url lets a URL's own /0 override a db= argument.
        url = urlsplit(base_url)._replace(path=f"/{number}").geturl()
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        if client.set(OWNER_KEY, os.getpid(), nx=True, ex=CLAIM_SECONDS):
            return client
    pytest.fail("every Redis database is held by another test run", pytrace=False)


@pytest.fixture(scope="session")
def redis_session():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        missing_service(f"Redis is not reachable at {REDIS_URL} ({error})")
    client = _claim_redis_db(REDIS_URL)
    yield client
    client.flushdb()


@pytest.fixture
def redis_url(redis_session):
    """A clean Redis database for this test; the ownership key survives the flush."""
    kwargs = redis_session.connection_pool.connection_kwargs

    def clean():
        redis_session.flushdb()
        redis_session.set(OWNER_KEY, os.getpid(), ex=CLAIM_SECONDS)

    clean()
    yield f"redis://{kwargs['host']}:{kwargs['port']}/{kwargs['db']}"
    clean()


def _truncate_all(app) -> None:
    with app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    path = tmp_path / "superfan.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def _app_context(app):
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(sqlite_url):
    """The embedded default: SQLite, no Redis. Yields inside an app context."""
    yield from _app_context(build_app(sqlite_url))


@pytest.fixture
def pg_app(request):
    """PostgreSQL, no Redis; tables emptied after the test."""
    url = request.getfixturevalue("postgres_url")
    app = build_app(url)
    yield from _app_context(app)
    _truncate_all(app)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    """The same test on the embedded SQLite and on the real PostgreSQL."""
    yield request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture(params=["sql-sqlite", "sql-postgresql", "redis-postgresql"])
def board_app(request):
    """Each leaderboard backend: SQL on both databases, and Redis over PostgreSQL."""
    if request.param == "sql-sqlite":
        yield request.getfixturevalue("app")
        return
    url = request.getfixturevalue("postgres_url")
    redis_url = request.getfixturevalue("redis_url") if request.param.startswith("redis") else None
    app = build_app(url, redis_url)
    yield from _app_context(app)
    _truncate_all(app)


@pytest.fixture
def redis_app(request):
    """Production mode: PostgreSQL and Redis."""
    url = request.getfixturevalue("postgres_url")
    app = build_app(url, request.getfixturevalue("redis_url"))
    yield from _app_context(app)
    _truncate_all(app)


class Clock:
    """The server's time (`app.clock.now`) as the core and every kind see it, moved by the test."""

    def __init__(self):
        self._at = datetime.now(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("the server's clock is timezone-aware: give a time with its zone")
        self._at = at.astimezone(UTC)

    def advance(self, seconds: float = 0, **delta) -> None:
        """Move on (or back): advance(61) in seconds, or advance(days=1) as timedelta takes."""
        self._at += timedelta(seconds=seconds, **delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The server's clock, stopped at the start of the test until the test moves it."""
    fake = Clock()
    monkeypatch.setattr("app.clock.now", fake.now)
    return fake


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own on a spare port (tests/redis_server.py)."""
    if not redis_server.installed():
        missing_service(f"redis-server is not installed at {redis_server.REDIS_SERVER}")
    server = redis_server.OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run: Playwright allows one instance per thread."""
    if not shutil.which(CHROMIUM):
        missing_service(f"Chromium is not installed at {CHROMIUM} (make test installs Debian's)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def corpus() -> Path:
    """The shared upload corpus; absent on a newcomer's machine."""
    uploads = SHARED / "corpus" / "uploads"
    if not uploads.is_dir():
        pytest.skip(f"the shared corpus is not here ({uploads})")
    return uploads
