"""Fans' display names for leaderboards: from Redis when it holds them, else from SQL."""

import logging
from functools import partial

import redis
from sqlalchemy import bindparam, select

from app.aftercommit import after_commit
from app.extensions import db
from app.models import FanProfile, User
from app.redisclient import get_redis

log = logging.getLogger(__name__)

# A leaderboard shows a renamed fan's new name within this time, unless the rename forgets
# the cached names (forget_after_commit); nothing else reads these.
NAME_TTL_SECONDS = 60


def _key(fan_id: int) -> str:
    return f"sf:name:{fan_id}"


def display_names(fan_ids) -> dict[int, str]:
    """Each fan's display name ("" when they have none), for the fans that exist."""
    ids = sorted(set(fan_ids))
    client = get_redis()
    if not ids:
        return {}
    if client is None:
        return _from_sql(ids)
    try:
        cached = client.mget([_key(fan_id) for fan_id in ids])
    except redis.RedisError as error:
        log.warning("Redis unavailable for display names (%s); reading from SQL", error)
        return _from_sql(ids)
    # A fan without a name is cached as "": only a missing key is None.
    names = {
        fan_id: name.decode() for fan_id, name in zip(ids, cached, strict=True) if name is not None
    }
    missing = [fan_id for fan_id in ids if fan_id not in names]
    if missing:
        found = _from_sql(missing)
        names |= found
        try:
            pipe = client.pipeline(transaction=False)
            for fan_id, name in found.items():
                pipe.set(_key(fan_id), name, ex=NAME_TTL_SECONDS)
            pipe.execute()
        except redis.RedisError as error:
            log.warning("Redis unavailable; display names not cached (%s)", error)
    return names


# Built once: a leaderboard read runs it for the names Redis does not hold.
NAMES = (
    select(FanProfile.id, User.display_name)
    .join(User, User.id == FanProfile.user_id)
    .where(FanProfile.id.in_(bindparam("ids", expanding=True)))
)


def _from_sql(fan_ids: list[int]) -> dict[int, str]:
    return {fan_id: name or "" for fan_id, name in db.session.execute(NAMES, {"ids": fan_ids})}


def forget_after_commit(fan_ids: list[int]) -> None:
    """Once a rename commits, drop the cached names so that boards show the new one now."""
    if fan_ids and get_redis() is not None:
        after_commit(db.session(), partial(_forget, list(fan_ids)))


def _forget(fan_ids: list[int]) -> None:
    try:
        get_redis().delete(*(_key(fan_id) for fan_id in fan_ids))
    except redis.RedisError as error:
        log.warning("Redis unavailable; renamed fans keep their old name a minute (%s)", error)
