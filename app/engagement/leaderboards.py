"""The leaderboard service: Redis when configured, SQL otherwise, SQL again if Redis fails."""

import logging
from dataclasses import dataclass
from functools import partial

import redis

from app.aftercommit import after_commit
from app.engagement.boards import Board, Standing
from app.engagement.names import display_names
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
