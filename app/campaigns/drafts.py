"""What every kind's console does alike: a new campaign's address and row, its common fields."""

import re
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Brand, Campaign

# The campaign's part of /e/<brand>/<campaign>: lowercase words joined by dashes.
ADDRESS = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
BAD_ADDRESS = "The address may hold lowercase letters, digits and dashes only."


class AddressTaken(Exception):
    """Another campaign of the brand already has this address."""

    def __init__(self, slug: str):
        super().__init__(f"Another campaign already uses the address {slug!r}.")


def add_draft(brand: Brand, *, kind: str, slug: str, title: str, settings: dict) -> Campaign:
    """A draft campaign at `slug`; the unique constraint, not a prior read, decides. Flushes."""
    campaign = Campaign(
        brand_id=brand.id, kind=kind, slug=slug, title=title, status="draft", settings=settings
    )
    try:
        with db.session.begin_nested():
            db.session.add(campaign)
    except IntegrityError:
        raise AddressTaken(slug) from None
    return campaign


def basics_problems(
    title: str, starts_at: datetime | None, ends_at: datetime | None, *, noun: str
) -> list[str]:
    """What is wrong with the fields every campaign has, in words staff can act on."""
    problems = []
    if not (title or "").strip():
        problems.append(f"Give the {noun} a title.")
    if starts_at and ends_at and ends_at <= starts_at:
        problems.append("The end date must come after the start date.")
    return problems


def save_basics(
    campaign: Campaign,
    *,
    title: str,
    rules_text: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    settings: dict,
) -> None:
    """Store checked common fields; `settings` are merged over the kind's current ones. Flushes."""
    campaign.title = title.strip()[:200]
    campaign.rules_text = rules_text or ""
    campaign.starts_at, campaign.ends_at = starts_at, ends_at
    campaign.settings = {**(campaign.settings or {}), **settings}
    db.session.flush()
