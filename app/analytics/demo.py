"""Demo analytics: six weeks of visits to the demo brand's campaigns, with realistic sources
(social, newsletter, a partner site, shares, direct), mostly phones, French and English,
and visitors who come back on later days; then rolled up, so dashboards have data at once."""

import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import exists, insert, select

from app import clock
from app.analytics import rollup, steps
from app.extensions import db
from app.models import AnalyticsEvent, Campaign

WEEKS = 6
PARTNER = "blog.coffee-partners.example"
# (weight, utm_source, utm_medium, referrer host, share): where visits come from.
SOURCES = [
    (30, "instagram", "social", "", False),
    (14, "facebook", "social", "", False),
    (12, "newsletter", "email", "", False),
    (24, "", "", "", False),
    (9, "", "", PARTNER, False),
    (11, "", "", "", True),
]
DEVICES = [
    (64, "mobile", ("Mobile Safari", "Chrome Mobile", "Samsung Internet")),
    (29, "desktop", ("Chrome", "Safari", "Firefox", "Edge")),
    (7, "tablet", ("Mobile Safari", "Chrome")),
]
LANGUAGES = [(55, "fr"), (35, "en"), (5, "de"), (5, "es")]
# Of the visitors at one step, how many reach the next (the funnel's shape).
KEEP = 0.62
OPT_IN = 0.38


def load_demo(brand) -> list[str]:
    """Add the visits if the demo brand has none yet; say what was done."""
    has_any = db.session.scalar(select(exists().where(AnalyticsEvent.brand_id == brand.id)))
    campaigns = db.session.scalars(
        select(Campaign).where(Campaign.brand_id == brand.id).order_by(Campaign.id)
    ).all()
    if has_any or not campaigns:
        return []
    rng = random.Random(14)
    now = clock.now()
    start = rollup.floor_hour(now - timedelta(weeks=WEEKS))
    origins = list(brand.frame_origins or [])
    rows = []
    for campaign in campaigns:
        order = steps.funnel_order(campaign.kind)
        popularity = rng.uniform(0.5, 1.5)
        for day in range(WEEKS * 7):
            date = start + timedelta(days=day)
            weekend = 1.3 if date.weekday() >= 5 else 1.0
            growth = 0.6 + day / (WEEKS * 7)
            for _visitor in range(int(rng.gauss(22, 6) * popularity * weekend * growth)):
                at = date + timedelta(hours=_hour(rng), minutes=rng.randrange(60))
                if at >= now:
                    continue
                rows.extend(_visit(rng, brand.id, campaign.id, order, at, origins))
    # Core, not the ORM's bulk insert: the demo must load in seconds.
    db.session.execute(insert(AnalyticsEvent.__table__), rows)
    mark = rollup.watermark()
    if mark is None:
        rollup.run()
    else:
        rollup.rebuild(brand.id, start, mark)
    db.session.commit()
    return [f"Analytics: {len(rows)} demo events over {WEEKS} weeks, rolled up."]


def _hour(rng: random.Random) -> int:
    # Fans play at lunch and in the evening.
    return rng.choices(
        range(24), weights=[1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 5, 7, 6, 4, 4, 4, 5, 6, 8, 9, 8, 5, 2]
    )[0]


def _pick(rng: random.Random, weighted):
    return rng.choices(weighted, weights=[w[0] for w in weighted])[0]


def _visit(rng, brand_id, campaign_id, order, at: datetime, origins) -> list[dict]:
    _w, source, medium, referrer, shared = _pick(rng, SOURCES)
    _w, device, browsers = _pick(rng, DEVICES)
    base = {
        "brand_id": brand_id,
        "campaign_id": campaign_id,
        "visitor": secrets.token_hex(16),
        "fan_id": None,
        "utm_source": source,
        "utm_medium": medium,
        "utm_campaign": "spring" if source else "",
        "referrer_host": referrer,
        "embed_origin": rng.choice(origins) if origins and rng.random() < 0.7 else "",
        "share_code": secrets.token_urlsafe(8)[:10] if shared else "",
        "device": device,
        "browser": rng.choice(browsers),
        "language": _pick(rng, LANGUAGES)[1],
        "excluded": "",
    }
    rows, moment = [], at

    def step(name):
        nonlocal moment
        rows.append(
            base
            | {
                "step": name,
                "occurred_at": moment,
                "hour": moment.replace(minute=0, second=0, microsecond=0),
            }
        )
        moment += timedelta(seconds=rng.randrange(20, 240))

    step(steps.VIEWED)
    if shared:
        step(steps.SHARE_VISIT)
    for name in order[1:-1]:
        if rng.random() > KEEP:
            return rows
        step(name)
    if rng.random() < OPT_IN:
        step(steps.OPTED_IN)
    if shared and rng.random() < 0.3:
        step(steps.JOINED_FROM_SHARE)
    return rows
