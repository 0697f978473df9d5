"""What the fan sign-in pages share: their blueprint, the brand they are for, their messages.

Social login cannot run in an iframe, so it runs in a popup: a first-party window on our
origin, whose cookie jar is not the iframe's. Once signed in there, the popup gets a
one-time handoff token and posts it to its opener (the iframe) with targetOrigin = our
origin; the iframe redeems it by a POST carrying its CSRF token, in its own session.
The popup's routes are in fan_popup_views (social) and fan_email_views (email link), the
iframe's in fan_iframe_views. Rules live in fan_signin, fan_tokens and fan_consent.
"""

from flask import Blueprint, g, url_for
from flask_babel import gettext as _

from app.fanpage import framing
from app.fanpage.messages import Action, hosted_action, message

bp = Blueprint("fan_auth", __name__)

PENDING_EMAIL = "fan_email_pending"
SIGNIN_BRAND = "fan_signin_brand"


def brand_or_404():
    """The brand named in the path (loaded before the view), or None; then the page that
    says so may be framed by anyone."""
    brand = g.get("brand")
    if brand is None:
        framing.allow_anyone()
    return brand


def signin_action(brand) -> Action | None:
    """A way back to the sign-in page."""
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
        actions=[signin_action(brand), hosted_action(brand)],
        status=400 if reason != "unavailable" else 404,
        json_code=reason,
    )
