"""The brand's marketing consent text: every change is a new version, old ones stay.

The current text is the newest version (highest id); a fan's consent records the version
they accepted, so the history shows how many fans accepted each one.
"""

from sqlalchemy import func, select

from app.console.services import Invalid, lock_brand
from app.extensions import db
from app.models import Brand, ConsentRecord, ConsentText, FanProfile

BODY_MAX = 5000


def normalise_body(body: str) -> str:
    """Line endings and outer blank space are not a change of wording."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def current_text(brand: Brand) -> ConsentText | None:
    return db.session.scalar(
        select(ConsentText)
        .where(ConsentText.brand_id == brand.id)
        .order_by(ConsentText.id.desc())
        .limit(1)
    )


def save_text(brand: Brand, body: str) -> ConsentText | None:
    """A new version when the wording changed; None when it is the same as the current one."""
    body = normalise_body(body)
    if not body:
        raise Invalid({"body": "Write the text fans agree to when they opt in to marketing."})
    if len(body) > BODY_MAX:
        raise Invalid({"body": f"Keep it under {BODY_MAX} characters."})
    # Two editors saving at once must not both become the same version number.
    lock_brand(brand.id)
    current = current_text(brand)
    if current is not None and current.body == body:
        return None
    taken = set(
        db.session.scalars(select(ConsentText.version).where(ConsentText.brand_id == brand.id))
    )
    number = len(taken) + 1
    while f"v{number}" in taken:
        number += 1
    text = ConsentText(brand_id=brand.id, version=f"v{number}", body=body)
    db.session.add(text)
    db.session.flush()
    return text


def history(brand: Brand) -> list[tuple[ConsentText, int]]:
    """Every version, newest first, with how many fans of the brand accepted it."""
    rows = db.session.execute(
        select(ConsentRecord.text_version, func.count(func.distinct(ConsentRecord.fan_id)))
        .join(FanProfile, FanProfile.id == ConsentRecord.fan_id)
        .where(
            FanProfile.brand_id == brand.id,
            ConsentRecord.purpose == "marketing",
            ConsentRecord.granted.is_(True),
        )
        .group_by(ConsentRecord.text_version)
    )
    accepted = {version: count for version, count in rows}
    texts = db.session.scalars(
        select(ConsentText).where(ConsentText.brand_id == brand.id).order_by(ConsentText.id.desc())
    )
    return [(text, accepted.get(text.version, 0)) for text in texts]
