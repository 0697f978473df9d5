"""The sweepstakes' winners for the console's winners page, and a forfeit's verifiable redraw."""

from sqlalchemy import select

from app.campaigns import WinnerRow
from app.extensions import db
from app.models import Campaign
from contests.sweepstakes import draw, drawing, settings
from contests.sweepstakes.models import SweepstakesEntrant

PRIZE_LENGTH = 200


def winners(campaign: Campaign) -> list[WinnerRow]:
    """The current winners of the draw (after any redraws), in the order they were picked."""
    made = drawing.draw_of(campaign)
    if made is None:
        return []
    disqualified = [row.entrant_code for row in drawing.redraws_of(made)]
    codes, _alternates = draw.outcome(
        drawing.picks_of(made), disqualified, made.winners, made.alternates
    )
    fans = dict(
        db.session.execute(
            select(SweepstakesEntrant.code, SweepstakesEntrant.fan_id).where(
                SweepstakesEntrant.campaign_id == campaign.id, SweepstakesEntrant.code.in_(codes)
            )
        ).all()
    )
    prize = settings.read(campaign.settings).prizes[:PRIZE_LENGTH]
    return [
        WinnerRow(ref=code, public_code=code, fan_id=fans.get(code), prize=prize) for code in codes
    ]


def can_redraw(campaign: Campaign) -> bool:
    return drawing.draw_of(campaign) is not None


def redraw(campaign: Campaign, ref: str, reason: str, *, now, by_user_id=None) -> None:
    """The draw's own redraw: the next alternate takes the place, published and verifiable."""
    drawing.redraw(campaign, ref, reason, now=now, by_user_id=by_user_id)
