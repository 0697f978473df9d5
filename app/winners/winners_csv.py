"""The winners CSV's columns and rows: one row per winner, contact details only when allowed."""

from collections.abc import Iterator

from flask_babel import gettext as _

from app.models.winners import Winner
from app.winners.claim import CONTACT_FIELDS


def headers(with_contact: bool) -> list[str]:
    names = [
        _("Campaign"),
        _("Public code"),
        _("Prize"),
        _("Status"),
        _("Claim deadline"),
        _("Claimed at"),
        _("Notes"),
    ]
    if with_contact:
        names += [name for name, _length in CONTACT_FIELDS]
    return names


def rows(winners, *, with_contact: bool) -> Iterator[list]:
    """The cells of each winner, as they are; the writer makes text cells inert."""
    for winner in winners:
        yield _cells(winner, with_contact)


def _cells(winner: Winner, with_contact: bool) -> list:
    cells = [
        winner.campaign.title,
        winner.public_code,
        winner.prize,
        winner.status,
        winner.claim_deadline.isoformat() if winner.claim_deadline else "",
        winner.claimed_at.isoformat() if winner.claimed_at else "",
        winner.notes,
    ]
    if with_contact:
        cells += [(winner.contact or {}).get(name, "") for name, _length in CONTACT_FIELDS]
    return cells
