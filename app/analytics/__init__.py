"""Analytics: capture funnel steps -> raw events -> hourly rollups -> figures for dashboards.

capture.py appends one raw `analytics_event` per step (page_views.py: `viewed` when a
campaign's fan page is served; listeners.py: recorded engagement events mapped through
CampaignKind.funnel_steps, and marketing consent given), with the visit's source kept by
visits.py and a daily-rotating visitor hash (visitors.py). rollup.py rolls closed hours
into `analytics_rollup` behind a watermark (schedule.py: once a minute from the job sweep);
totals.py reads rollups plus the raw tail, and figures.py, overview.py, cohorts.py answer
the dashboards. retention.py deletes raw events past the brand's retention.
"""

from flask import Flask

from app.analytics import schedule as schedule
from app.analytics.cohorts import cohorts as cohorts
from app.analytics.figures import breakdown as breakdown
from app.analytics.figures import funnel as funnel
from app.analytics.figures import series as series
from app.analytics.listeners import on_consent_given, on_event_recorded
from app.analytics.overview import overview as overview
from app.analytics.page_views import campaign_viewed as campaign_viewed
from app.analytics.totals import totals as totals
from app.analytics.visits import note_visit as note_visit
from app.engagement.signals import event_recorded
from app.identity.fan_consent import marketing_consent_given


def init_app(app: Flask) -> None:
    """Listen to recorded events and consents given, for this app only."""
    app.config.setdefault("ANALYTICS_EXCLUDE_TRAFFIC", None)
    event_recorded.connect(on_event_recorded, sender=app, weak=False)
    marketing_consent_given.connect(on_consent_given, sender=app, weak=False)
