"""A rebuild's side of Redis: claim a brand's boards, note its snapshot, fill copies, swap.

While a rebuild holds the claim, every live write (redis_boards.APPLY) whose transaction is
not in the snapshot the rebuild reads is also kept for the rebuild's copy of the board (its
"moves"): in a journal until that snapshot is known, then straight away. The swap adds the
moves to the copies and renames every copy over its board at once, so nothing committed
while the rebuild read is lost, and nothing it read is counted twice. One rebuild per brand
at a time.
"""

import contextlib
import secrets
from collections.abc import Iterable

import redis

from app.engagement.redis_boards import (
    PERIOD_TTL_SECONDS,
    PRELUDE,
    REBUILD_TTL_SECONDS,
    apply_keys,
    member,
    rebuild_keys,
    script,
)

BATCH = 10_000

# KEYS: rebuild_keys(brand); ARGV: token, week key, month key, TTL, '1' to ask a running
# rebuild for one more run. Returns 1 when claimed, 0 when another rebuild holds the brand.
BEGIN = (
    PRELUDE
    + """
local claim = hash(KEYS[1])
if claim ~= nil and claim.run == run_id() then
  if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'rerun', '1') end
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
redis.call('HSET', KEYS[1], 'token', ARGV[1], 'state', 'journal', 'run', run_id(),
           'week', ARGV[2], 'month', ARGV[3], 'ttl', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
"""
)

# KEYS: apply_keys(brand); ARGV: token, xmin, xmax, then the ids in progress. The journal's
# writes that the snapshot does not hold go into the copies.
SNAPSHOT = (
    PRELUDE
    + """
local claim = hash(KEYS[3])
if claim == nil or claim.token ~= ARGV[1] or claim.run ~= run_id() then
  return redis.error_reply('the rebuild lost its claim on the boards')
end
redis.call('HSET', KEYS[3], 'state', 'snapshot', 'xmin', ARGV[2], 'xmax', ARGV[3])
for i = 4, #ARGV do redis.call('SADD', KEYS[4], ARGV[i]) end
claim = hash(KEYS[3])
for _, entry in ipairs(redis.call('LRANGE', KEYS[5], 0, -1)) do
  local batch = cjson.decode(entry)
  for _, inc in ipairs(batch[2]) do
    stage(claim, KEYS, batch[1], inc[1], inc[2], inc[3], inc[4])
  end
end
redis.call('DEL', KEYS[5])
for i = 3, 6 do redis.call('EXPIRE', KEYS[i], claim.ttl) end
return 1
"""
)

# KEYS: apply_keys(brand); ARGV: token, the period boards' TTL, then boards to delete unless
# rebuilt. Returns {rerun, {key, size, key, size...}}.
SWAP = (
    PRELUDE
    + """
local claim = hash(KEYS[3])
if claim == nil or claim.token ~= ARGV[1] or claim.state ~= 'snapshot' then
  return redis.error_reply('the rebuild lost its claim on the boards')
end
if claim.run ~= run_id() then
  return redis.error_reply('Redis restarted while the boards were rebuilt')
end
local suffix = ':rebuild:' .. claim.token
local rebuilt, sizes = {}, {}
for _, key in ipairs(redis.call('SMEMBERS', KEYS[6])) do
  local copy = key .. suffix
  local moves = redis.call('ZRANGE', copy .. ':moves', 0, -1, 'WITHSCORES')
  for i = 1, #moves, 2 do redis.call('ZINCRBY', copy, moves[i + 1], moves[i]) end
  redis.call('DEL', copy .. ':moves')
  redis.call('ZREMRANGEBYSCORE', copy, 0, '+inf')
  if redis.call('EXISTS', copy) == 1 then
    redis.call('RENAME', copy, key)
    if key == claim.week or key == claim.month then
      redis.call('EXPIRE', key, ARGV[2])
    else
      redis.call('PERSIST', key)
    end
    table.insert(sizes, key)
    table.insert(sizes, redis.call('ZCARD', key))
  else
    redis.call('DEL', key)
  end
  rebuilt[key] = true
end
for i = 3, #ARGV do
  if not rebuilt[ARGV[i]] then redis.call('DEL', ARGV[i]) end
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[1], 'run', claim.run, 'xmin', claim.xmin, 'xmax', claim.xmax,
           'week', claim.week, 'month', claim.month)
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAME', KEYS[4], KEYS[2])
  redis.call('PERSIST', KEYS[2])
end
local rerun = 0
if claim.rerun == '1' then rerun = 1 end
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
return {rerun, sizes}
"""
)

