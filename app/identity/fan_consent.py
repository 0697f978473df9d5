"""Marketing consent: the brand's current text, asking again when it changes, the fan's choice.

Playing never depends on it. Each choice is a new ConsentRecord naming the text version;
the profile keeps the current state. Withdrawing is one button, like granting. "Not now"
records nothing: this browser is simply not asked again about that version of the text.
"""

from blinker import Namespace
from flask import current_app, session
from sqlalchemy import select

from app.extensions import db
from app.models import ConsentRecord, ConsentText, FanProfile, utcnow

LATER_KEY = "fan_consent_later"

# Sent inside the choice's transaction, once flushed, when a fan agrees to marketing, with
# the sender the app and the keyword `profile`: analytics counts the opt-in after commit.
marketing_consent_given = Namespace().signal("marketing-consent-given")


def current_text(brand) -> ConsentText | None:
    return db.session.scalar(
        select(ConsentText)
        .where(ConsentText.brand_id == brand.id)
        .order_by(ConsentText.created_at.desc(), ConsentText.id.desc())
        .limit(1)
    )


def needs_answer(profile: FanProfile | None, text: ConsentText | None) -> bool:
    """True when the fan has not answered the brand's current consent text."""
    return profile is not None and text is not None and profile.consent_version != text.version


def put_off(brand, text: ConsentText) -> None:
    """The fan answered "not now": stop asking in this browser until the text changes."""
    later = dict(session.get(LATER_KEY) or {})
    later[str(brand.id)] = text.version
    session[LATER_KEY] = later


def is_put_off(brand, text: ConsentText | None) -> bool:
    return text is not None and (session.get(LATER_KEY) or {}).get(str(brand.id)) == text.version


def text_changed(profile: FanProfile | None, text: ConsentText | None) -> bool:
    """True when the fan answered an older version: they are asked again, and told why."""
    return needs_answer(profile, text) and profile.consent_version is not None


def record_choice(profile: FanProfile, text: ConsentText, granted: bool) -> ConsentRecord:
    """The fan's answer to this version of the text; flushes."""
    now = utcnow()
    entry = ConsentRecord(
        fan_id=profile.id,
        purpose="marketing",
        text_version=text.version,
        granted=granted,
        created_at=now,
    )
    db.session.add(entry)
    profile.marketing_consent = granted
    profile.marketing_consent_at = now if granted else None
    profile.consent_version = text.version
    db.session.flush()
    if granted:
        marketing_consent_given.send(current_app._get_current_object(), profile=profile)
    return entry


def withdraw(profile: FanProfile) -> ConsentRecord | None:
    """Stop marketing; recorded against the version the fan had agreed to."""
    if not profile.marketing_consent:
        return None
    entry = ConsentRecord(
        fan_id=profile.id,
        purpose="marketing",
        text_version=profile.consent_version or "",
        granted=False,
        created_at=utcnow(),
    )
    db.session.add(entry)
    profile.marketing_consent = False
    profile.marketing_consent_at = None
    db.session.flush()
    return entry
