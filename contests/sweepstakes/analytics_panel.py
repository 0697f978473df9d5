"""The sweepstakes' section of the campaign analytics page: entrants, entries, bonus entries."""

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import FanProfile
from contests.sweepstakes import drawing, services
from contests.sweepstakes.models import SweepstakesEntrant

TEMPLATE = "console/_analytics_panel.html"


def panel(campaign) -> tuple[str, dict]:
    """Eligible entrants and their entries, base and bonus by source, as the draw counts them."""
    entrants = db.session.scalars(
        select(SweepstakesEntrant)
        .join(FanProfile, FanProfile.id == SweepstakesEntrant.fan_id)
        .where(SweepstakesEntrant.campaign_id == campaign.id, FanProfile.fraud_flagged.is_(False))
    )
    base = referral = share = quiz = count = 0
    for entrant in entrants:
        standing = services.standing(campaign, entrant)
        if standing.total <= 0:
            continue
        count += 1
        base += standing.base
        referral += standing.referral
        share += standing.share
        quiz += standing.quiz
    rows = [
        (_("Base entries"), base),
        (_("Bonus: friends who joined"), referral),
        (_("Bonus: shares that brought a visit"), share),
        (_("Bonus: the linked quiz"), quiz),
    ]
    return TEMPLATE, {
        "title": _("Entries"),
        "note": _(
            "Since the campaign began, as the draw counts them: fans flagged for fraud left out."
        ),
        "facts": [
            (_("Entrants"), count),
            (_("Entries in the draw"), base + referral + share + quiz),
            (_("Bonus entries"), referral + share + quiz),
            (_("Drawn yet"), _("Yes") if drawing.draw_of(campaign) is not None else _("Not yet")),
        ],
        "tables": {"entries": (_("Entries by source"), [_("Source"), _("Entries")], rows)},
    }
