"""What every kind's fan blueprint does alike: find its campaign, answer refusals as JSON.

A view raises app.campaigns.refusals.Refused; the fan script gets {error, code, problems}.

A kind's fan routes live under /e/<brand>/<campaign>/<part>/ so they use the fan session
cookie. The blueprint puts the campaign and its brand in `g.campaign` and `g.campaign_brand`
and fills both slugs back in when the kind builds its own URLs.
"""

from flask import Blueprint, abort, g, jsonify, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from app.campaigns.refusals import Refused
from app.extensions import db
from app.fanpage.cookies import fan_cookie_came_back
from app.fanpage.messages import cookies_blocked_words, wants_json
from app.identity.fan_session import SESSION_KEY, fan_user, forget
from app.models import Brand, Campaign

# Names of the blueprints kind_fan_blueprint made: app/errors.py answers their scripts' 404,
# 413 and 429 in the same JSON as the kinds' own refusals.
_KIND_BLUEPRINTS: set[str] = set()


def is_kind_api_request() -> bool:
    """A kind's fan script calling its API (not opening its page): it reads refuse()'s JSON."""
    return request.blueprint in _KIND_BLUEPRINTS and (wants_json() or request.method != "GET")


def refuse(message: str, code: str, status: int):
    """The JSON answer to a refused action, with nothing of it kept, not even a guest."""
    return answer_refusal(Refused(message, code=code, status=status))


def answer_refusal(refusal: Refused):
    """A Refused as JSON ({error, code, problems}), with nothing of it kept, not even a guest."""
    db.session.rollback()
    if session.get(SESSION_KEY) is not None and fan_user() is None:
        # The cookie must not name a user id the database never kept: it could be reused.
        forget()
    return jsonify(refusal.as_json()), refusal.status


def kind_fan_blueprint(name: str, import_name: str, part: str, kinds: tuple[str, ...]) -> Blueprint:
    """A blueprint at /e/<brand>/<campaign>/<part> that only serves campaigns of `kinds`."""
    bp = Blueprint(name, import_name, url_prefix=f"/e/<brand_slug>/<campaign_slug>/{part}")
    _KIND_BLUEPRINTS.add(name)

    @bp.url_value_preprocessor
    def _load_campaign(_endpoint, values) -> None:
        brand_slug, campaign_slug = values.pop("brand_slug"), values.pop("campaign_slug")
        row = db.session.execute(
            select(Campaign, Brand)
            .join(Brand, Brand.id == Campaign.brand_id)
            .where(Brand.slug == brand_slug, Campaign.slug == campaign_slug)
            .where(Campaign.kind.in_(kinds))
        ).first()
        if row is None:
            abort(404)
        g.campaign, g.campaign_brand = row

    @bp.url_defaults
    def _fill_slugs(_endpoint, values) -> None:
        campaign = g.get("campaign")
        if campaign is not None:
            values.setdefault("brand_slug", g.campaign_brand.slug)
            values.setdefault("campaign_slug", campaign.slug)

    @bp.errorhandler(Refused)
    def _refused(refusal: Refused):
        return answer_refusal(refusal)

    @bp.errorhandler(CSRFError)
    def _csrf_refused(_error: CSRFError):
        if not fan_cookie_came_back():
            return jsonify(error=cookies_blocked_words(), code="cookies_blocked"), 400
        return jsonify(error=_("Your session has expired; reload the page."), code="csrf"), 400

    return bp
