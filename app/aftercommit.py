"""Callbacks that run once the current transaction has committed; dropped on rollback."""

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

PENDING = "superfan.after_commit"
COMMITTED = "superfan.committed"


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run callback after the session's outermost transaction commits."""
    session.info.setdefault(PENDING, []).append(callback)


# after_commit fires for released savepoints too, so it only notes that a commit happened;
# the decision is taken when a transaction ends, and only the outermost one counts.
@event.listens_for(Session, "after_commit")
def _note_commit(session: Session) -> None:
    session.info[COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _settle(session: Session, transaction: SessionTransaction) -> None:
    committed = session.info.pop(COMMITTED, False)
    if transaction.parent is not None:
        return
    callbacks = session.info.pop(PENDING, [])
    if not committed:
        return
    for callback in callbacks:
        # A failing derived structure (a board, a job) must never undo the committed action.
        try:
            callback()
        except Exception:
            log.exception("after-commit callback %r failed", callback)
