"""The fan's sweepstakes pages under /e/<brand>/<campaign>/sweepstakes: enter, rules, draw.

Views are thin: find the campaign and the fan, call a service, commit once, answer JSON for
the entry and HTML for the public rules and draw pages.
"""

from flask import Blueprint, abort, g, jsonify, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from app.extensions import db
from app.identity.fan_session import SESSION_KEY, fan_profile, fan_user, forget, is_guest
from app.models import Brand, Campaign
from contests.sweepstakes import clock, draw, drawing, rules, services, settings
from contests.sweepstakes.errors import SweepstakesRefused

bp = Blueprint("sweepstakes", __name__, url_prefix="/e/<brand_slug>/<campaign_slug>/sweepstakes")


@bp.url_value_preprocessor
def _load_campaign(endpoint, values) -> None:
    brand_slug, campaign_slug = values.pop("brand_slug"), values.pop("campaign_slug")
    row = db.session.execute(
        select(Campaign, Brand)
        .join(Brand, Brand.id == Campaign.brand_id)
        .where(Brand.slug == brand_slug, Campaign.slug == campaign_slug)
        .where(Campaign.kind == settings.KIND_KEY)
    ).first()
    if row is None:
        abort(404)
    g.sweepstakes, g.sweepstakes_brand = row


@bp.url_defaults
def _fill_slugs(endpoint, values) -> None:
    campaign = g.get("sweepstakes")
    if campaign is not None:
        values.setdefault("brand_slug", g.sweepstakes_brand.slug)
        values.setdefault("campaign_slug", campaign.slug)


@bp.errorhandler(SweepstakesRefused)
def _refused(error: SweepstakesRefused):
    # Nothing of a refused entry is kept, not even a guest made for it.
    db.session.rollback()
    if session.get(SESSION_KEY) is not None and fan_user() is None:
        forget()
    return jsonify(error=error.message, code=error.code), error.status


@bp.errorhandler(CSRFError)
def _csrf_refused(error: CSRFError):
    return jsonify(error=_("Your session has expired; reload the page."), code="csrf"), 400


def entry_page(campaign: Campaign, brand: Brand):
    """The entry form and the fan's entries; also what /e/<brand>/<campaign> shows."""
    # Shown by the embed shell too, where this blueprint's preprocessor did not run.
    g.sweepstakes, g.sweepstakes_brand = campaign, brand
    fan = fan_profile(brand)
    entrant = services.entrant_of(campaign, fan)
    return render_template(
        "contests/sweepstakes/enter.html",
        campaign=campaign,
        brand=brand,
        options=settings.read(campaign.settings),
        entrant=entrant,
        standing=services.standing(campaign, entrant) if entrant else None,
        signed_in=fan is not None and not is_guest(fan.user),
        seal=rules.seal_of(campaign),
    )


@bp.get("/")
def enter_page():
    return entry_page(g.sweepstakes, g.sweepstakes_brand)


@bp.post("/enter")
def enter():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SweepstakesRefused(
            _("Send the entry as a JSON object."), code="malformed", status=400
        )
    campaign, fan = g.sweepstakes, fan_profile(g.sweepstakes_brand)
    if fan is None:
        raise SweepstakesRefused(
            _("Sign in to enter, so the sponsor can reach you if you win."),
            code="sign_in",
            status=401,
        )
    entry = services.enter(
        campaign,
        fan,
        date_of_birth=body.get("date_of_birth"),
        country=body.get("country"),
        agreed=body.get("agreed_to_rules"),
        now=clock.now(),
    )
    standing = services.standing(campaign, entry.entrant)
    payload = {"code": entry.entrant.code, "entries": standing.total, "period": entry.period}
    db.session.commit()
    return jsonify(payload), 201


def _seal_or_404():
    return rules.seal_of(g.sweepstakes) or abort(404)


@bp.get("/rules")
def official_rules():
    seal = _seal_or_404()
    return render_template(
        "contests/sweepstakes/rules.html",
        campaign=g.sweepstakes,
        brand=g.sweepstakes_brand,
        seal=seal,
    )


def _public_data(seal, published: draw.Published | None) -> dict:
    data = {
        "commitment": seal.commitment,
        "rules_hash": seal.rules_hash,
        "published_at": seal.published_at.isoformat(),
        "drawn": published is not None,
    }
    if published is not None:
        data |= {
            "rules_text": published.rules_text,
            "seed": published.seed_hex,
            "list_text": published.list_text,
            "list_hash": published.list_hash,
            "winners": published.winners,
            "alternates": published.alternates,
            "picks": published.picks,
            "redraws": published.redraws,
        }
    return data


@bp.get("/draw")
def draw_page():
    seal = _seal_or_404()
    published = drawing.published(g.sweepstakes)
    made = drawing.draw_of(g.sweepstakes)
    return render_template(
        "contests/sweepstakes/draw.html",
        campaign=g.sweepstakes,
        brand=g.sweepstakes_brand,
        seal=seal,
        made=made,
        redraws=drawing.redraws_of(made) if made else [],
        verification=draw.verify(published) if published else None,
        data=_public_data(seal, published),
    )


@bp.get("/draw.json")
def draw_data():
    seal = _seal_or_404()
    return jsonify(_public_data(seal, drawing.published(g.sweepstakes)))
