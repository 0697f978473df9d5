"""Making and changing a photo contest from the console: title, dates, rules, status."""

import re
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Brand, Campaign
from app.models.campaign import STATUSES
from contests.photo import settings

KIND_KEY = "contest.photo"
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


class CampaignRefused(Exception):
    """An edit that cannot be made; `problems` lists why, in words staff can act on."""

    def __init__(self, *problems: str):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def create(brand: Brand, *, title: str, slug: str) -> Campaign:
    """A new draft photo contest with the default rules."""
    title, slug = (title or "").strip(), (slug or "").strip().lower()
    if not title:
        raise CampaignRefused("Give the contest a title.")
    if not SLUG.fullmatch(slug):
        raise CampaignRefused("The address may hold lowercase letters, digits and dashes only.")
    campaign = Campaign(
        brand_id=brand.id,
        kind=KIND_KEY,
        slug=slug,
        title=title[:200],
        status="draft",
        settings=settings.PhotoRules().as_dict(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(campaign)
    except IntegrityError:
        raise CampaignRefused(f"Another campaign already uses the address {slug!r}.") from None
    return campaign


def update(
    campaign: Campaign,
    *,
    title: str,
    rules_text: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    rules: dict,
) -> None:
    """Title, rules text, dates and contest rules; refused as a whole if any is wrong."""
    problems = settings.problems(rules)
    if not (title or "").strip():
        problems.append("Give the contest a title.")
    if starts_at and ends_at and ends_at <= starts_at:
        problems.append("The end date must come after the start date.")
    if problems:
        raise CampaignRefused(*problems)
    campaign.title = title.strip()[:200]
    campaign.rules_text = rules_text or ""
    campaign.starts_at, campaign.ends_at = starts_at, ends_at
    campaign.settings = {**(campaign.settings or {}), **rules}
    db.session.flush()


def set_status(campaign: Campaign, status: str) -> None:
    if status not in STATUSES:
        raise CampaignRefused(f"Unknown status {status!r}.")
    if status in ("scheduled", "live"):
        problems = settings.problems(campaign.settings)
        if problems:
            raise CampaignRefused(*problems)
    campaign.status = status
    db.session.flush()
