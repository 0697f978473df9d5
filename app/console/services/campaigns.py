"""The brand's campaigns as the console lists them, with participants so far."""

from sqlalchemy import Select, func, or_, select

from app.console.paging import contains_pattern
from app.models import Brand, Campaign, CampaignParticipation


def campaigns_query(brand: Brand, text: str = "") -> Select:
    """The brand's campaigns, newest first, with their count of participating fans.

    `text` narrows to campaigns whose title or address contains it.
    """
    participants = (
        select(func.count())
        .where(CampaignParticipation.campaign_id == Campaign.id)
        .correlate(Campaign)
        .scalar_subquery()
    )
    query = (
        select(Campaign, participants)
        .where(Campaign.brand_id == brand.id)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    if text:
        pattern = contains_pattern(text)
        query = query.where(
            or_(
                Campaign.title.ilike(pattern, escape="\\"),
                Campaign.slug.ilike(pattern, escape="\\"),
            )
        )
    return query
