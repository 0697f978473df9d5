"""Cohorts: the brand's fans by the week they joined, against the weeks they came back.

Read from the engagement log of the weeks shown only (its (brand, created_at) index), staff
and flagged fans left out. Weeks start on Monday, in UTC.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.analytics.overview import counted_fans
from app.extensions import db
from app.models import EngagementEvent, FanProfile


@dataclass(frozen=True)
class Cohort:
    week: datetime
    fans: int
    # Fans of the cohort active in its week 0, 1, 2... up to the last week shown.
    active: list[int]


def week_start(at: datetime) -> datetime:
    day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def week_expression(column, dialect: str):
    if dialect == "postgresql":
        return func.date_trunc("week", func.timezone("UTC", column))
    # SQLite: back to the Monday on or before the day ('weekday 1' goes forward to one).
    return func.date(column, "-6 days", "weekday 1")


def cohorts(brand, now: datetime, weeks: int = 8) -> list[Cohort]:
    first = week_start(now) - timedelta(weeks=weeks - 1)
    dialect = db.session.get_bind().dialect.name
    # Bounded above too: a fan who joined after `now` was read (a concurrent sign-up, a
    # clock behind) belongs to no week shown.
    after = week_start(now) + timedelta(weeks=1)
    fans = counted_fans(brand.id) & (FanProfile.joined_at >= first) & (FanProfile.joined_at < after)
    joined = dict(db.session.execute(select(FanProfile.id, FanProfile.joined_at).where(fans)).all())
    week = week_expression(EngagementEvent.created_at, dialect).label("week")
    pairs = db.session.execute(
        select(EngagementEvent.fan_id, week)
        .join(FanProfile, FanProfile.id == EngagementEvent.fan_id)
        .where(EngagementEvent.brand_id == brand.id, EngagementEvent.created_at >= first, fans)
        .distinct()
    ).all()
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    table = {start: [0] * (weeks - n) for n, start in enumerate(starts)}
    sizes = dict.fromkeys(starts, 0)
    for joined_at in joined.values():
        sizes[week_start(joined_at)] += 1
    for fan_id, active_week in pairs:
        cohort = week_start(joined[fan_id])
        offset = (_as_datetime(active_week, first) - cohort).days // 7
        if 0 <= offset < len(table[cohort]):
            table[cohort][offset] += 1
    return [Cohort(start, sizes[start], table[start]) for start in starts]


def _as_datetime(value, like: datetime) -> datetime:
    """The week as the database gave it (a timestamp, or SQLite's 'YYYY-MM-DD')."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=like.tzinfo) if value.tzinfo is None else value
