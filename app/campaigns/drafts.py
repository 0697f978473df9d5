"""A new campaign's address and row: the unique constraint, not a prior read, decides."""

import re

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Brand, Campaign

# The campaign's part of /e/<brand>/<campaign>: lowercase words joined by dashes.
ADDRESS = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


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
