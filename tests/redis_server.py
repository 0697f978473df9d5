"""A redis-server of the test's own on a spare port, to stop, kill, freeze and fill."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time

import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def installed() -> bool:
    return os.access(REDIS_SERVER, os.X_OK)


class OwnRedis:
    """Keeps no copy on disk unless the test asks (`client().save()`) in `folder`; a stopped
    server therefore comes back empty, a killed one from its last saved copy."""

    def __init__(self, folder):
        self.folder, self.port, self.process = folder, spare_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> None:
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        options += ["--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"]
        self.process = subprocess.Popen([REDIS_SERVER, *options], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(redis.ConnectionError):
                self.client().ping()
                return
            assert self.process.poll() is None, "redis-server exited at start"
            assert time.monotonic() < deadline, "redis-server did not answer within 30 s"
            time.sleep(0.05)

    def stop(self) -> None:
        """SHUTDOWN NOSAVE, as an operator's restart of a Redis that keeps nothing on disk."""
        self.thaw()
        with contextlib.suppress(redis.ConnectionError):
            self.client().shutdown(nosave=True)
        self.process.wait(10)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def fill(self) -> None:
        """Reach `maxmemory`: every write is refused with Redis's out-of-memory error."""
        client = self.client()
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

    def close(self) -> None:
        """Whatever state the test left it in (frozen included), it is gone."""
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.kill()
