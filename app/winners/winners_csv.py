"""The winners CSV: one row per winner, contact details only for staff allowed to see them."""

import csv
import io

from flask_babel import gettext as _

from app.engagement.superfan_columns import neutralise
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


def winners_csv(winners: list[Winner], *, with_contact: bool) -> bytes:
    """RFC 4180 CSV in UTF-8; cells that a spreadsheet would run as formulas are neutralised."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers(with_contact))
    for winner in winners:
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
        writer.writerow([neutralise(cell) for cell in cells])
    return text.getvalue().encode("utf-8")
