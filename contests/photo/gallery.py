"""The gallery: approved entries of fans in good standing, newest or most voted, by page."""

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Campaign, FanProfile
from contests.photo.models import PhotoEntry

SORTS = ("newest", "votes")
PAGE_SIZE = 12
# Past this page the gallery is empty anyway; a larger number would overflow the OFFSET.
MAX_PAGE = 100_000


@dataclass(frozen=True)
class Page:
    entries: list[PhotoEntry]
    number: int
    has_more: bool


def shown():
    """Entries anyone may see: approved, by a fan not flagged for fraud."""
    return (
        select(PhotoEntry)
        .join(FanProfile, FanProfile.id == PhotoEntry.fan_id)
        .where(PhotoEntry.status == "approved", FanProfile.fraud_flagged.is_(False))
    )


def page(campaign: Campaign, *, sort: str = "newest", number: int = 1) -> Page:
    if sort not in SORTS:
        sort = "newest"
    number = min(max(1, number), MAX_PAGE)
    order = (
        (PhotoEntry.created_at.desc(), PhotoEntry.id.desc())
        if sort == "newest"
        else (PhotoEntry.vote_count.desc(), PhotoEntry.created_at.asc(), PhotoEntry.id.asc())
    )
    rows = list(
        db.session.scalars(
            shown()
            .where(PhotoEntry.campaign_id == campaign.id)
            .order_by(*order)
            .offset((number - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return Page(rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE)


def shown_entry(campaign: Campaign, entry_id: int) -> PhotoEntry | None:
    return db.session.scalar(
        shown().where(PhotoEntry.id == entry_id, PhotoEntry.campaign_id == campaign.id)
    )
