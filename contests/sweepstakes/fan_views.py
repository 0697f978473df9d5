"""The fan's sweepstakes pages under /e/<brand>/<campaign>/sweepstakes: enter, rules, draw.

Views are thin: find the campaign and the fan, call a service, commit once, answer JSON for
the entry and HTML for the public rules and draw pages.
"""

from flask import abort, g, jsonify, render_template, request
from flask_babel import gettext as _

from app import clock
from app.campaigns.fan_api import kind_fan_blueprint
from app.campaigns.refusals import Refused
from app.extensions import db
from app.identity.fan_session import fan_profile, is_guest
from app.models import Brand, Campaign
from contests.sweepstakes import draw, drawing, rules, services, settings, translations

bp = kind_fan_blueprint("sweepstakes", __name__, "sweepstakes", (settings.KIND_KEY,))


def entry_page(campaign: Campaign, brand: Brand):
    """The entry form and the fan's entries; also what /e/<brand>/<campaign> shows."""
    # Shown by the embed shell too, where this blueprint's preprocessor did not run.
    g.campaign, g.campaign_brand = campaign, brand
    fan = fan_profile(brand)
    entrant = services.entrant_of(campaign, fan)
    options = settings.read(campaign.settings)
    return render_template(
        "contests/sweepstakes/enter.html",
        campaign=campaign,
        brand=brand,
        options=options,
        # The prizes and the like in the fan's language, else the brand's default one.
        texts=translations.fan_texts(options),
        entrant=entrant,
        standing=services.standing(campaign, entrant) if entrant else None,
        signed_in=fan is not None and not is_guest(fan.user),
        seal=rules.seal_of(campaign),
    )


@bp.get("/")
def enter_page():
    return entry_page(g.campaign, g.campaign_brand)


@bp.post("/enter")
def enter():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused(_("Send the entry as a JSON object."), code="malformed", status=400)
    campaign, fan = g.campaign, fan_profile(g.campaign_brand)
    if fan is None:
        raise Refused(
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
    return rules.seal_of(g.campaign) or abort(404)


def _language_words() -> dict[str, str]:
    """How a language reads inside a sentence of the page: "in English", "en anglais"."""
    return {"en": _("in English"), "fr": _("in French")}


@bp.get("/rules")
def official_rules():
    seal = _seal_or_404()
    return render_template(
        "contests/sweepstakes/rules.html",
        campaign=g.campaign,
        brand=g.campaign_brand,
        seal=seal,
        texts=rules.texts_of(seal),
        language_words=_language_words(),
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
    published = drawing.published(g.campaign)
    made = drawing.draw_of(g.campaign)
    return render_template(
        "contests/sweepstakes/draw.html",
        campaign=g.campaign,
        brand=g.campaign_brand,
        seal=seal,
        made=made,
        redraws=drawing.redraws_of(made) if made else [],
        verification=draw.verify(published) if published else None,
        check_words=_check_words(),
        data=_public_data(seal, published),
    )


def _check_words() -> dict[str, str]:
    """The server's checks (draw.verify, in English for the CLI) in the page's language."""
    return {
        "The seed matches the commitment": _("The seed matches the commitment"),
        "The rules match the rules hash": _("The rules match the rules hash"),
        "The entry list matches its hash": _("The entry list matches its hash"),
        "The entry list is well formed": _("The entry list is well formed"),
        "The numbers of winners and alternates are those of the rules": _(
            "The numbers of winners and alternates are those of the rules"
        ),
        "The picks follow from the seed and the list": _(
            "The picks follow from the seed and the list"
        ),
        "Each redraw replaced a winner": _("Each redraw replaced a winner"),
    }


@bp.get("/draw.json")
def draw_data():
    seal = _seal_or_404()
    return jsonify(_public_data(seal, drawing.published(g.campaign)))
