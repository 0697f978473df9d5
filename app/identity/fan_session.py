"""Who is playing in this browser: a guest or a signed-in user, kept in the fan session.

Also how a fan joins a brand: the first FanProfile carries the join source (UTM tags and
referral code of the first visit, kept in the session until then), and a referral credits
the referrer once, when the referred person is known (not while a guest: a new private
window would otherwise be a new referral).

One guest per browser: every GET on a fan path gives the session a random guest key (and
the device id the fraud checks use) if it has none, and a guest is made with its browser's key,
unique in the database. An action must carry the CSRF token a page put in the session, so
a browser's concurrent first actions all carry the same key: the first one's INSERT wins,
the others meet the unique key, wait for its commit and take its guest, whatever the
client script does. Signing out gives the browser a new key, so the next guest is a new one.
"""

import secrets
from functools import partial, wraps

from blinker import Namespace
from flask import current_app, g, session
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.aftercommit import after_commit
from app.conflicts import retrying
from app.engagement import record
from app.extensions import db
from app.identity import pseudonyms
from app.models import Brand, FanProfile, User

SESSION_KEY = "fan_user_id"
NEW_GUEST_KEY = "superfan_new_guest_id"
# A random id per fan cookie jar: it survives sign-out and signing in as someone else, so
# one browser making many accounts shows, and (signed with the session) it cannot be forged
# to blame another browser. Clearing cookies makes a new one; the IP still counts then.
DEVICE_KEY = "fan_device"
GUEST_KEY = "fan_guest_key"
JOIN_KEY = "fan_join"
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign")

# Sent with the sender the app and the keyword `profile` inside the savepoint that adds a
# fan's new profile, before its flush: the fraud checks note where the fan comes from.
fan_joined = Namespace().signal("fan-joined")


def fan_user() -> User | None:
    user_id = session.get(SESSION_KEY) or g.get(NEW_GUEST_KEY)
    return db.session.get(User, user_id) if user_id is not None else None


def remember(user: User) -> None:
    session[SESSION_KEY] = user.id
    session.permanent = True


def forget() -> None:
    session.pop(SESSION_KEY, None)
    # The browser's next guest is a new person: never the one its old key may still name.
    session[GUEST_KEY] = secrets.token_hex(16)


def issue_browser_keys() -> None:
    """On any GET: the browser's device id and guest key, before it can take any action."""
    device_id()
    _guest_key()


def device_id() -> str:
    """This browser's device id, which the fraud checks count new fans and guest votes by."""
    device = session.get(DEVICE_KEY)
    if not device:
        device = session[DEVICE_KEY] = secrets.token_hex(16)
    return device


def _guest_key() -> str:
    key = session.get(GUEST_KEY)
    if not key:  # a session from before keys came with pages gets one on its first action
        key = session[GUEST_KEY] = secrets.token_hex(16)
    return key


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
    """This browser's guest: made once per guest key, found again by its concurrent actions.

    A guest made here is remembered in the cookie only once its row is committed:
    remembered earlier, a rolled-back request would leave the browser holding an id that the
    database may give to the next new user. A guest found by the key is committed already.
    """
    for _attempt in range(3):
        key = _guest_key()
        found = db.session.scalar(select(User).where(User.guest_key == key))
        if found is not None and is_guest(found):
            remember(found)
            return found
        if found is not None:  # that guest has signed in since: a key never signs anyone in
            session[GUEST_KEY] = secrets.token_hex(16)
            continue
        user = User(display_name=pseudonyms.new_name(), guest_key=key)
        try:
            with db.session.begin_nested():
                db.session.add(user)
        except IntegrityError:
            continue  # a concurrent action of this browser made it first: read it again
        g.setdefault(NEW_GUEST_KEY, user.id)
        after_commit(db.session(), partial(_remember_id, user.id))
        return user
    raise RuntimeError("no guest could be made or found for this browser's key")


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
    try:
        with db.session.begin_nested():
            db.session.add(profile)
            # Before the flush: the row is written with its origin.
            fan_joined.send(current_app._get_current_object(), profile=profile)
    except IntegrityError:
        # The same person joined in a concurrent request, which committed first: theirs counts.
        found = profile_of(brand, user)
        if found is None:
            raise
        return found
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


def retry_on_conflict(view):
    """A fan view whose work ends with its commit, run again whole after a conflict
    (app.conflicts.retrying)."""

    @wraps(view)
    def retried(*args, **kwargs):
        # A guest the rolled-back attempt made is gone with it: the next attempt makes one.
        return retrying(lambda: view(*args, **kwargs), reset=lambda: g.pop(NEW_GUEST_KEY, None))

    return retried
