"""Files written during a database transaction that must disappear if it does not commit."""

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.media.storage import Storage

log = logging.getLogger(__name__)

WRITTEN = "superfan.media_written"


def delete_unless_committed(session: Session, storage: Storage, name: str) -> None:
    """Delete storage file `name` when the session's current transaction rolls back or closes."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:
        raise RuntimeError("no transaction in progress: flush the row before tracking its file")
    session.info.setdefault(WRITTEN, []).append((transaction, storage, name))


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _delete(entries) -> None:
    for _, storage, name in entries:
        # Runs inside SQLAlchemy's rollback: a storage hiccup must not mask the real error.
        try:
            storage.delete(name)
        except Exception:
            log.exception("could not delete media file %s after a rollback", name)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    written = session.info.get(WRITTEN)
    if not written:
        return
    # after_commit also fires when a savepoint is released: its files then belong to the
    # enclosing transaction, which may still roll back.
    committing = session.get_nested_transaction()
    if committing is None:
        session.info.pop(WRITTEN)
        return
    session.info[WRITTEN] = [
        (committing.parent if _within(tx, committing) else tx, storage, name)
        for tx, storage, name in written
    ]


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    written = session.info.get(WRITTEN)
    if not written:
        return
    lost = [entry for entry in written if _within(entry[0], previous_transaction)]
    session.info[WRITTEN] = [entry for entry in written if entry not in lost]
    _delete(lost)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended without after_commit: rolled back, or closed unfinished.
    if transaction.parent is None and not transaction.nested:
        _delete(session.info.pop(WRITTEN, []))
