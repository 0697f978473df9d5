"""Callbacks that run once the current transaction has committed; dropped on rollback."""

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

# {savepoint or None (the outermost transaction): callbacks registered while it was innermost}
_PENDING = "superfan.after_commit"
_COMMITTED = "superfan.committed"


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run callback after the session's outermost transaction commits.

    Registered inside a savepoint, it belongs to that savepoint: dropped if the savepoint
    rolls back, handed to the enclosing transaction if it is released.
    """
    owner = session.get_nested_transaction()
    session.info.setdefault(_PENDING, {}).setdefault(owner, []).append(callback)


def _owner(transaction: SessionTransaction | None) -> SessionTransaction | None:
    """The savepoint a transaction belongs to (flushes open subtransactions), or None."""
    while transaction is not None and not transaction.nested:
        transaction = transaction.parent
    return transaction


# after_commit fires for the outermost transaction and for released savepoints, right before
# that transaction ends; it only notes the commit, the decision is taken when it ends.
@event.listens_for(Session, "after_commit")
def _note_commit(session: Session) -> None:
    session.info[_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _settle(session: Session, transaction: SessionTransaction) -> None:
    committed = session.info.pop(_COMMITTED, False)
    if transaction.parent is not None and not transaction.nested:
        return  # a flush's subtransaction: it decides nothing
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if transaction.nested:
        callbacks = pending.pop(transaction, [])
        if committed and callbacks:
            pending.setdefault(_owner(transaction.parent), []).extend(callbacks)
        return
    # The outermost transaction ended: every savepoint inside it has ended before it.
    callbacks = session.info.pop(_PENDING).get(None, [])
    if not committed:
        return
    for callback in callbacks:
        # A failing derived structure (a board, a job) must never undo the committed action.
        try:
            callback()
        except Exception:
            log.exception("after-commit callback %r failed", callback)
