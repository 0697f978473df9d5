"""Where the bench runs (database, Redis, server) and how big its data is."""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

DATABASE = "superfan_bench"
POSTGRES_URL = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Database 14 is the bench's own: it is flushed at every run.
REDIS_URL = "redis://127.0.0.1:6379/14"
BRAND_SLUG = "bench"
# The live trivia quiz of issue #4's answer-path measurement.
QUIZ_SLUG = "bench-quiz"
QUIZ_QUESTIONS = 10
QUIZ_CHOICES = 4
# The live photo contest of the vote measurement (issue #5), and how many entries it holds.
PHOTO_SLUG = "bench-photos"
PHOTO_ENTRIES = 100

# One server setup for every HTTP measurement, so the ratios compare endpoints, not configs.
GUNICORN_WORKERS = 2
WRK_THREADS = 1
# Two requests queued per worker keep both busy without measuring mostly queueing.
WRK_CONNECTIONS = 4
# The quiz script walks each fan through serve, then answer: it must know which connection a
# response came back on, and wrk's Lua state is per thread. So one connection per thread:
# the same 4 concurrent requests on the server, only the client's load is spread differently.
QUIZ_WRK_THREADS = WRK_CONNECTIONS


@dataclass(frozen=True)
class Sizes:
    fans: int
    events: int
    campaigns: int
    wrk_seconds: int
    warmup_seconds: int
    breakdown_requests: int


FULL = Sizes(
    1_000_000, 10_000_000, campaigns=20, wrk_seconds=15, warmup_seconds=3, breakdown_requests=300
)
QUICK = Sizes(
    20_000, 200_000, campaigns=20, wrk_seconds=4, warmup_seconds=1, breakdown_requests=100
)


def make_app():
    """The project's create_app on the bench database and Redis, for every bench process."""
    from app import create_app

    # create_app reads SECRET_KEY before overrides; set, it keeps the bench out of instance/.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": POSTGRES_URL.replace(
                "postgresql://", "postgresql+psycopg://"
            ),
            "REDIS_URL": REDIS_URL,
            "LOG_LEVEL": "WARNING",
            # The bench's traffic is synthetic: analytics keeps it out of every figure.
            "ANALYTICS_EXCLUDE_TRAFFIC": "bench",
        }
    )
