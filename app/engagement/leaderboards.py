"""The leaderboard service: Redis when configured, SQL otherwise, SQL again if Redis fails.

Redis boards move after commit by each transaction's increments, tagged with its id; a write
Redis refuses marks the brand's boards stale and a job rebuilds them (healing.py). Boards
Redis lost or does not hold yet are read from SQL until then.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

import redis
from flask import has_app_context
from sqlalchemy import event, text
from sqlalchemy.orm import object_session

from app.aftercommit import after_commit
from app.engagement import healing
from app.engagement.boards import Board, Standing
from app.engagement.names import display_names
from app.engagement.redis_boards import BoardsNotReady, RedisBoards
from app.engagement.sql_boards import SQLBoards
from app.extensions import db
from app.models import Brand
from app.redisclient import get_redis

log = logging.getLogger(__name__)
BATCH = "superfan.board_increments"


def backend() -> RedisBoards | SQLBoards:
    client = get_redis()
    return RedisBoards(client) if client is not None else SQLBoards()


def _read(method: str, *args):
    board_backend = backend()
    try:
        return getattr(board_backend, method)(*args)
    except BoardsNotReady as missing:
        # Lost with a Redis restart, or never built: SQL answers until the rebuild is done.
        healing.request_quietly(missing.brand_id)
    except redis.RedisError as error:
        # The database holds the truth; a slower answer beats no answer.
        log.warning("Redis unavailable for leaderboard read (%s); reading from SQL", error)
    return getattr(SQLBoards(), method)(*args)


def top(board: Board, limit: int = 100, offset: int = 0) -> list[Standing]:
    return _read("top", board, limit, offset)


def standing(board: Board, fan_id: int) -> Standing | None:
    return _read("standing", board, fan_id)


def size(board: Board) -> int:
    return _read("size", board)


def around(board: Board, fan_id: int, radius: int = 2) -> list[Standing]:
    """The fan's standing with up to `radius` fans just above and just below."""
    mine = standing(board, fan_id)
    if mine is None:
        return []
    first = max(mine.rank - 1 - radius, 0)
    return top(board, mine.rank - first + radius, first)


@dataclass(frozen=True)
class Named:
    """A standing with the fan's display name, as a fan's leaderboard shows it."""

    fan_id: int
    rank: int
    value: float
    name: str


@dataclass(frozen=True)
class Page:
    """What one fan sees: the board's top, their own standing and their neighbours."""

    top: list[Named]
    mine: Named | None
    around: list[Named]


def page(board: Board, fan_id: int, limit: int = 100, radius: int = 2) -> Page:
    """The board's top `limit` and the fan's neighbourhood, named; scores always fresh.

    On Redis: one round trip for the board, one for the names (cached briefly, see names.py).
    """
    best, near = _read("top_and_around", board, fan_id, limit, radius)
    known = display_names(s.fan_id for s in (*best, *near))

    def named(standings: list[Standing]) -> list[Named]:
        return [Named(s.fan_id, s.rank, s.value, known.get(s.fan_id, "")) for s in standings]

    around = named(near)
    mine = next((s for s in around if s.fan_id == fan_id), None)
    return Page(named(best), mine, around)


@dataclass
class _Batch:
    """One transaction's (or savepoint's) increments, applied together after the commit."""

    transaction: object
    tag: str | None
    increments: list = field(default_factory=list)


def apply_after_commit(increments: list[tuple[Board, int, float]], tag: str | None = None) -> None:
    """Move the boards once the action that earned the points is committed.

    `tag` is the transaction's id (record() reads it with its INSERT); without it, it is
    asked for. Every call of one transaction joins one batch: one Redis round trip. A
    savepoint has a batch of its own, which after_commit drops if the savepoint rolls back.
    """
    if not increments or get_redis() is None:
        return
    session = db.session()
    transaction = session.get_nested_transaction() or session.get_transaction()
    batch = session.info.get(BATCH)
    if batch is None or batch.transaction is not transaction:
        batch = session.info[BATCH] = _Batch(transaction, tag or _transaction_tag(session))
        after_commit(session, partial(_apply, batch))
    batch.increments.extend(increments)


def _transaction_tag(session) -> str | None:
    """The PostgreSQL transaction's id: a rebuild's snapshot tells whether it counted it."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return session.scalar(text("SELECT pg_current_xact_id()::text"))


def _apply(batch: _Batch) -> None:
    brand_ids = {board.brand_id for board, _, _ in batch.increments}
    try:
        lost, sweep = RedisBoards(get_redis()).apply(batch.tag, batch.increments)
    except redis.RedisError as error:
        log.warning(
            "Redis unavailable; %d leaderboard increments not applied (%s). The boards of "
            "brands %s are marked stale and are rebuilt once Redis answers.",
            len(batch.increments),
            error,
            sorted(brand_ids),
        )
        healing.mark_stale(brand_ids)
        return
    for brand_id in sorted(lost):
        healing.request_quietly(brand_id)
    healing.after_good_write()
    if sweep:
        healing.enqueue_sweep_quietly()


@event.listens_for(Brand, "after_insert")
def _new_brand(_mapper, _connection, brand: Brand) -> None:
    if has_app_context() and get_redis() is not None:
        after_commit(object_session(brand), partial(_start_boards, brand.id))


def _start_boards(brand_id: int) -> None:
    try:
        RedisBoards(get_redis()).init(brand_id)
    except redis.RedisError as error:
        # Its first write finds no boards and asks for a rebuild.
        log.warning("Redis unavailable; the boards of new brand %s wait (%s)", brand_id, error)
