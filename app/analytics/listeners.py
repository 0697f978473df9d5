"""The steps that come from what already happens: recorded engagement events, consent given."""

import logging
from functools import partial

from app import clock
from app.aftercommit import after_commit
from app.analytics import rollup, steps
from app.analytics.capture import capture
from app.analytics.visits import current_visit
from app.extensions import db

log = logging.getLogger(__name__)
BACKFILLED = rollup.GRACE


def on_event_recorded(app, event) -> None:
    """Listener on event_recorded (after the action's commit): its own short transaction."""
    step = steps.step_for(event.type)
    # An event recorded after the fact (an import, the demo's history) is no visit; and one
    # older than the rollup's grace could land in an hour already rolled up.
    if step is None or event.created_at < clock.now() - BACKFILLED:
        return
    _capture_now(event.brand_id, step, event.campaign_id, event.fan_id, event.created_at)


def on_consent_given(app, profile) -> None:
    """Listener on marketing_consent_given (in the choice's transaction): captured after it
    commits, for the campaign the visit last showed (consent is asked on its page)."""
    campaign_id = current_visit(profile.brand_id).get("campaign_id")
    after_commit(
        db.session(),
        partial(_capture_now, profile.brand_id, steps.OPTED_IN, campaign_id, profile.id, None),
    )


def _capture_now(brand_id, step, campaign_id, fan_id, at) -> None:
    # The fan's action has committed: a failing capture is logged and never surfaces.
    try:
        capture(brand_id, step, campaign_id=campaign_id, fan_id=fan_id, at=at)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("analytics: capturing %s for brand %s failed", step, brand_id)
