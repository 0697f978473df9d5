"""Fan sign-in routes: the popup (social, email), the handoff to the iframe, brand tokens,
Facebook page tabs and signing out. Rules live in fan_signin, fan_tokens and fan_consent.

Social login cannot run in an iframe, so it runs in a popup: a first-party window on our
origin, whose cookie jar is not the iframe's. Once signed in there, the popup gets a
one-time handoff token and posts it to its opener (the iframe) with targetOrigin = our
origin; the iframe redeems it by a POST carrying its CSRF token, in its own session.
"""

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from joserfc.errors import JoseError

from app import mail
from app.embed import framing
from app.embed.context import load_brand
from app.embed.messages import Action, hosted_action, message, unknown_brand
from app.extensions import csrf, db, limiter
from app.identity import fan_providers, fan_tokens
from app.identity.fan_session import fan_user, forget, is_guest
from app.identity.fan_signin import normalise_email, sign_in, user_for_email, user_for_identity
from app.identity.fan_tokens import TokenError
from app.models import User

bp = Blueprint("fan_auth", __name__)

PENDING_EMAIL = "fan_email_pending"
SIGNIN_BRAND = "fan_signin_brand"


def _brand_or_404():
    brand = g.get("brand")
    if brand is None:
        framing.allow_anyone()
    return brand


def _signin_action(brand) -> Action | None:
    if brand is None:
        return None
    return Action(_("Try again"), url_for("fan_auth.signin", brand_slug=brand.slug))


def token_problem(reason: str, brand=None, *, link: bool = False):
    """The fan's message for a token that cannot sign them in."""
    if reason == "expired":
        body = (
            _("This sign-in link has expired. Ask for a new one.")
            if link
            else _("This sign-in has expired. Please sign in again.")
        )
    elif reason == "used" or reason == "replayed":
        body = (
            _("This sign-in link was already used. Ask for a new one if you need to.")
            if link
            else _("This sign-in was already used. Please sign in again.")
        )
    elif reason == "other_brand":
        body = _("This sign-in was made for another brand. Please sign in here.")
    elif reason == "unavailable":
        body = _("This way of signing in is not set up for this brand.")
    else:
        body = _("This sign-in could not be verified. Please sign in again.")
    return message(
        _("Sign-in did not work"),
        body,
        actions=[_signin_action(brand), hosted_action(brand)],
        status=400 if reason != "unavailable" else 404,
        json_code=reason,
    )


def _email_key() -> str:
    return normalise_email(request.form.get("email")) or request.remote_addr or "unknown"


# The popup -------------------------------------------------------------------------------


@bp.get("/fan/<brand_slug>/signin")
def signin(brand_slug):
    brand = _brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    session[SIGNIN_BRAND] = brand.slug
    user = fan_user()
    known = user if user is not None and not is_guest(user) else None
    return render_template(
        "embed/signin.html", providers=fan_providers.providers(), known=known, error=None
    )


@bp.get("/fan/<brand_slug>/signin/<provider_name>")
def start_provider(brand_slug, provider_name):
    brand = _brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    provider = fan_providers.get_provider(provider_name)
    if provider is None:
        return message(
            _("Sign-in not available"),
            _("This way of signing in is not available. Please choose another one."),
            actions=[_signin_action(brand)],
            status=404,
        )
    redirect_uri = url_for("fan_auth.callback", provider_name=provider.name, _external=True)
    try:
        sent = provider.client.create_authorization_url(redirect_uri)
    except (requests.RequestException, ValueError, RuntimeError):
        current_app.logger.exception("Fan sign-in provider %s is unreachable", provider.name)
        return _provider_down(brand, provider)
    provider.client.save_authorize_data(redirect_uri=redirect_uri, brand=brand.slug, **sent)
    return redirect(sent["url"])


def _provider_down(brand, provider):
    return message(
        _("Sign-in not available"),
        _(
            "%(provider)s did not answer. Please try again in a moment, or sign in another way.",
            provider=provider.label,
        ),
        actions=[_signin_action(brand)],
        status=502,
    )


@bp.get("/fan/auth/<provider_name>/callback")
def callback(provider_name):
    framing.forbid_framing()
    provider = fan_providers.get_provider(provider_name)
    if provider is None:
        return message(_("Sign-in not available"), _("This sign-in link is not valid."), status=404)
    state = request.args.get("state") or ""
    saved = provider.client.framework.get_state_data(session, state) if state else None
    brand = load_brand((saved or {}).get("brand") or session.get(SIGNIN_BRAND))
    g.brand = brand
    if saved is None:
        return message(
            _("Sign-in expired"),
            _(
                "This sign-in attempt has expired or was started in another window. "
                "Please start again."
            ),
            actions=[_signin_action(brand)],
            status=400,
            json_code="state",
        )
    if request.args.get("error"):
        provider.client.framework.clear_state_data(session, state)
        return message(
            _("Sign-in cancelled"),
            _("You did not finish signing in with %(provider)s.", provider=provider.label),
            actions=[_signin_action(brand)],
            status=400,
        )
    try:
        token = provider.client.authorize_access_token()
        identity = _identity(provider, token)
    except MismatchingStateError:
        return message(
            _("Sign-in expired"),
            _("This sign-in attempt has expired or was started in another window."),
            actions=[_signin_action(brand)],
            status=400,
            json_code="state",
        )
    except (OAuthError, JoseError, requests.RequestException, KeyError, ValueError):
        current_app.logger.warning("Fan sign-in with %s failed", provider.name, exc_info=True)
        return message(
            _("Sign-in did not work"),
            _(
                "%(provider)s could not confirm who you are. Please try again.",
                provider=provider.label,
            ),
            actions=[_signin_action(brand)],
            status=400,
        )
    user = user_for_identity(provider.name, **identity)
    sign_in(user, brand)
    db.session.commit()
    if brand is None:
        return message(_("You are signed in"), _("You can close this window."), status=200)
    return redirect(url_for("fan_auth.done", brand_slug=brand.slug))


