"""Making and changing a photo contest from the console: title, dates, rules, status."""

from datetime import datetime

from app.campaigns.drafts import (
    ADDRESS,
    BAD_ADDRESS,
    AddressTaken,
    add_draft,
    basics_problems,
    save_basics,
)
from app.extensions import db
from app.models import Brand, Campaign
from app.models.campaign import STATUSES
from contests.photo import settings

KIND_KEY = "contest.photo"


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
    if not ADDRESS.fullmatch(slug):
        raise CampaignRefused(BAD_ADDRESS)
    try:
        return add_draft(
            brand,
            kind=KIND_KEY,
            slug=slug,
            title=title[:200],
            settings=settings.PhotoRules().as_dict(),
        )
    except AddressTaken as taken:
        raise CampaignRefused(str(taken)) from None


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
    problems = settings.problems(rules) + basics_problems(title, starts_at, ends_at, noun="contest")
    if problems:
        raise CampaignRefused(*problems)
    save_basics(
        campaign,
        title=title,
        rules_text=rules_text,
        starts_at=starts_at,
        ends_at=ends_at,
        settings=rules,
    )


def set_status(campaign: Campaign, status: str) -> None:
    if status not in STATUSES:
        raise CampaignRefused(f"Unknown status {status!r}.")
    if status in ("scheduled", "live"):
        problems = settings.problems(campaign.settings)
        if problems:
            raise CampaignRefused(*problems)
    campaign.status = status
    db.session.flush()
