"""Signing a fan in, whatever the way in: find or create the user, claim the guest, join.

Every way in (social login, email link, brand token, Facebook signed_request) ends in
`sign_in(user, brand)`: the browser's guest, if any, is claimed (its profiles merged into
the user's), the session remembers the user, and the user has a profile in the brand.
"""

import logging

from blinker import Namespace
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.engagement.merge import merge_fans
from app.extensions import db
from app.identity import fan_names, pseudonyms
from app.identity.fan_session import (
    credit_referral,
    fan_user,
    is_guest,
    join_brand,
    profile_of,
    remember,
)
from app.mail import valid_address
from app.models import Brand, FanProfile, Identity, User

log = logging.getLogger(__name__)

# Sent inside the sign-in's transaction, with the sender the app and the keyword `profile`,
# for each profile a claimed guest's rows now belong to: kinds confirm there what they held
# provisional while the fan was a guest (a guest's votes).
guest_claimed = Namespace().signal("guest-claimed")
# Sent with the sender the app and the keyword `profile` once a sign-in made the browser's
# fan known in the brand: the fraud checks look at the address.
fan_signed_in = Namespace().signal("fan-signed-in")


def normalise_email(value: str | None) -> str | None:
    """A lowercased address if it is a valid one, else None."""
    return valid_address(value)


def sign_in(user: User, brand: Brand | None) -> FanProfile | None:
    """Make `user` the fan of this browser; returns their profile in `brand`."""
    current = fan_user()
    if current is not None and current.id != user.id and is_guest(current):
        guest_id = current.id
        try:
            with db.session.begin_nested():
                claim_guest(current, user)
        except IntegrityError:
            # A kind's rows clash (one per fan) and no merge step settles them: sign in
            # anyway and keep the guest as it is rather than lose anything. The merge's board
            # moves went with its savepoint (app.aftercommit drops them).
            log.warning(
                "Guest %s could not be merged into user %s", guest_id, user.id, exc_info=True
            )
    remember(user)
    profile = join_brand(brand, user) if brand is not None else None
    if profile is not None:
        fan_signed_in.send(current_app._get_current_object(), profile=profile)
    return profile


def claim_guest(guest: User, user: User) -> None:
    """Give everything the guest did to the user, brand by brand, then drop the guest."""
    profiles = db.session.scalars(select(FanProfile).where(FanProfile.user_id == guest.id)).all()
    for profile in profiles:
        brand = db.session.get(Brand, profile.brand_id)
        mine = profile_of(brand, user)
        if mine is None:
            profile.user = user
            db.session.flush()
            credit_referral(profile)
        else:
            profile = merge_fans(profile, mine)
        guest_claimed.send(current_app._get_current_object(), profile=profile)
    db.session.flush()
    left = db.session.scalar(select(func.count()).where(FanProfile.user_id == guest.id))
    if not left:
        db.session.delete(db.session.get(User, guest.id))
        db.session.flush()


def user_for_identity(
    provider: str,
    subject: str,
    *,
    email: str | None = None,
    email_verified: bool = False,
    name: str | None = None,
) -> User:
    """The user this provider's subject is; linked by email only if the provider verified it."""
    identity = db.session.scalar(
        select(Identity).where(Identity.provider == provider, Identity.subject == subject)
    )
    if identity is not None:
        return identity.user
    email = normalise_email(email) if email_verified else None
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    if user is None:
        user = User(email=email, display_name=fan_names.from_provider(name))
        db.session.add(user)
        db.session.flush()
    elif not user.display_name:
        user.display_name = fan_names.from_provider(name)
    db.session.add(Identity(user=user, provider=provider, subject=subject[:255]))
    db.session.flush()
    return user


def user_for_email(email: str) -> User:
    """The user who owns this (proven) email address, created on first sign-in."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        # Never a name made from the address: it would show the address on public boards.
        user = User(email=email, display_name=pseudonyms.new_name())
        db.session.add(user)
        db.session.flush()
    elif not user.display_name:  # a staff account, say, signing in to play
        user.display_name = pseudonyms.new_name()
    return user
