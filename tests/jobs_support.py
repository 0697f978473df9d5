"""Jobs the tests enqueue; a real worker imports them from here."""

import os
import time
from pathlib import Path

from flask import current_app

from app.extensions import db
from app.models import Suppression
from app.redisclient import get_redis


def mark_done(brand_id: int, label: str) -> None:
    """Leave a row behind, proving the job ran in an app context and was committed."""
    db.session.add(Suppression(brand_id=brand_id, email=f"{label}@jobs.test", reason="job"))


def fail_first_time(brand_id: int, label: str) -> None:
    """Fail on the first delivery, succeed on the retry."""
    if get_redis().incr(f"attempts:{label}") == 1:
        raise RuntimeError("the first attempt fails")
    mark_done(brand_id, label)


def always_fail(brand_id: int) -> None:
    raise RuntimeError("this job always fails")


def unblock_outbox() -> None:
    """Remove the file a test put where the outbox folder goes, so sending works again."""
    blocker = Path(current_app.instance_path) / "outbox"
    if blocker.is_file():
        blocker.unlink()


def stall_first_time(brand_id: int, label: str) -> None:
    """Write its row, then stall on the first delivery (the test kills the process there)."""
    mark_done(brand_id, label)
    db.session.flush()
    client = get_redis()
    if client.incr(f"attempts:{label}") == 1:
        client.set(f"pid:{label}", os.getpid())
        time.sleep(120)
