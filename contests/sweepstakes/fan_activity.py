"""A fan's sweepstakes entries and their entrant codes, for the console's fan pages."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.campaigns import ActivitySection
from app.extensions import db
from app.models import Campaign
from contests.sweepstakes.models import SweepstakesEntrant, SweepstakesEntry

LIMIT = 200
CODE_LENGTH = 16


def sections(fan) -> list[ActivitySection]:
    """Each draw the fan entered: their code, how many entries, since when."""
    rows = db.session.execute(
        select(
            Campaign.title,
            SweepstakesEntrant.code,
            SweepstakesEntrant.created_at,
            func.count(SweepstakesEntry.id),
        )
        .join(SweepstakesEntrant, SweepstakesEntrant.campaign_id == Campaign.id)
        .outerjoin(SweepstakesEntry, SweepstakesEntry.entrant_id == SweepstakesEntrant.id)
        .where(SweepstakesEntrant.fan_id == fan.id)
        .group_by(Campaign.title, SweepstakesEntrant.id)
        .order_by(SweepstakesEntrant.created_at.desc())
        .limit(LIMIT)
    ).all()
    if not rows:
        return []
    columns = (_("Sweepstakes"), _("Entrant code"), _("First entry"), _("Entries"))
    return [ActivitySection(_("Sweepstakes entries"), columns, [tuple(row) for row in rows])]


def fans_with_code(brand, code: str) -> list[int]:
    """The brand's fans whose entrant code is `code` (any case)."""
    code = code.strip().upper()
    if not code or len(code) > CODE_LENGTH:
        return []
    return list(
        db.session.scalars(
            select(SweepstakesEntrant.fan_id)
            .join(Campaign, Campaign.id == SweepstakesEntrant.campaign_id)
            .where(Campaign.brand_id == brand.id, func.upper(SweepstakesEntrant.code) == code)
        )
    )
