"""A fan's photos and votes, for the console's fan page (CampaignKind.fan_activity)."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.campaigns import ActivitySection
from app.extensions import db
from app.models import Campaign
from contests.photo.models import PhotoEntry, PhotoVote

LIMIT = 200


def status_words() -> dict[str, str]:
    return {
        "pending": _("Waiting for review"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
        "disqualified": _("Disqualified"),
    }


def sections(fan) -> list[ActivitySection]:
    """The fan's photos (with their status and votes) and the votes they cast."""
    made = []
    photos = db.session.execute(
        select(Campaign.title, PhotoEntry)
        .join(PhotoEntry, PhotoEntry.campaign_id == Campaign.id)
        .where(PhotoEntry.fan_id == fan.id)
        .order_by(PhotoEntry.created_at.desc(), PhotoEntry.id.desc())
        .limit(LIMIT)
    ).all()
    if photos:
        words = status_words()
        made.append(
            ActivitySection(
                _("Photos sent"),
                (_("Contest"), _("Photo"), _("Sent"), _("Status"), _("Votes")),
                [
                    (
                        title,
                        f"#{entry.id} {entry.caption}".strip(),
                        entry.created_at,
                        words.get(entry.status, entry.status),
                        entry.vote_count,
                    )
                    for title, entry in photos
                ],
            )
        )
    votes = db.session.execute(
        select(Campaign.title, PhotoVote.entry_id, PhotoVote.created_at, PhotoVote.provisional)
        .join(PhotoVote, PhotoVote.campaign_id == Campaign.id)
        .where(PhotoVote.fan_id == fan.id)
        .order_by(PhotoVote.created_at.desc(), PhotoVote.id.desc())
        .limit(LIMIT)
    ).all()
    if votes:
        made.append(
            ActivitySection(
                _("Photo votes"),
                (_("Contest"), _("For photo"), _("When"), _("Counted")),
                [
                    (title, f"#{entry_id}", at, _("No: a guest's vote") if guest else _("Yes"))
                    for title, entry_id, at, guest in votes
                ],
            )
        )
    return made
