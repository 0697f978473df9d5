"""The `viewed` step: a campaign's fan page was served (and `share_visit` for a shared link)."""

import logging

from app.analytics import steps
from app.analytics.capture import capture
from app.analytics.visits import current_visit, update_visit
from app.extensions import db

log = logging.getLogger(__name__)


def campaign_viewed(campaign, fan) -> None:
    """Append the view in the request's transaction and commit it, at the view's edge.

    Not after a commit: a page view may change nothing else, so no commit would come. A
    failure is logged and rolled back: a page is never refused for its analytics.
    """
    brand_id, campaign_id = campaign.brand_id, campaign.id
    fan_id = fan.id if fan is not None else None
    try:
        visit = current_visit(brand_id)
        capture(brand_id, steps.VIEWED, campaign_id=campaign_id, fan_id=fan_id)
        changes = {"campaign_id": campaign_id}
        if visit.get("share_code") and not visit.get("share_counted"):
            capture(brand_id, steps.SHARE_VISIT, campaign_id=campaign_id, fan_id=fan_id)
            changes["share_counted"] = True
        db.session.commit()
        # The visit's last campaign: where a consent given next is attributed.
        update_visit(brand_id, **changes)
    except Exception:
        db.session.rollback()
        log.exception("analytics: capturing a view of campaign %s failed", campaign_id)
