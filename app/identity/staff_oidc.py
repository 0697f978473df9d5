"""Optional OpenID Connect sign-in for staff, set by the SUPERFAN_STAFF_OIDC_* variables.

It only signs in people who are staff already: a known (provider, subject) Identity, or a
verified email of an existing staff user. It never creates staff from nowhere.
"""

from urllib.parse import urlsplit

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db, oauth
from app.identity.staff_accounts import find_user, is_staff, normalise_email
from app.models import Identity, User

CLIENT_NAME = "staff_oidc"
EXTENSION_KEY = "superfan.staff_oidc"
WELL_KNOWN = "/.well-known/openid-configuration"


class NoStaffAccount(Exception):
    """The provider vouched for someone who is not on any brand's staff."""


def init_app(app: Flask) -> None:
    """Read the settings and register the Authlib client when all three are given."""
    issuer = app.config.get("STAFF_OIDC_ISSUER")
    if not (
        issuer
        and app.config.get("STAFF_OIDC_CLIENT_ID")
        and app.config.get("STAFF_OIDC_CLIENT_SECRET")
    ):
        return
    metadata_url = issuer if issuer.endswith(WELL_KNOWN) else issuer.rstrip("/") + WELL_KNOWN
    # Authlib caches clients by name for the process; each app must get its own settings.
    oauth._clients.pop(CLIENT_NAME, None)
    app.extensions[EXTENSION_KEY] = oauth.register(
        CLIENT_NAME,
        client_id=app.config["STAFF_OIDC_CLIENT_ID"],
        client_secret=app.config["STAFF_OIDC_CLIENT_SECRET"],
        server_metadata_url=metadata_url,
        client_kwargs={"scope": "openid email profile"},
    )


def enabled() -> bool:
    return EXTENSION_KEY in current_app.extensions


def client():
    return current_app.extensions[EXTENSION_KEY]


def label() -> str:
    return current_app.config.get("STAFF_OIDC_LABEL") or "single sign-on"


def provider() -> str:
    """The Identity.provider of this installation's staff sign-in, named after its issuer."""
    return ("oidc:" + urlsplit(current_app.config["STAFF_OIDC_ISSUER"]).netloc)[:64]


def staff_for_claims(claims: dict) -> User:
    """The existing staff user the ID token's claims belong to; links the identity on first use."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise NoStaffAccount(_("The sign-in provider sent no account identifier."))
    identity = db.session.scalar(
        select(Identity).where(Identity.provider == provider(), Identity.subject == subject)
    )
    if identity is not None:
        if not is_staff(identity.user):
            raise NoStaffAccount(_("This account is no longer on any brand's staff."))
        return identity.user
    email = normalise_email(claims.get("email"))
    if not email or claims.get("email_verified") not in (True, "true"):
        raise NoStaffAccount(
            _(
                "The sign-in provider did not confirm your email address, so we cannot match it "
                "to a staff account. Sign in with your password instead."
            )
        )
    user = find_user(email)
    if user is None or not is_staff(user):
        raise NoStaffAccount(
            _(
                "No Superfan staff account uses %(email)s. Ask a brand owner to invite you.",
                email=email,
            )
        )
    db.session.add(Identity(user_id=user.id, provider=provider(), subject=subject))
    db.session.flush()
    return user
