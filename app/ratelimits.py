"""Rate-limit counters on Redis that fall back to this process's memory while Redis fails.

Flask-Limiter's own fallback swaps the route's limits for one global list, and without one
asks Redis again on every request; here the same limits keep holding, counted in memory,
and Redis is tried again only after a pause, so a Redis that is down, full or frozen costs
one request one short timeout per pause, never an error. Each switch is logged and counted
(`/readyz` shows the count).
"""

import logging
import threading
import time
from typing import ClassVar

import redis
from limits.storage import MemoryStorage, RedisStorage, Storage

from app.redisclient import CLIENT_OPTIONS

log = logging.getLogger(__name__)

SCHEME = "superfan+redis"
# How long the counters stay in memory after Redis failed, before Redis is tried again.
RETRY_AFTER_SECONDS = 5.0


class FallbackStorage(Storage):
    """Redis while it answers, this process's memory for a pause after any Redis error."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME, SCHEME + "s"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        redis_uri = uri.removeprefix("superfan+")
        self.redis = RedisStorage(redis_uri, **{**CLIENT_OPTIONS, **options})
        self.memory = MemoryStorage()
        self.fallbacks = 0
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def base_exceptions(self):
        return redis.RedisError

    @property
    def in_memory(self) -> bool:
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args):
        if not self.in_memory:
            try:
                return getattr(self.redis, name)(*args)
            except redis.RedisError as error:
                self._fall_back(error)
        return getattr(self.memory, name)(*args)

    def _fall_back(self, error: Exception) -> None:
        with self._lock:
            if not self.in_memory:
                self.fallbacks += 1
                log.warning(
                    "Redis unavailable for rate limits (%s); counting in memory for %.0f s",
                    error,
                    RETRY_AFTER_SECONDS,
                )
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self._call("incr", key, expiry, amount)

    def get(self, key: str) -> int:
        return self._call("get", key)

    def get_expiry(self, key: str) -> float:
        return self._call("get_expiry", key)

    def clear(self, key: str) -> None:
        self._call("clear", key)

    def reset(self) -> int | None:
        self.memory.reset()
        return None if self.in_memory else self._call("reset")

    def check(self) -> bool:
        # The limiter's own fallback never starts: this storage always has an answer.
        return True


def storage_uri(redis_url: str | None) -> str:
    """The limiter's storage for the app's Redis URL: memory without Redis."""
    if not redis_url:
        return "memory://"
    return "superfan+" + redis_url


def status(storage: Storage) -> dict | None:
    """Where this process counts now, and how often it fell back; None without Redis."""
    if not isinstance(storage, FallbackStorage):
        return None
    counting_in = "memory" if storage.in_memory else "redis"
    return {"status": "ok", "counting_in": counting_in, "fallbacks": storage.fallbacks}
