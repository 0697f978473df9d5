"""A unit of work run again when PostgreSQL aborts it to break a deadlock or a conflict.

Locks are taken in a fixed order (fan profiles by id, then the rows they act on), so
deadlocks should not happen; one that does anyway must cost a retry, never an error the fan
sees or a fraud signal lost. The unit must be the whole transaction: it starts from a clean
session and ends with its commit, which is where a conflict may surface.
"""

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from app.extensions import db

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 4
# deadlock_detected and serialization_failure: the transaction was rolled back, try again.
RETRIED_STATES = {"40P01", "40001"}


def is_conflict(error: BaseException) -> bool:
    return getattr(getattr(error, "orig", None), "sqlstate", None) in RETRIED_STATES


def retrying(unit: Callable[[], T], *, attempts: int = ATTEMPTS, reset=None) -> T:
    """unit(), run again after a rollback (and reset()) while PostgreSQL aborts it for a
    conflict."""
    for attempt in range(1, attempts + 1):
        try:
            return unit()
        except DBAPIError as error:
            if not is_conflict(error) or attempt == attempts:
                raise
            db.session.rollback()
            if reset is not None:
                reset()
            log.warning("%s: attempt %d of %d rolled back, retrying", error.orig, attempt, attempts)
            # A little random wait, so the two parties do not meet again in the same order.
            time.sleep(random.uniform(0, 0.05 * attempt))
    raise AssertionError("unreachable")
