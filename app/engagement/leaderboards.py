"""The leaderboard service: Redis when configured, SQL otherwise, SQL again if Redis fails."""

import logging
from functools import partial

import redis

from app.aftercommit import after_commit
from app.engagement.boards import Board, Standing
from app.engagement.redis_boards import RedisBoards
from app.engagement.sql_boards import SQLBoards
from app.extensions import db
from app.redisclient import get_redis

log = logging.getLogger(__name__)


def backend() -> RedisBoards | SQLBoards:
    client = get_redis()
    return RedisBoards(client) if client is not None else SQLBoards()


def _read(method: str, *args):
    board_backend = backend()
    try:
        return getattr(board_backend, method)(*args)
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


def _apply(increments: list[tuple[Board, int, float]]) -> None:
    try:
        backend().apply(increments)
    except redis.RedisError as error:
        log.warning(
            "Redis unavailable; %d leaderboard increments not applied (%s). "
            "Run `superfan leaderboards rebuild` once it is back.",
            len(increments),
            error,
        )


def apply_after_commit(increments: list[tuple[Board, int, float]]) -> None:
    """Move the boards once the action that earned the points is committed."""
    if increments and get_redis() is not None:
        after_commit(db.session(), partial(_apply, increments))
