"""Leaderboards as Redis sorted sets, updated only after the action has committed.

Scores are stored negated and members are zero-padded fan ids, so Redis's ascending order
(score, then member) is our rank order: highest value first, ties to the lower fan id,
exactly as in SQL. ZRANK and ZRANGE then give a rank and its neighbours in O(log n).

A brand's boards count only while its meta hash (`sf:lbm:<brand>`) names the running Redis
server: a Redis that restarted empty, or from an older copy on disk, has lost increments, so
reads go to SQL and writes are refused until a rebuild (redis_rebuild.py) sets the hash again.
Every write carries the id of the PostgreSQL transaction that made it (its "tag"); the hash
keeps the snapshot the last rebuild read, so a late write that rebuild already counted is
skipped, and a write made while a rebuild runs is also added to the rebuild's copy.
"""

import json
from collections.abc import Iterable
from functools import lru_cache

import redis

from app.engagement.boards import Board, Standing

PERIOD_TTL_SECONDS = 120 * 86400  # week and month boards outlive their period, then expire
# A rebuild's claim and copies vanish this long after its last write, should it die.
REBUILD_TTL_SECONDS = 3600


def meta_key(brand_id: int) -> str:
    return f"sf:lbm:{brand_id}"


def rebuild_keys(brand_id: int) -> list[str]:
    """The running rebuild's claim, its snapshot's in-progress ids, its journal, its copies."""
    claim = f"sf:lbr:{brand_id}"
    return [claim, f"{claim}:xip", f"{claim}:journal", f"{claim}:keys"]


def apply_keys(brand_id: int) -> list[str]:
    return [meta_key(brand_id), f"{meta_key(brand_id)}:xip", *rebuild_keys(brand_id)]


# Set by the first write of each minute, which then asks for a sweep (healing.py).
SWEEP_KEY = "sf:lb:sweep"
SWEEP_SECONDS = 60


# Shared by every script. A tag is a transaction id; a hash of a snapshot holds xmin and
# xmax, and its set the ids in progress then (PostgreSQL's pg_snapshot). Without tags or a
# snapshot (SQLite) visible() cannot tell, and answers nil.
PRELUDE = """
local function hash(key)
  local flat = redis.call('HGETALL', key)
  if #flat == 0 then return nil end
  local h = {}
  for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
  return h
end
local function run_id()
  return string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
end
local function valid(meta)
  local run = redis.call('HGET', meta, 'run')
  return run ~= false and run == run_id()
end
local function visible(tag, h, xip)
  if tag == '' or not h.xmax or h.xmax == '' then return nil end
  local x = tonumber(tag)
  if x < tonumber(h.xmin) then return true end
  if x >= tonumber(h.xmax) then return false end
  return redis.call('SISMEMBER', xip, tag) == 0
end
local function covers(h, scope, key)
  if scope == 'week' or scope == 'month' then return h[scope] == key end
  return true
end
local function stage(claim, keys, tag, key, scope, member, delta)
  if covers(claim, scope, key) and visible(tag, claim, keys[4]) == false then
    local moves = key .. ':rebuild:' .. claim.token .. ':moves'
    redis.call('ZINCRBY', moves, delta, member)
    redis.call('EXPIRE', moves, tonumber(claim.ttl))
    redis.call('SADD', keys[6], key)
  end
end
"""

# KEYS: apply_keys(brand), SWEEP_KEY; ARGV: tag, increments as JSON [[key, scope, member,
# delta]...], the period boards' TTL, the sweep's period. A delta is the change of the stored
# (negated) score, as text: Lua would round a number to 14 digits. Returns 1, or 0 when the
# boards are not valid (nothing applied); plus 2 when this write is the minute's first.
APPLY = (
    PRELUDE
    + """
local tag, increments, ttl = ARGV[1], cjson.decode(ARGV[2]), tonumber(ARGV[3])
local run = run_id()
local meta = hash(KEYS[1])
local live = meta ~= nil and meta.run == run
local claim = hash(KEYS[3])
if claim ~= nil and claim.run ~= run then claim = nil end
if claim ~= nil and claim.state == 'journal' then
  redis.call('RPUSH', KEYS[5], cjson.encode({tag, increments}))
  redis.call('EXPIRE', KEYS[5], tonumber(claim.ttl))
end
local lowered = {}
for _, inc in ipairs(increments) do
  local key, scope, member, delta = inc[1], inc[2], inc[3], inc[4]
  if live and not (covers(meta, scope, key) and visible(tag, meta, KEYS[2])) then
    redis.call('ZINCRBY', key, delta, member)
    if scope == 'week' or scope == 'month' then redis.call('EXPIRE', key, ttl) end
    if tonumber(delta) > 0 then lowered[key] = true end
  end
  if claim ~= nil and claim.state == 'snapshot' then
    stage(claim, KEYS, tag, key, scope, member, delta)
  end
end
-- A correction can take a fan to zero or below: they leave the board, as in SQL.
for key in pairs(lowered) do redis.call('ZREMRANGEBYSCORE', key, 0, '+inf') end
local answer = 0
if live then answer = 1 end
if redis.call('SET', KEYS[7], '1', 'NX', 'EX', ARGV[4]) then answer = answer + 2 end
return answer
"""
)

