"""The winning fan's claim form at /e/<brand>/<campaign>/claim/<winner id>."""

from flask import Blueprint, abort, g, render_template, request
from sqlalchemy import select

from app import clock
from app.campaigns.refusals import Refused
from app.extensions import db
from app.identity.fan_session import fan_profile
from app.models import Brand, Campaign
from app.models.winners import Winner
from app.winners import claim as claims

bp = Blueprint("winner_claim", __name__, url_prefix="/e/<brand_slug>/<campaign_slug>/claim")


@bp.url_value_preprocessor
def _load_campaign(_endpoint, values) -> None:
    row = db.session.execute(
        select(Campaign, Brand)
        .join(Brand, Brand.id == Campaign.brand_id)
        .where(Brand.slug == values.pop("brand_slug"), Campaign.slug == values.pop("campaign_slug"))
    ).first()
    if row is None:
        abort(404)
    g.claim_campaign, g.claim_brand = row


def _winner(winner_id: int) -> Winner:
    winner = db.session.scalar(
        select(Winner).where(Winner.id == winner_id, Winner.campaign_id == g.claim_campaign.id)
    )
    return winner or abort(404)


def _page(winner: Winner, *, problems=None, form=None, status: int = 200):
    fan = fan_profile(g.claim_brand)
    return render_template(
        "winners/claim.html",
        campaign=g.claim_campaign,
        winner=winner,
        refusal=claims.claimable(winner, fan, clock.now()),
        problems=problems or {},
        form=form if form is not None else _known_details(winner, fan),
        zone=g.claim_brand.timezone,
    ), status


def _known_details(winner: Winner, fan) -> dict:
    """What the form starts with: the details given before, else the account's email."""
    if winner.contact:
        return winner.contact
    if fan is not None and fan.id == winner.fan_id and fan.user.email:
        return {"email": fan.user.email}
    return {}


# One rule for both methods: a POST to an id no column can hold is then a 404, not a 405.
@bp.route("/<int:winner_id>", methods=["GET", "POST"])
def claim_page(winner_id: int):
    winner = _winner(winner_id)
    if request.method == "GET":
        return _page(winner)
    try:
        claims.claim(winner, fan_profile(g.claim_brand), request.form, clock.now())
    except Refused as refusal:
        db.session.rollback()
        problems = {p.field: str(p) for p in refusal.problems if p.field}
        return _page(
            _winner(winner_id), problems=problems, form=request.form, status=refusal.status
        )
    db.session.commit()
    return _page(winner)
