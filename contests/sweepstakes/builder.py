"""Building a sweepstakes in the console: create, edit the rules' fields, go live, close."""

from datetime import datetime

from app.campaigns.drafts import ADDRESS, BAD_ADDRESS, AddressTaken, add_draft
from app.extensions import db
from app.models import Brand, Campaign
from contests.sweepstakes import rules, settings
from contests.sweepstakes.errors import SweepstakesRefused

MAX_TITLE = 200  # Campaign.title's column


class BuilderRefused(SweepstakesRefused):
    """An edit the console refuses, with every problem found."""

    def __init__(self, problems: list[str], *, code: str = "invalid", status: int = 400):
        super().__init__(" ".join(problems), code=code, status=status)
        self.problems = problems


def _title_problems(title: str) -> list[str]:
    if not title:
        return ["Give the sweepstakes a title."]
    if len(title) > MAX_TITLE:
        return [f"The title has at most {MAX_TITLE} characters."]
    return []


def create_campaign(brand: Brand, *, title: str, slug: str) -> Campaign:
    title, slug = title.strip(), slug.strip().lower()
    problems = _title_problems(title)
    if not ADDRESS.fullmatch(slug):
        problems.append(BAD_ADDRESS)
    if problems:
        raise BuilderRefused(problems)
    try:
        return add_draft(
            brand,
            kind=settings.KIND_KEY,
            slug=slug,
            title=title,
            settings=settings.SweepstakesSettings().as_dict(),
        )
    except AddressTaken as taken:
        raise BuilderRefused([str(taken)]) from None


def update_campaign(
    campaign: Campaign,
    *,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    values: dict,
) -> None:
    """Save the fields; refused as a whole once the rules are frozen or if anything is wrong."""
    try:
        rules.ensure_editable(campaign)
    except SweepstakesRefused as refused:
        raise BuilderRefused([refused.message], code=refused.code, status=409) from None
    problems = settings.problems(values) + _title_problems(title.strip())
    if starts_at and ends_at and ends_at <= starts_at:
        problems.append("Entries must close after they open.")
    if problems:
        raise BuilderRefused(problems)
    campaign.title = title.strip()
    campaign.starts_at, campaign.ends_at = starts_at, ends_at
    campaign.settings = {**(campaign.settings or {}), **values}
    db.session.flush()


def go_live(campaign: Campaign, *, now: datetime) -> None:
    """Publish the rules hash and seed commitment, then open entries; flushes."""
    if campaign.status != "draft":
        raise BuilderRefused(
            [f"Only a draft can go live; this one is {campaign.status}."], status=409
        )
    problems = settings.problems(campaign.settings)
    problems += settings.missing_for_rules(settings.read(campaign.settings))
    if campaign.starts_at is None or campaign.ends_at is None:
        problems.append("Set when entries open and close.")
    elif campaign.ends_at <= now:
        problems.append("Entries must close in the future.")
    if problems:
        raise BuilderRefused(problems)
    rules.publish(campaign, now)
    campaign.status = "live"
    db.session.flush()


def close(campaign: Campaign) -> None:
    if campaign.status != "live":
        raise BuilderRefused(
            [f"Only a live sweepstakes can close; this one is {campaign.status}."], status=409
        )
    campaign.status = "closed"
    db.session.flush()
