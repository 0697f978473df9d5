"""The winners page shared by every kind: contact details, claim, fulfilment, redraw; its
Export button starts the winners export (app/console/views/exports.py)."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.campaigns import get_kind
from app.campaigns.refusals import Refused
from app.console.access import brand_blueprint, current_brand, current_role, requires
from app.console.roles import can
from app.console.services import access_log
from app.extensions import db
from app.winners import claim, records

bp = brand_blueprint("console_winners", __name__, "/winners")
FAN_PAGE = "console_fans.fan"


def _sees_contact() -> bool:
    # A winner's contact details are personal data like a fan's email: the same roles see them.
    return access_log.sees_emails(current_user.user, current_brand(), current_role())


def _log_contact_views(winners) -> None:
    for winner in winners:
        # Before a claim the page shows the fan's account email: personal data all the same.
        shown = winner.contact or (winner.fan is not None and winner.fan.user.email)
        if shown and winner.fan_id is not None:
            access_log.log_personal_view(
                current_user.user, current_brand(), winner.fan_id, "contact"
            )


def _campaign_filter() -> int | None:
    value = request.args.get("campaign", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _current_winners(campaign_id: int | None):
    brand = current_brand()
    records.sync(records.campaigns_with_winners(brand), clock.now())
    return records.winners_of(brand, campaign_id)


def status_words() -> dict[str, str]:
    return {
        "pending": _("Not contacted yet"),
        "contacted": _("Contacted"),
        "claimed": _("Claimed"),
        "shipped": _("Shipped"),
        "forfeited": _("Forfeited"),
    }


def claim_url(winner) -> str:
    return url_for(
        "winner_claim.claim_page",
        brand_slug=current_brand().slug,
        campaign_slug=winner.campaign.slug,
        winner_id=winner.id,
        _external=True,
    )


@bp.get("/")
@requires("read")
def index():
    campaign_id = _campaign_filter()
    winners = _current_winners(campaign_id)
    contact = _sees_contact()
    if contact:
        _log_contact_views(winners)
    campaigns = {winner.campaign for winner in winners}
    redrawable = {c.id for c in campaigns if get_kind(c.kind).can_redraw(c)}
    page = render_template(
        "console/winners.html",
        winners=winners,
        campaign_options=[("", _("All campaigns"))]
        + [(str(c.id), c.title) for c in records.campaigns_with_winners(current_brand())],
        campaign_id=campaign_id,
        contact=contact,
        redrawable=redrawable,
        status_words=status_words(),
        may_manage=can(current_role(), "campaigns"),
        may_export=can(current_role(), "export"),
        claim_url=claim_url,
        fan_page=FAN_PAGE if FAN_PAGE in current_app.view_functions else None,
        now=clock.now(),
    )
    db.session.commit()
    return page


def _act(winner_id: int, action) -> Response:
    winner = records.winner_of(current_brand(), winner_id)
    if winner is None:
        abort(404)
    back = url_for(".index", campaign=request.form.get("back_campaign") or None)
    try:
        message = action(winner)
    except Refused as refusal:
        db.session.rollback()
        for problem in refusal.messages():
            flash(problem, "error")
        return redirect(back)
    db.session.commit()
    flash(message)
    return redirect(back)


@bp.post("/<int:winner_id>")
@requires("campaigns")
def update(winner_id: int):
    def save(winner):
        records.update(
            winner, request.form.get("status", ""), request.form.get("notes", ""), clock.now()
        )
        return _("The winner's record is saved.")

    return _act(winner_id, save)


@bp.post("/<int:winner_id>/claim-email")
@requires("campaigns")
def send_claim_email(winner_id: int):
    def send(winner):
        records.mark_contacted(winner, clock.now())
        with force_locale(current_brand().locale):
            claim.send_claim_link(winner, claim_url(winner), current_brand())
        return _("The claim link is sent to the winner.")

    return _act(winner_id, send)


@bp.post("/<int:winner_id>/redraw")
@requires("campaigns")
def redraw(winner_id: int):
    def replace(winner):
        records.redraw(winner, request.form.get("reason", ""), clock.now(), current_user.user)
        return _("The next alternate takes the place of this winner.")

    return _act(winner_id, replace)
