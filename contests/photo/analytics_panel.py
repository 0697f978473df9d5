"""The photo contest's section of the campaign analytics page: entries by status and votes."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from contests.photo.models import ENTRY_STATUSES, PhotoEntry, PhotoVote

TEMPLATE = "console/_analytics_panel.html"


def _status_words() -> dict[str, str]:
    return {
        "pending": _("Waiting for review"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
        "disqualified": _("Disqualified"),
    }


def summary(campaign) -> dict:
    """Entries per status, votes, and guest votes waiting for their voter to sign in."""
    by_status = dict(
        db.session.execute(
            select(PhotoEntry.status, func.count())
            .where(PhotoEntry.campaign_id == campaign.id)
            .group_by(PhotoEntry.status)
        ).all()
    )
    votes = dict(
        db.session.execute(
            select(PhotoVote.provisional, func.count())
            .where(PhotoVote.campaign_id == campaign.id)
            .group_by(PhotoVote.provisional)
        ).all()
    )
    # A guest's vote is provisional until the guest signs in: never part of "votes".
    return {
        "entries": by_status,
        "votes": votes.get(False, 0),
        "provisional_votes": votes.get(True, 0),
    }


def panel(campaign) -> tuple[str, dict]:
    """Entries per status, votes counted, guest votes waiting for their voter to sign in."""
    counted = summary(campaign)
    by_status = counted["entries"]
    voters = db.session.scalar(
        select(func.count(func.distinct(PhotoVote.fan_id))).where(
            PhotoVote.campaign_id == campaign.id, PhotoVote.provisional.is_(False)
        )
    )
    words = _status_words()
    rows = [(words[status], by_status.get(status, 0)) for status in ENTRY_STATUSES]
    return TEMPLATE, {
        "title": _("Entries and votes"),
        "note": _("Since the campaign began, whatever the dates above."),
        "facts": [
            (_("Entries"), sum(by_status.values())),
            (_("Votes"), counted["votes"]),
            (_("Voters"), voters or 0),
            # Provisional until the guest signs in: counted nowhere else.
            (_("Guest votes waiting for sign-in"), counted["provisional_votes"]),
        ],
        "tables": {"entries": (_("Entries by status"), [_("Status"), _("Entries")], rows)},
    }
