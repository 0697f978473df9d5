"""What the dashboards read: a campaign's funnel, series per step, breakdowns by source,
embedding site, device, browser or language. Each figure says what it held out.

Visitors are counted per day (the visitor hash is new every day, as in Plausible): one
person on two days of the range is two visitors. Ranges are whole hours, [start, end).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.analytics import steps
from app.analytics.totals import totals

GRAINS = ("hour", "day", "week")
BREAKDOWNS = ("source", "medium", "embed_origin", "device", "browser", "language")


@dataclass(frozen=True)
class FunnelStep:
    step: str
    visitors: int
    events: int
    # Share of the previous step's visitors who did not reach this one (None for the first).
    drop_off: float | None


@dataclass(frozen=True)
class Funnel:
    steps: list[FunnelStep]
    # Visitors who completed and did not opt in (completed minus opted in, never below 0).
    completed_without_opt_in: int
    # Steps beside the funnel: share visits, fans joined from a share, shares.
    sharing: dict[str, int]
    excluded: dict[str, int]


def funnel(campaign, start: datetime, end: datetime) -> Funnel:
    """The campaign's funnel: viewed, the kind's steps, opted in; visitors at each."""
    found = totals(campaign.brand_id, start, end, ("step",), campaign_id=campaign.id)
    order = steps.funnel_order(campaign.kind)
    rows, previous = [], None
    for step in order:
        visitors = found.get(step)
        drop = None
        if previous is not None:
            drop = round(1 - visitors / previous, 4) if previous else 0.0
        rows.append(FunnelStep(step, visitors, found.get(step, count="events"), drop))
        previous = visitors
    completed = found.get("completed")
    sharing = {
        step: found.get(step) for step in (steps.SHARED, steps.SHARE_VISIT, steps.JOINED_FROM_SHARE)
    }
    return Funnel(
        rows, max(completed - found.get(steps.OPTED_IN), 0), sharing, dict(found.excluded)
    )


@dataclass(frozen=True)
class Series:
    grain: str
    # Start of each bucket (in the brand's time zone), oldest first, none missing.
    buckets: list[datetime]
    # {step: [visitors per bucket]} and {step: [events per bucket]}
    visitors: dict[str, list[int]]
    events: dict[str, list[int]]
    excluded: dict[str, int]


def series(
    brand, start: datetime, end: datetime, grain: str = "day", *, campaign=None, only=None
) -> Series:
    """Visitors and events per step and hour, day or week (days and weeks in the brand's
    time zone, weeks from Monday)."""
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}")
    where = {"campaign_id": campaign.id} if campaign is not None else {}
    if only:
        where["step"] = list(only)
    found = totals(brand.id, start, end, ("hour", "step"), **where)
    zone = ZoneInfo(brand.timezone or "UTC")
    buckets = _buckets(start, end, grain, zone)
    index = {bucket: n for n, bucket in enumerate(buckets)}
    visitors: dict[str, list[int]] = {}
    events: dict[str, list[int]] = {}
    for (hour, step), counts in found.rows.items():
        bucket = bucket_of(hour, grain, zone)
        if bucket not in index:
            continue
        visitors.setdefault(step, [0] * len(buckets))[index[bucket]] += counts["visitors"]
        events.setdefault(step, [0] * len(buckets))[index[bucket]] += counts["events"]
    return Series(grain, buckets, visitors, events, dict(found.excluded))


def bucket_of(at: datetime, grain: str, zone: ZoneInfo) -> datetime:
    local = at.astimezone(zone)
    if grain == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if grain == "day":
        return day
    return (day - timedelta(days=day.weekday())).replace(tzinfo=zone)


def _buckets(start: datetime, end: datetime, grain: str, zone: ZoneInfo) -> list[datetime]:
    found, at = [], start
    step = timedelta(hours=1)
    while at < end:
        bucket = bucket_of(at, grain, zone)
        if not found or found[-1] != bucket:
            found.append(bucket)
        at += step
    return found


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    step: str
    # (value, visitors, events), most visitors first; "" is unknown.
    rows: list[tuple[str, int, int]]
    excluded: dict[str, int]


def breakdown(
    brand, start: datetime, end: datetime, dimension: str, *, step: str = "viewed", campaign=None
) -> Breakdown:
    """Visitors of one step by source, medium, embedding site, device, browser or language."""
    if dimension not in BREAKDOWNS:
        raise ValueError(f"dimension must be one of {BREAKDOWNS}")
    where = {"step": step}
    if campaign is not None:
        where["campaign_id"] = campaign.id
    found = totals(brand.id, start, end, (dimension,), **where)
    rows = sorted(
        ((key[0] or "", c["visitors"], c["events"]) for key, c in found.rows.items()),
        key=lambda row: (-row[1], -row[2], row[0]),
    )
    return Breakdown(dimension, step, rows, dict(found.excluded))
