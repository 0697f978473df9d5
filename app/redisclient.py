"""The app's Redis connection, or None in the embedded default."""

import redis
from flask import Flask, current_app
from redis.backoff import NoBackoff
from redis.retry import Retry

EXTENSION_KEY = "superfan.redis"
# For every Redis client the app makes (this one, the rate limiter's): a Redis that is down,
# full or frozen must cost a request one short timeout, not a hang. redis-py retries three
# times by default, which turned a frozen Redis into waits of 5 to 9 s per request.
CLIENT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 1.0,
    "retry": Retry(NoBackoff(), 0),
}


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions[EXTENSION_KEY] = redis.Redis.from_url(url, **CLIENT_OPTIONS) if url else None


def get_redis() -> redis.Redis | None:
    return current_app.extensions[EXTENSION_KEY]
