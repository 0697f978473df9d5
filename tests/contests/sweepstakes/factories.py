"""Sweepstakes rows for tests that need an entrant but not the entering flow (console pages)."""

from datetime import date

from app.extensions import db
from contests.sweepstakes.models import SweepstakesEntrant
from contests.sweepstakes.settings import KIND_KEY
from tests.factories import make_campaign


def make_sweepstakes(brand, slug: str = "draw", **fields):
    """A sweepstakes campaign row, settings left empty: enough for pages that list it."""
    campaign = make_campaign(brand, slug, **fields)
    campaign.kind = KIND_KEY
    db.session.flush()
    return campaign


def make_entrant(campaign, fan, code: str = "K7QX2M", **fields) -> SweepstakesEntrant:
    """`fan` entered `campaign` under `code`: an adult in France who agreed to the rules."""
    entrant = SweepstakesEntrant(
        campaign_id=campaign.id,
        fan_id=fan.id,
        code=code,
        date_of_birth=fields.pop("date_of_birth", date(1990, 1, 1)),
        country=fields.pop("country", "FR"),
        rules_hash=fields.pop("rules_hash", "0" * 64),
        **fields,
    )
    db.session.add(entrant)
    db.session.flush()
    return entrant
