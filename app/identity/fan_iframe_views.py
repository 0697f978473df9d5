"""Sign-in from inside the iframe: the popup's handoff, the brand site's token, a Facebook
page tab's signed_request, and signing out."""

from flask import current_app, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from app.extensions import csrf, db, limiter
from app.fanpage import framing
from app.fanpage.messages import hosted_action, message, unknown_brand
from app.identity import fan_tokens
from app.identity.fan_auth import bp, brand_or_404, token_problem
from app.identity.fan_session import fan_user, forget
from app.identity.fan_signin import sign_in, user_for_identity
from app.identity.fan_tokens import TokenError
from app.models import User


@bp.post("/fan/<brand_slug>/handoff")
@limiter.limit("30 per minute")
def handoff(brand_slug):
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.allow_brand(brand)
    secret = _posted("token")
    try:
        row = fan_tokens.consume_login_token("handoff", brand, secret)
    except TokenError as problem:
        return token_problem(problem.reason, brand)
    sign_in(db.session.get(User, row.user_id), brand)
    db.session.commit()
    return jsonify(ok=True)


@bp.post("/fan/<brand_slug>/brand-token")
@limiter.limit("30 per minute")
def brand_token(brand_slug):
    """The brand's site vouches for its signed-in user (data-fan-token in embed.js)."""
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.allow_brand(brand)
    try:
        claims = fan_tokens.verify_brand_token(brand, _posted("token"))
    except TokenError as problem:
        db.session.rollback()
        return token_problem(problem.reason, brand)
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    # Brands are trusted for their own users only: never linked to an account by email.
    user = user_for_identity(f"brand:{brand.id}", claims["sub"], name=name)
    changed = fan_user() is not user
    sign_in(user, brand)
    db.session.commit()
    return jsonify(ok=True, changed=changed)


@bp.post("/e/<brand_slug>/facebook-tab")
@csrf.exempt
def facebook_tab(brand_slug):
    """A legacy Facebook page tab: Facebook POSTs a signed_request into its iframe."""
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.allow_brand(brand)
    try:
        payload = fan_tokens.parse_signed_request(
            request.form.get("signed_request", ""), current_app.config.get("FACEBOOK_APP_SECRET")
        )
    except TokenError as problem:
        return message(
            _("Facebook link not valid"),
            _("We could not verify this Facebook page. Open the page on our site instead."),
            actions=[hosted_action(brand)],
            status=400 if problem.reason != "unavailable" else 404,
        )
    if payload.get("user_id"):
        user = user_for_identity("facebook", str(payload["user_id"]))
        sign_in(user, brand)
    db.session.commit()
    return redirect(url_for("embed.home", brand_slug=brand.slug), 303)


@bp.post("/fan/<brand_slug>/signout")
def signout(brand_slug):
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    forget()
    return redirect(url_for("embed.home", brand_slug=brand.slug), 303)


def _posted(name: str) -> str:
    data = request.get_json(silent=True) if request.is_json else None
    value = (data or {}).get(name) if isinstance(data, dict) else request.form.get(name)
    return value if isinstance(value, str) else ""
