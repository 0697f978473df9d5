"""The brand's campaigns as the console lists them, with participants so far."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Brand, Campaign, CampaignParticipation


def campaign_rows(brand: Brand) -> list[tuple[Campaign, int]]:
    """Every campaign of the brand, newest first, with its count of participating fans."""
    participants = (
        select(func.count())
        .where(CampaignParticipation.campaign_id == Campaign.id)
        .correlate(Campaign)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Campaign, participants)
        .where(Campaign.brand_id == brand.id)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return [(campaign, count) for campaign, count in rows]
