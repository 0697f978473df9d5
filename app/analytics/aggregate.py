"""The one aggregate of raw events into hourly rows: what the rollup stores and the live tail adds.

Both read it, so the figures over the rollups plus the tail count exactly what the rollups
alone would count once the tail is rolled up. A visitor counts once per day and step of a
campaign (`visitors`) and once per day in the brand (`day_visitors`): an event is counted
when no earlier event (by id) of the same visitor hash has that key; the hash is new every
day, so "earlier" never reaches another day.
"""

from sqlalchemy import and_, case, exists, func, literal, select
from sqlalchemy.orm import aliased

from app.models import AnalyticsEvent, FanProfile

E = aliased(AnalyticsEvent, name="e")
EARLIER = aliased(AnalyticsEvent, name="earlier")
# Dimensions of a rollup row besides brand, campaign, hour and step.
DIMENSIONS = ("source", "medium", "embed_origin", "device", "browser", "language", "excluded")
KEYS = ("brand_id", "campaign_id", "hour", "step", *DIMENSIONS)
COUNTS = ("events", "visitors", "day_visitors")


def source_expression(event):
    """Where the visit came from: its utm_source, a share, the referring site, or direct."""
    return case(
        (event.utm_source != "", event.utm_source),
        (event.share_code != "", literal("share")),
        (event.referrer_host != "", event.referrer_host),
        else_=literal("direct"),
    )


def exclusion_expression(event, fan):
    """Why the event is held out: marked at capture (staff, bench), or its fan is flagged now."""
    return case(
        (event.excluded != "", event.excluded),
        (fan.fraud_flagged.is_(True), literal("fraud")),
        else_=literal(""),
    )


def _first(*same):
    earlier = exists().where(
        EARLIER.visitor == E.visitor,
        EARLIER.brand_id == E.brand_id,
        EARLIER.id < E.id,
        *same,
    )
    return func.sum(case((~earlier, 1), else_=0))


def hourly(where) -> "select":
    """Hourly rows (KEYS + COUNTS) of the raw events matching `where` (a clause on E)."""
    fan = aliased(FanProfile, name="fan")
    source = source_expression(E).label("source")
    excluded = exclusion_expression(E, fan).label("excluded")
    columns = {
        "brand_id": E.brand_id,
        "campaign_id": E.campaign_id,
        "hour": E.hour,
        "step": E.step,
        "source": source,
        "medium": E.utm_medium.label("medium"),
        "embed_origin": E.embed_origin,
        "device": E.device,
        "browser": E.browser,
        "language": E.language,
        "excluded": excluded,
    }
    # coalesce(): the same NULL-safe test, and no planner is tempted by the campaign index
    # (a campaign holds many visitors; a visitor hash a handful of events).
    same_step = (
        EARLIER.step == E.step,
        func.coalesce(EARLIER.campaign_id, 0) == func.coalesce(E.campaign_id, 0),
    )
    return (
        select(
            *columns.values(),
            func.count().label("events"),
            _first(*same_step).label("visitors"),
            _first().label("day_visitors"),
        )
        .select_from(E)
        .outerjoin(fan, and_(fan.id == E.fan_id))
        .where(where)
        .group_by(*(column for column in columns.values()))
    )
