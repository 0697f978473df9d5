"""Who is playing in this browser: a guest or a signed-in user, kept in the fan session.

Also how a fan joins a brand: the first FanProfile carries the join source (UTM tags and
referral code of the first visit, kept in the session until then), and a referral credits
the referrer once, when the referred person is known (not while a guest: a new private
window would otherwise be a new referral).
"""

import secrets
from functools import partial

from flask import g, session
from sqlalchemy import select

from app.aftercommit import after_commit
from app.engagement import record
from app.extensions import db
from app.fraud import detect as fraud_detect
from app.models import Brand, FanProfile, User

SESSION_KEY = "fan_user_id"
NEW_GUEST_KEY = "superfan_new_guest_id"
JOIN_KEY = "fan_join"
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign")


def fan_user() -> User | None:
    user_id = session.get(SESSION_KEY) or g.get(NEW_GUEST_KEY)
    return db.session.get(User, user_id) if user_id is not None else None


def remember(user: User) -> None:
    session[SESSION_KEY] = user.id
    session.permanent = True


def forget() -> None:
    session.pop(SESSION_KEY, None)


def is_guest(user: User) -> bool:
    return user.email is None and not user.identities


def fan_profile(brand: Brand, *, create_guest: bool = False) -> FanProfile | None:
    """The session user's profile in this brand; with create_guest, a guest is made if needed."""
    user = fan_user()
    if user is None:
        if not create_guest:
            return None
        user = _new_guest()
    profile = profile_of(brand, user)
    if profile is None and create_guest:
        profile = join_brand(brand, user)
    return profile


def _new_guest() -> User:
    """A guest, remembered in the cookie only once its row is committed.

    Remembered earlier, a rolled-back request would leave the browser holding an id that
    the database may give to the next new user.
    """
    user = User(display_name="Guest")
    db.session.add(user)
    db.session.flush()
    g.setdefault(NEW_GUEST_KEY, user.id)
    after_commit(db.session(), partial(_remember_id, user.id))
    return user


def _remember_id(user_id: int) -> None:
    session[SESSION_KEY] = user_id
    session.permanent = True


def profile_of(brand: Brand, user: User) -> FanProfile | None:
    return db.session.scalar(
        select(FanProfile).where(FanProfile.brand_id == brand.id, FanProfile.user_id == user.id)
    )


def new_referral_code() -> str:
    return secrets.token_urlsafe(8)[:10]


def note_join_source(brand: Brand, args) -> None:
    """Keep the first visit's UTM tags and referral code until the fan joins the brand."""
    tags = {field: args[field][:100] for field in UTM_FIELDS if args.get(field)}
    if args.get("ref"):
        tags["ref"] = args["ref"][:16]
    if not tags:
        return
    pending = dict(session.get(JOIN_KEY) or {})
    if str(brand.id) not in pending:  # first touch wins
        pending[str(brand.id)] = tags
        session[JOIN_KEY] = pending


def join_brand(brand: Brand, user: User) -> FanProfile:
    """The user's profile in the brand, created with the pending join source if new."""
    profile = profile_of(brand, user)
    if profile is not None:
        return profile
    pending = dict(session.get(JOIN_KEY) or {})
    tags = pending.pop(str(brand.id), None) or {}
    if JOIN_KEY in session:
        session[JOIN_KEY] = pending
    profile = FanProfile(
        brand_id=brand.id,
        user=user,
        referral_code=new_referral_code(),
        **{field: tags.get(field) for field in UTM_FIELDS},
    )
    referrer = _referrer(brand, tags.get("ref"))
    if referrer is not None and referrer.user_id != user.id:
        profile.referred_by_id = referrer.id
    db.session.add(profile)
    fraud_detect.new_fan(profile)  # before the flush: the row is written with its origin
    db.session.flush()
    credit_referral(profile)
    return profile


def _referrer(brand: Brand, code: str | None) -> FanProfile | None:
    if not code:
        return None
    return db.session.scalar(
        select(FanProfile).where(FanProfile.brand_id == brand.id, FanProfile.referral_code == code)
    )


def credit_referral(profile: FanProfile) -> None:
    """Credit the referrer once per referred person and brand, once that person is known."""
    if profile.referred_by_id is None or is_guest(profile.user):
        return
    referrer = db.session.get(FanProfile, profile.referred_by_id)
    if referrer is None or referrer.user_id == profile.user_id:
        return
    record(
        referrer,
        "referral_joined",
        ref=f"fan:{profile.id}",
        key=f"referral_joined:{profile.user_id}",
    )
