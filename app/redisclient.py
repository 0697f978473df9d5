"""The app's Redis connection, or None in the embedded default."""

import redis
from flask import Flask, current_app

EXTENSION_KEY = "superfan.redis"


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    # Short timeouts: a Redis that is down must cost a request milliseconds, not a hang.
    app.extensions[EXTENSION_KEY] = (
        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=2.0) if url else None
    )


def get_redis() -> redis.Redis | None:
    return current_app.extensions[EXTENSION_KEY]
