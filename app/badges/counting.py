"""Counting a fan's events for the conditions that count them, all in one statement."""

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from sqlalchemy import and_, bindparam, func, select

from app.badges.condition import Context
from app.extensions import db
from app.models import EngagementEvent

# What a condition's counted_events() may hold: which events it counts.
COUNT_FIELDS = ("event_type", "campaign_id", "since", "until")


def _matching(events: dict):
    clauses = [EngagementEvent.type == events["event_type"]]
    if events.get("campaign_id") is not None:
        clauses.append(EngagementEvent.campaign_id == events["campaign_id"])
    if events.get("since"):
        clauses.append(EngagementEvent.created_at >= datetime.fromisoformat(events["since"]))
    if events.get("until"):
        clauses.append(EngagementEvent.created_at < datetime.fromisoformat(events["until"]))
    return and_(*clauses)


def _count_key(fan_id: int, events: dict) -> tuple:
    return (fan_id, *(events.get(k) for k in COUNT_FIELDS))


@lru_cache(maxsize=256)
def _counting(wanted: tuple[tuple, ...]):
    """One statement counting a fan's events for each (COUNT_FIELDS) given.

    Built once per set of conditions: the checks after every action run it, and building
    a statement costs more than running it.
    """
    described = [dict(zip(COUNT_FIELDS, fields, strict=True)) for fields in wanted]
    return select(*(func.count().filter(_matching(events)) for events in described)).where(
        EngagementEvent.fan_id == bindparam("fan_id"),
        EngagementEvent.type.in_(sorted({events["event_type"] for events in described})),
    )


def know_count(fan_id: int, event_type: str, count: int, ctx: Context) -> None:
    """Note how many events of one type the fan has in all, already counted elsewhere."""
    ctx.counts[_count_key(fan_id, {"event_type": event_type})] = count


def count_at_once(fan_id: int, described: Iterable[dict], ctx: Context) -> None:
    """Count the fan's events for every description given, in one statement.

    The counts land in ctx.counts, where count() finds them instead of counting one by one.
    """
    wanted = {}
    for events in described:
        key = _count_key(fan_id, events)
        if key not in ctx.counts:
            wanted[key] = key[1:]
    if not wanted:
        return
    counts = db.session.execute(_counting(tuple(wanted.values())), {"fan_id": fan_id}).one()
    ctx.counts.update(zip(wanted, counts, strict=True))


def count(fan_id: int, events: dict, ctx: Context) -> int:
    """How many of the fan's events match: counted already, or counted now."""
    key = _count_key(fan_id, events)
    if key not in ctx.counts:
        count_at_once(fan_id, [events], ctx)
    return ctx.counts[key]
