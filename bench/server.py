"""The HTTP side: gunicorn serving bench.wsgi, and wrk runs parsed into numbers."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench import settings

HERE = Path(__file__).resolve().parent
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def ensure_wrk() -> str:
    """wrk's path; installs the Debian package when running as root, else says what to do."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("bench: wrk is not installed; run `sudo apt-get install -y wrk` and retry.")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("bench: `apt-get install -y wrk` did not provide wrk; install it and retry.")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(log_path: Path):
    """Serve bench.wsgi:app with the one server config of every HTTP measurement."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(settings.GUNICORN_WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(log_path),
        # Its default socket path is per user: it would clash with any other gunicorn running.
        "--no-control-socket",
        "bench.wsgi:app",
    ]
    server = subprocess.Popen(command, cwd=settings.ROOT)
    try:
        _wait_until_up(base + "/bench/bare", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")


def wrk(
    wrk_path: str,
    url: str,
    seconds: int,
    script: str | None = None,
    args=(),
    threads: int = settings.WRK_THREADS,
) -> dict:
    """Run wrk with latency percentiles and return its numbers."""
    command = [
        wrk_path,
        f"--threads={threads}",
        f"--connections={settings.WRK_CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=10s",
        "--latency",
    ]
    if script:
        command += ["--script", str(HERE / script)]
    command.append(url)
    if args:
        command += ["--", *map(str, args)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    """The numbers of wrk's text report; latencies in milliseconds."""

    def number(pattern: str, default=None):
        found = re.search(pattern, output)
        return float(found.group(1)) if found else default

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)", 0)),
        "socket_errors": dict(
            zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)
        )
        if errors
        else {},
        "raw": output,
    }