def _identity(provider, token) -> dict:
    """Who the provider says this is: subject, email (and whether verified), name."""
    if provider.kind == "facebook":
        me = provider.client.get("me?fields=id,name,email", token=token).json()
        return {"subject": str(me["id"]), "email": me.get("email"), "name": me.get("name")}
    info = token.get("userinfo")
    if not info or not info.get("sub"):
        raise ValueError("no verified id_token in the provider's answer")
    return {
        "subject": str(info["sub"]),
        "email": info.get("email"),
        "email_verified": info.get("email_verified") is True,
        "name": info.get("name") or info.get("preferred_username"),
    }


@bp.post("/fan/<brand_slug>/signin/email")
@limiter.limit("10 per 10 minutes")
@limiter.limit("3 per 10 minutes", key_func=_email_key)
def email_request(brand_slug):
    brand = _brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    email = normalise_email(request.form.get("email"))
    if email is None:
        user = fan_user()
        return render_template(
            "embed/signin.html",
            providers=fan_providers.providers(),
            known=user if user is not None and not is_guest(user) else None,
            error=_("Please enter a valid email address."),
        ), 422
    row, secret = fan_tokens.issue_login_token(
        "email", brand, email=email, ttl=fan_tokens.EMAIL_LINK_TTL
    )
    link = url_for(
        "fan_auth.email_link",
        brand_slug=brand.slug,
        token=fan_tokens.email_link_token(row, secret),
        _external=True,
    )
    minutes = int(fan_tokens.EMAIL_LINK_TTL.total_seconds() // 60)
    mail.send_email(
        email,
        _("Your sign-in link for %(brand)s", brand=brand.name),
        _(
            "Hello,\n\nTo sign in to %(brand)s, open this link within %(minutes)d minutes:\n\n"
            "%(link)s\n\nIt works once. If you did not ask for it, ignore this message.\n",
            brand=brand.name,
            minutes=minutes,
            link=link,
        ),
    )
    session[PENDING_EMAIL] = email
    db.session.commit()
    return render_template("embed/signin_email_sent.html", email=email)


@bp.get("/fan/<brand_slug>/signin/email/status")
def email_status(brand_slug):
    """The popup waits here: the link, opened in this browser, signs in this same cookie jar."""
    brand = _brand_or_404()
    if brand is None:
        return unknown_brand()
    user = fan_user()
    pending = session.get(PENDING_EMAIL)
    signed_in = bool(pending and user is not None and user.email == pending)
    if signed_in:
        # Only this poll clears the marker: the link's own tab lands on the done page too,
        # and must not leave the waiting popup without an answer.
        session.pop(PENDING_EMAIL)
    return jsonify(
        signed_in=signed_in,
        next=url_for("fan_auth.done", brand_slug=brand.slug) if signed_in else None,
    )


@bp.route("/fan/<brand_slug>/signin/email/<token>", methods=["GET", "POST"])
def email_link(brand_slug, token):
    """GET asks to confirm (mail scanners open links too); POST signs in, once."""
    brand = _brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    try:
        secret = fan_tokens.read_email_link(token)
        if request.method == "GET":
            return render_template("embed/signin_email_confirm.html", token=token)
        row = fan_tokens.consume_login_token("email", brand, secret)
    except TokenError as problem:
        return token_problem(problem.reason, brand, link=True)
    user = user_for_email(row.email)
    sign_in(user, brand)
    db.session.commit()
    return redirect(url_for("fan_auth.done", brand_slug=brand.slug), 303)


@bp.get("/fan/<brand_slug>/signin/done")
def done(brand_slug):
    """Signed in in this window: hand a one-time token to the page that opened it."""
    brand = _brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    user = fan_user()
    if user is None or is_guest(user):
        return message(
            _("You are not signed in"),
            _("Please sign in first."),
            actions=[_signin_action(brand)],
            status=401,
        )
    _row, secret = fan_tokens.issue_login_token(
        "handoff", brand, user=user, ttl=fan_tokens.HANDOFF_TTL
    )
    db.session.commit()
    response = current_app.make_response(
        render_template("embed/signin_done.html", handoff=secret, account=user)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# The iframe ------------------------------------------------------------------------------


@bp.post("/fan/<brand_slug>/handoff")
@limiter.limit("30 per minute")
def handoff(brand_slug):
    brand = _brand_or_404()
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
    brand = _brand_or_404()
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
    brand = _brand_or_404()
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
    brand = _brand_or_404()
    if brand is None:
        return unknown_brand()
    forget()
    return redirect(url_for("embed.home", brand_slug=brand.slug), 303)


def _posted(name: str) -> str:
    data = request.get_json(silent=True) if request.is_json else None
    value = (data or {}).get(name) if isinstance(data, dict) else request.form.get(name)
    return value if isinstance(value, str) else ""
