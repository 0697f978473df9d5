"""Leaderboards as Redis sorted sets, updated only after the action has committed.

Scores are stored negated and members are zero-padded fan ids, so Redis's ascending order
(score, then member) is our rank order: highest value first, ties to the lower fan id,
exactly as in SQL. ZRANK and ZRANGE then give a rank and its neighbours in O(log n).
"""

from collections.abc import Iterable

import redis

from app.engagement.boards import Board, Standing

PERIOD_TTL_SECONDS = 120 * 86400  # week and month boards outlive their period, then expire
REPLACE_BATCH = 10_000
# The top of a board and one member's neighbourhood, read in one round trip.
TOP_AND_AROUND = """
local top = {}
if tonumber(ARGV[2]) > 0 then
  top = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then
  return {top, -1, {}}
end
local first = math.max(rank - tonumber(ARGV[3]), 0)
return {top, first, redis.call('ZRANGE', KEYS[1], first, rank + tonumber(ARGV[3]), 'WITHSCORES')}
"""


def member(fan_id: int) -> str:
    return f"{fan_id:012d}"


class RedisBoards:
    def __init__(self, client: redis.Redis):
        self.client = client

    def top(self, board: Board, limit: int, offset: int = 0) -> list[Standing]:
        rows = self.client.zrange(board.key, offset, offset + limit - 1, withscores=True)
        return [Standing(int(m), offset + i + 1, -score) for i, (m, score) in enumerate(rows)]

    def top_and_around(
        self, board: Board, fan_id: int, limit: int, radius: int
    ) -> tuple[list[Standing], list[Standing]]:
        """top(board, limit), and the fan with up to `radius` fans either side ([] if absent)."""
        script = self.client.register_script(TOP_AND_AROUND)
        top, first, near = script(keys=[board.key], args=[member(fan_id), limit, radius])
        return _standings(top, 0), _standings(near, first)

    def standing(self, board: Board, fan_id: int) -> Standing | None:
        pipe = self.client.pipeline(transaction=False)
        pipe.zrank(board.key, member(fan_id))
        pipe.zscore(board.key, member(fan_id))
        rank, score = pipe.execute()
        return None if rank is None else Standing(fan_id, rank + 1, -score)

    def size(self, board: Board) -> int:
        return self.client.zcard(board.key)

    def apply(self, increments: Iterable[tuple[Board, int, float]]) -> None:
        pipe = self.client.pipeline(transaction=False)
        lowered = set()
        for board, fan_id, amount in increments:
            if amount == 0:
                continue
            pipe.zincrby(board.key, -amount, member(fan_id))
            if board.scope in ("week", "month"):
                pipe.expire(board.key, PERIOD_TTL_SECONDS)
            if amount < 0:
                lowered.add(board.key)
        # A correction can take a fan to zero or below: they leave the board, as in SQL.
        for key in lowered:
            pipe.zremrangebyscore(key, 0, "+inf")
        pipe.execute()

    def replace(self, board: Board, values: Iterable[tuple[int, float]]) -> int:
        """Swap in a whole board at once; readers see the old one until the rename."""
        staging = f"{board.key}:rebuild"
        self.client.delete(staging)
        count = 0
        batch = {}
        for fan_id, value in values:
            if value > 0:
                batch[member(fan_id)] = -value
            if len(batch) >= REPLACE_BATCH:
                count += self.client.zadd(staging, batch)
                batch = {}
        if batch:
            count += self.client.zadd(staging, batch)
        pipe = self.client.pipeline(transaction=True)
        if count:
            pipe.rename(staging, board.key)
            if board.scope in ("week", "month"):
                pipe.expire(board.key, PERIOD_TTL_SECONDS)
        else:
            pipe.delete(board.key)
        pipe.execute()
        return count


def _standings(flat: list, offset: int) -> list[Standing]:
    """Standings from a script's ZRANGE WITHSCORES: member, score, member, score..."""
    return [
        Standing(int(flat[i]), offset + i // 2 + 1, -float(flat[i + 1]))
        for i in range(0, len(flat), 2)
    ]
