"""The figures' one read: rollups before the watermark plus the raw tail after it, in one
statement (one snapshot: a rollup committing meanwhile can neither hide nor double an hour).

Only one brand's rows in the asked hours are read: the rollups by (brand, hour), the tail
by (brand, hour) from the watermark on. The whole raw log is never scanned.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, literal, select, union_all

from app.analytics import aggregate, rollup
from app.extensions import db
from app.models import AnalyticsRollup, AnalyticsWatermark

R = AnalyticsRollup.__table__
E = aggregate.E
GROUPABLE = {"campaign_id", "hour", "step", *aggregate.DIMENSIONS}


@dataclass
class Totals:
    """Counted rows keyed by the asked dimensions, and what was held out, by reason."""

    by: tuple[str, ...]
    rows: dict[tuple, dict[str, int]] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def get(self, *key, count: str = "visitors") -> int:
        return self.rows.get(key, {}).get(count, 0)

    @property
    def excluded_events(self) -> int:
        return sum(self.excluded.values())


def totals(
    brand_id: int, start: datetime, end: datetime, by: tuple[str, ...] = (), **where
) -> Totals:
    """Sums of events, visitors and day visitors over [start, end) (whole hours), grouped
    `by` dimensions (campaign_id, hour, step, source, medium, embed_origin, device, browser,
    language), filtered by `where` (dimension=value, or dimension=[values])."""
    unknown = (set(by) | set(where)) - GROUPABLE
    if unknown:
        raise ValueError(f"unknown analytics dimensions: {sorted(unknown)}")
    start, end = rollup.floor_hour(start), _ceil_hour(end)
    if rollup.is_behind():
        rollup.run()
    mark = select(AnalyticsWatermark.rolled_until).where(AnalyticsWatermark.id == 1)
    mark = func.coalesce(mark.scalar_subquery(), literal(start, R.c.hour.type))
    keys = (*by, "excluded")
    stored = (
        select(*(R.c[k] for k in keys), *(R.c[c] for c in aggregate.COUNTS))
        .where(R.c.brand_id == brand_id, R.c.hour >= start, R.c.hour < end, R.c.hour < mark)
        .where(*_filters(R.c, where))
    )
    tail = aggregate.hourly(
        (E.brand_id == brand_id) & (E.hour >= start) & (E.hour < end) & (E.hour >= mark)
    ).subquery("tail")
    live = select(*(tail.c[k] for k in keys), *(tail.c[c] for c in aggregate.COUNTS)).where(
        *_filters(tail.c, where)
    )
    both = union_all(stored, live).subquery("both")
    summed = select(
        *(both.c[k] for k in keys), *(func.sum(both.c[c]).label(c) for c in aggregate.COUNTS)
    ).group_by(*(both.c[k] for k in keys))
    result = Totals(by)
    for row in db.session.execute(summed):
        values = row._mapping
        counts = {c: int(values[c] or 0) for c in aggregate.COUNTS}
        if values["excluded"]:
            result.excluded[values["excluded"]] += counts["events"]
            continue
        key = tuple(values[k] for k in by)
        if key in result.rows:  # a NULL-safe key met twice: add up
            for c in counts:
                result.rows[key][c] += counts[c]
        else:
            result.rows[key] = counts
    return result


def _filters(columns, where: dict) -> list:
    clauses = []
    for name, value in where.items():
        if isinstance(value, list | tuple | set | frozenset):
            clauses.append(columns[name].in_(list(value)))
        elif value is None:
            clauses.append(columns[name].is_(None))
        else:
            clauses.append(columns[name] == value)
    return clauses


def _ceil_hour(at: datetime) -> datetime:
    floored = rollup.floor_hour(at)
    return floored if floored == at else floored + timedelta(hours=1)
