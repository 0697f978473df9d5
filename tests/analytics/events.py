"""Hand-built analytics events: raw rows written the way capture writes them."""

from datetime import datetime

from sqlalchemy import insert

from app.extensions import db
from app.models import AnalyticsEvent

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
DESKTOP = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


def put(brand, step: str, at: datetime, visitor: str = "a", *, campaign=None, fan=None, **dims):
    """One raw event; `visitor` is a short name made into a 32-character hash."""
    row = {
        "brand_id": brand.id,
        "campaign_id": campaign.id if campaign is not None else None,
        "step": step,
        "occurred_at": at,
        "hour": at.replace(minute=0, second=0, microsecond=0),
        "visitor": (visitor * 32)[:32],
        "fan_id": fan.id if fan is not None else None,
        "utm_source": "",
        "utm_medium": "",
        "utm_campaign": "",
        "referrer_host": "",
        "embed_origin": "",
        "share_code": "",
        "device": "mobile",
        "browser": "Mobile Safari",
        "language": "en",
        "excluded": "",
    } | dims
    db.session.execute(insert(AnalyticsEvent), row)


def campaign_of(brand, slug: str, kind: str):
    """A live campaign of a real kind (the factory makes the test kind's)."""
    from tests.factories import make_campaign

    campaign = make_campaign(brand, slug)
    campaign.kind = kind
    db.session.flush()
    return campaign