# KEYS: apply_keys(brand); ARGV: token. A failed rebuild lets go, and its copies go too.
RELEASE = (
    PRELUDE
    + """
local claim = hash(KEYS[3])
if claim == nil or claim.token ~= ARGV[1] then return 0 end
for _, key in ipairs(redis.call('SMEMBERS', KEYS[6])) do
  local copy = key .. ':rebuild:' .. claim.token
  redis.call('DEL', copy, copy .. ':moves')
end
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
return 1
"""
)


class Claim:
    """One rebuild's hold on a brand's boards, from begin() to swap() or release()."""

    def __init__(self, client: redis.Redis, brand_id: int, token: str):
        self.client = client
        self.brand_id = brand_id
        self.token = token
        self.keys = apply_keys(brand_id)

    def snapshot(self, xmin: str, xmax: str, in_progress: list[str]) -> None:
        """The snapshot the rebuild reads: writes from transactions outside it are copied."""
        script(self.client, SNAPSHOT)(keys=self.keys, args=[self.token, xmin, xmax, *in_progress])

    def stage(self, values: Iterable[tuple[str, int, float]]) -> None:
        """Write (board key, fan id, value) into the copies, each fan once per board; values
        at zero or below are left out."""
        batches: dict[str, dict[str, float]] = {}
        for key, fan_id, value in values:
            if value > 0:
                batch = batches.setdefault(key, {})
                batch[member(fan_id)] = -value
                if len(batch) >= BATCH:
                    self._write(key, batches.pop(key))
        for key, batch in batches.items():
            self._write(key, batch)

    def _write(self, key: str, batch: dict[str, float]) -> None:
        claim, _xip, _journal, copies = rebuild_keys(self.brand_id)
        copy = f"{key}:rebuild:{self.token}"
        pipe = self.client.pipeline(transaction=False)
        pipe.zadd(copy, batch)
        pipe.sadd(copies, key)
        # The claim outlives a long rebuild: every batch pushes its expiry back.
        for name in (copy, claim, copies):
            pipe.expire(name, REBUILD_TTL_SECONDS)
        pipe.execute()

    def swap(self, others: list[str]) -> tuple[bool, dict[str, int]]:
        """Put every copy in place of its board, delete `others` not rebuilt, in one step.

        Returns whether another rebuild was asked for meanwhile, and each board's size.
        """
        swap = script(self.client, SWAP)
        rerun, flat = swap(keys=self.keys, args=[self.token, PERIOD_TTL_SECONDS, *others])
        sizes = {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}
        return bool(rerun), sizes

    def release(self) -> None:
        # Should Redis be gone, the claim and its copies expire on their own.
        with contextlib.suppress(redis.RedisError):
            script(self.client, RELEASE)(keys=self.keys, args=[self.token])


def begin(
    client: redis.Redis, brand_id: int, week_key: str, month_key: str, *, rerun_if_busy: bool
) -> Claim | None:
    """Claim the brand's boards for a rebuild; None while another rebuild holds them."""
    token = secrets.token_hex(8)
    claimed = script(client, BEGIN)(
        keys=rebuild_keys(brand_id),
        args=[token, week_key, month_key, REBUILD_TTL_SECONDS, "1" if rerun_if_busy else "0"],
    )
    return Claim(client, brand_id, token) if claimed else None
