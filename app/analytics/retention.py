"""Retention: raw events older than the brand's `analytics_retention_days` go; rollups stay."""

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.analytics import visitors
from app.extensions import db
from app.models import AnalyticsEvent, Brand

# Rows deleted per statement: a first run on a long log goes in bounded steps.
BATCH = 10_000


def apply(now: datetime) -> int:
    """Delete each brand's raw events past its retention, and the salts of past days;
    flushes. Returns how many events were deleted."""
    deleted = 0
    brands = db.session.execute(select(Brand.id, Brand.analytics_retention_days)).all()
    for brand_id, days in brands:
        cutoff = now - timedelta(days=days)
        old = (
            select(AnalyticsEvent.id)
            .where(AnalyticsEvent.brand_id == brand_id, AnalyticsEvent.hour < cutoff)
            .limit(BATCH)
        )
        deleted += db.session.execute(
            delete(AnalyticsEvent)
            .where(AnalyticsEvent.id.in_(old.scalar_subquery()))
            .execution_options(synchronize_session=False)
        ).rowcount
    visitors.forget_old_salts(now.date())
    return deleted