# A new brand has no events: its empty boards are valid from the start.
INIT = (
    PRELUDE
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'run', run_id(), 'xmin', '', 'xmax', '', 'week', '', 'month', '')
end
return 1
"""
)

# Reads answer {0} when the brand's boards are not valid: the caller reads SQL instead.
TOP = (
    PRELUDE
    + """
if not valid(KEYS[2]) then return {0} end
return {1, redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')}
"""
)
STANDING = (
    PRELUDE
    + """
if not valid(KEYS[2]) then return {0} end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then return {1} end
return {1, rank, redis.call('ZSCORE', KEYS[1], ARGV[1])}
"""
)
SIZE = (
    PRELUDE
    + """
if not valid(KEYS[2]) then return {0} end
return {1, redis.call('ZCARD', KEYS[1])}
"""
)
# The top of a board and one member's neighbourhood, read in one round trip.
TOP_AND_AROUND = (
    PRELUDE
    + """
if not valid(KEYS[2]) then return {0} end
local top = {}
if tonumber(ARGV[2]) > 0 then
  top = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then
  return {1, top, -1, {}}
end
local first = math.max(rank - tonumber(ARGV[3]), 0)
return {1, top, first, redis.call('ZRANGE', KEYS[1], first, rank + tonumber(ARGV[3]), 'WITHSCORES')}
"""
)
# KEYS: the meta hashes of some brands; returns the indexes (1-based) of those not valid.
INVALID = (
    PRELUDE
    + """
local lost = {}
for i, key in ipairs(KEYS) do
  if not valid(key) then table.insert(lost, i) end
end
return lost
"""
)


class BoardsNotReady(Exception):
    """The brand's Redis boards are missing or out of date: read SQL, rebuild them."""

    def __init__(self, brand_id: int):
        super().__init__(f"the Redis boards of brand {brand_id} are not valid")
        self.brand_id = brand_id


def member(fan_id: int) -> str:
    return f"{fan_id:012d}"


@lru_cache(maxsize=64)
def script(client: redis.Redis, text: str):
    """The script, its SHA computed once per client (EVALSHA, loaded again after a restart)."""
    return client.register_script(text)


class RedisBoards:
    def __init__(self, client: redis.Redis):
        self.client = client

    def _read(self, text: str, board: Board, *args) -> list:
        answer = script(self.client, text)(
            keys=[board.key, meta_key(board.brand_id)], args=list(args)
        )
        if not answer[0]:
            raise BoardsNotReady(board.brand_id)
        return answer[1:]

    def top(self, board: Board, limit: int, offset: int = 0) -> list[Standing]:
        (rows,) = self._read(TOP, board, offset, offset + limit - 1)
        return _standings(rows, offset)

    def top_and_around(
        self, board: Board, fan_id: int, limit: int, radius: int
    ) -> tuple[list[Standing], list[Standing]]:
        """top(board, limit), and the fan with up to `radius` fans either side ([] if absent)."""
        top, first, near = self._read(TOP_AND_AROUND, board, member(fan_id), limit, radius)
        return _standings(top, 0), _standings(near, first)

    def standing(self, board: Board, fan_id: int) -> Standing | None:
        found = self._read(STANDING, board, member(fan_id))
        if not found:
            return None
        rank, score = found
        return Standing(fan_id, rank + 1, -float(score))

    def size(self, board: Board) -> int:
        (count,) = self._read(SIZE, board)
        return count

    def apply(
        self, tag: str | None, increments: Iterable[tuple[Board, int, float]]
    ) -> tuple[set[int], bool]:
        """Move the boards by one committed transaction's increments, in one round trip.

        Returns the brands whose boards were not valid (nothing was applied to them), and
        whether this write is the first of the minute (time for a sweep).
        """
        by_brand: dict[int, list] = {}
        for board, fan_id, amount in increments:
            if amount:
                by_brand.setdefault(board.brand_id, []).append(
                    [board.key, board.scope, member(fan_id), repr(-float(amount))]
                )
        if not by_brand:
            return set(), False
        apply = script(self.client, APPLY)
        pipe = self.client.pipeline(transaction=False)
        for brand_id, moves in by_brand.items():
            apply(
                keys=[*apply_keys(brand_id), SWEEP_KEY],
                args=[tag or "", json.dumps(moves), PERIOD_TTL_SECONDS, SWEEP_SECONDS],
                client=pipe,
            )
        answers = pipe.execute()
        pairs = zip(by_brand, answers, strict=True)
        lost = {brand_id for brand_id, answer in pairs if not answer & 1}
        return lost, any(answer & 2 for answer in answers)

    def init(self, brand_id: int) -> None:
        """Start a new brand's boards empty and valid."""
        script(self.client, INIT)(keys=[meta_key(brand_id)])

    def invalid(self, brand_ids: list[int]) -> set[int]:
        """The brands whose boards this Redis does not hold (lost, or never built)."""
        lost = set()
        invalid = script(self.client, INVALID)
        for start in range(0, len(brand_ids), 500):
            chunk = brand_ids[start : start + 500]
            found = invalid(keys=[meta_key(brand_id) for brand_id in chunk])
            lost.update(chunk[index - 1] for index in found)
        return lost


def _standings(flat: list, offset: int) -> list[Standing]:
    """Standings from a script's ZRANGE WITHSCORES: member, score, member, score..."""
    return [
        Standing(int(flat[i]), offset + i // 2 + 1, -float(flat[i + 1]))
        for i in range(0, len(flat), 2)
    ]
