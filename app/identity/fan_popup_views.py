"""The sign-in popup: the sign-in page, social providers (OAuth), and the done page that
hands a one-time token to the iframe that opened it."""

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError

from app.extensions import db
from app.fanpage import framing
from app.fanpage.brands import load_brand
from app.fanpage.messages import message, unknown_brand
from app.identity import fan_providers, fan_tokens
from app.identity.fan_auth import SIGNIN_BRAND, bp, brand_or_404, signin_action
from app.identity.fan_session import fan_user, is_guest
from app.identity.fan_signin import sign_in, user_for_identity


@bp.get("/fan/<brand_slug>/signin")
def signin(brand_slug):
    brand = brand_or_404()
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
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    provider = fan_providers.get_provider(provider_name)
    if provider is None:
        return message(
            _("Sign-in not available"),
            _("This way of signing in is not available. Please choose another one."),
            actions=[signin_action(brand)],
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
        actions=[signin_action(brand)],
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
            actions=[signin_action(brand)],
            status=400,
            json_code="state",
        )
    if request.args.get("error"):
        provider.client.framework.clear_state_data(session, state)
        return message(
            _("Sign-in cancelled"),
            _("You did not finish signing in with %(provider)s.", provider=provider.label),
            actions=[signin_action(brand)],
            status=400,
        )
    try:
        token = provider.client.authorize_access_token()
        identity = _identity(provider, token)
    except MismatchingStateError:
        return message(
            _("Sign-in expired"),
            _("This sign-in attempt has expired or was started in another window."),
            actions=[signin_action(brand)],
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
            actions=[signin_action(brand)],
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


@bp.get("/fan/<brand_slug>/signin/done")
def done(brand_slug):
    """Signed in in this window: hand a one-time token to the page that opened it."""
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    user = fan_user()
    if user is None or is_guest(user):
        return message(
            _("You are not signed in"),
            _("Please sign in first."),
            actions=[signin_action(brand)],
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
